package dev.ploy.cli;

import dev.ploy.vault.Vault;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of -e, as ansible-playbook reads them: {@code k=v k2="a b"}, {@code @file.yml}, or a
 * JSON/YAML mapping. Later ones override earlier ones.
 */
final class ExtraVars {
  private ExtraVars() {}

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
