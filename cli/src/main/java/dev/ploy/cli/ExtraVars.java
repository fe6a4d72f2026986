package dev.ploy.cli;

import dev.ploy.vault.Vault;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of -e, as ansible-playbook reads them: {@code k=v k2="a b"}, {@code @file.yml}, or a
 * JSON/YAML mapping. Later ones override earlier ones.
 */
final class ExtraVars {
  private ExtraVars() {}

  /** What a plan file keeps in place of an -e value written on the command line. */
  static final String WITHHELD = "(withheld: give it again to ploy apply)";

  /**
   * {@code arguments} with each -e value written on the command line replaced by {@link #WITHHELD}:
   * such values are often secrets (a password given with -e), and a plan file must not keep them.
   * An {@code @file} stays: the file is read again when the plan is applied.
   */
  static List<String> withheld(List<String> arguments) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String arg = arguments.get(i);
      String value;
      if ((arg.equals("-e") || arg.equals("--extra-vars")) && i + 1 < arguments.size()) {
        value = arguments.get(++i);
      } else if (arg.startsWith("--extra-vars=")) {
        value = arg.substring("--extra-vars=".length());
      } else if (arg.startsWith("-e") && arg.length() > 2) {
        value = arg.substring(2);
      } else {
        kept.add(arg);
        continue;
      }
      kept.add("-e");
      kept.add(value.startsWith("@") ? value : WITHHELD);
    }
    return kept;
  }

  /**
   * A plan's arguments with its withheld -e values given again, in order.
   *
   * @throws UsageException when as many values as were withheld are not given
   */
  static List<String> restored(List<String> arguments, List<String> given) throws UsageException {
    long withheld = arguments.stream().filter(WITHHELD::equals).count();
    if (withheld != given.size()) {
      throw new UsageException(
          "the plan was made with "
              + withheld
              + " -e value(s) written on the command line, which a plan file does not keep (they"
              + " may be secrets); "
              + given.size()
              + " given: give them again in the same order, as 'ploy apply PLAN -e VALUE...'");
    }
    Iterator<String> values = given.iterator();
    return arguments.stream().map(arg -> WITHHELD.equals(arg) ? values.next() : arg).toList();
  }

  static Map<String, Object> parse(List<String> values, Vault vault) throws UsageException {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String value : values) {
      vars.putAll(parseOne(value.trim(), vault));
    }
    return vars;
  }

  private static Map<String, Object> parseOne(String value, Vault vault) throws UsageException {
    if (value.startsWith("@")) {
      Path file = Path.of(value.substring(1));
      try {
        return mapping(YamlReader.read(file, vault), "-e " + value);
      } catch (YamlException e) {
        throw new UsageException("-e " + value + ": " + e.getMessage());
      }
    }
    if (value.startsWith("{") || value.startsWith("---")) {
      try {
        return mapping(YamlReader.parse(null, value), "-e");
      } catch (YamlException e) {
        throw new UsageException("-e: not valid JSON or YAML: " + e.getMessage());
      }
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    Map<String, Object> parsed = dev.ploy.playbook.FreeFormArgs.parse(value, false, null);
    Object problem = parsed.remove("");
    if (problem != null) {
      throw new UsageException(
          "-e takes key=value pairs, @file.yml, or a JSON mapping; cannot read: " + value);
    }
    vars.putAll(parsed);
    return vars;
  }

  private static Map<String, Object> mapping(YamlDocument doc, String what) throws UsageException {
    if (doc.root() == null) {
      return Map.of();
    }
    if (!(doc.root() instanceof Map<?, ?> map)) {
      throw new UsageException(what + ": extra vars must be a mapping of names to values");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    map.forEach((k, v) -> vars.put(String.valueOf(k), v));
    return vars;
  }
}
