package dev.ploy.facts;

import dev.ploy.connection.ShellQuote;
import dev.ploy.expr.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ansible_local: the host's own facts, one per {@code *.fact} file of the fact path (default
 * /etc/ansible/facts.d), under the file's name without ".fact", as ansible-core 2.14's setup module
 * reads them. A file its owner may execute is run on the target and its standard output read; any
 * other file is read. Either text is JSON, or else INI (as Python's ConfigParser reads it); what is
 * neither, or a script that fails, becomes an error text in place of the fact, and a warning.
 *
 * <p>Nothing of it is evaluated on the control node: the text is parsed as data only. One
 * difference from Ansible: a fact Ansible cannot start at all (an executable directory) fails its
 * whole setup task; here it is an error text and a warning like any other.
 *
 * @param facts the facts by name, in the order of their files' paths; empty when {@code failed}
 * @param warnings what Ansible warns about, in order
 * @param failed Ansible's collector failed: an INI value names an option there is none of, or is
 *     otherwise bad interpolation; Ansible then gives no ansible_local at all
 */
public record Local(Map<String, Object> facts, List<String> warnings, boolean failed) {
  /** Where Ansible looks by default. */
  public static final String DEFAULT_PATH = "/etc/ansible/facts.d";

  /** The facts of the default fact path. */
  public static final Fact<Local> FACT = fact(DEFAULT_PATH);

  private static final String FILE = "@file ";
  private static final String EXECUTABLE = "@exec";
  private static final String CANNOT_RUN = "@cannot-run";
  private static final String MISSING = "@missing";
  private static final String RC = "@rc ";

  public Local {
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    warnings = List.copyOf(warnings);
  }

  /**
   * The facts of {@code path}: one line "@file NAME" per {@code *.fact} there (its name only: a
   * directory's name may hold a newline), then, for a file its owner may execute, "@exec", its
   * standard output ('|' before each line), its error output ('!' before each line) and "@rc N";
   * for any other, its lines ('|' before each). Read with the shell's builtins but one {@code find}
   * per file (the owner's execute bit, as Ansible tests it).
   */
  public static Fact<Local> fact(String path) {
    String prefix = "while IFS= read -r l || [ -n \"$l\" ]; do printf '%s%s\\n' ";
    return Fact.of(
        "local",
        "d="
            + ShellQuote.quote(ShellQuote.operand(path))
            + "; for f in \"$d\"/*.fact; do [ -e \"$f\" ] || [ -L \"$f\" ] || continue;"
            + " printf '"
            + FILE
            + "%s\\n' \"${f##*/}\"; if [ ! -e \"$f\" ]; then echo "
            + MISSING
            + "; elif [ -n \"$(find \"$f\" -prune -perm -u+x 2>/dev/null)\" ]; then echo "
            + EXECUTABLE
            + "; if [ -d \"$f\" ]; then echo "
            + CANNOT_RUN
            + "; else { { { \"$f\" </dev/null 5>&- 6>&-; echo \""
            + RC
            + "$?\" >&6; } 2>&1 1>&5 | "
            + prefix
            + "'!' \"$l\"; done >&6; } 5>&1 | "
            + prefix
            + "'|' \"$l\"; done; } 6>&1; fi; elif [ -r \"$f\" ] && [ ! -d \"$f\" ]; then "
            + prefix
            + "'|' \"$l\"; done < \"$f\"; fi; done",
        lines -> parse(path, lines));
  }

  /**
   * The facts from the output of {@link #fact}'s command for {@code path}; the files named as
   * Python's glob names them, {@code path + "/" + name}.
   */
  static Local parse(String path, List<String> lines) {
    // Ansible takes the files in the order of their paths (Python's sorted, by code point)
    Map<String, List<String>> files = new TreeMap<>();
    List<String> current = null;
    for (String line : lines) {
      if (line.startsWith(FILE)) {
        current = new ArrayList<>();
        files.put(path + "/" + line.substring(FILE.length()), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, List<String>> file : files.entrySet()) {
      String name = file.getKey().substring(path.length() + 1).replace(".fact", "");
      try {
        // a later file of the same name takes the earlier one's place, as in Ansible
        facts.put(name, fact(file.getKey(), file.getValue(), warnings));
      } catch (Ini.InterpolationException e) {
        return new Local(Map.of(), warnings, true);
      }
    }
    return new Local(facts, warnings, false);
  }

  /** One file's fact (JSON's null a file may hold is null), or its error text, warned about. */
  private static Object fact(String path, List<String> lines, List<String> warnings) {
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    boolean executable = false;
    String rc = "";
    for (String line : lines) {
      if (line.equals(MISSING)) {
        return warned(
            "Could not stat fact ("
                + path
                + "): [Errno 2] No such file or directory: '"
                + path
                + "'",
            warnings);
      } else if (line.equals(CANNOT_RUN)) {
        return warned(
            "Could not execute fact script (" + path + "): [Errno 13] Permission denied", warnings);
      } else if (line.equals(EXECUTABLE)) {
        executable = true;
      } else if (line.startsWith(RC)) {
        rc = line.substring(RC.length()).strip();
      } else if (line.startsWith("|")) {
        out.append(line, 1, line.length()).append('\n');
      } else if (line.startsWith("!")) {
        err.append(line, 1, line.length()).append('\n');
      }
    }
    if (executable && !rc.equals("0")) {
      return warned(
          "Failure executing fact script (" + path + "), rc: " + rc + ", err: " + err, warnings);
    }
    String text = out.toString();
    if (executable && text.indexOf('\uFFFD') >= 0) {
      return warned(
          "error loading fact - output of running \"" + path + "\" was not utf-8", warnings);
    }
    try {
      return Json.parse(text);
    } catch (IllegalArgumentException notJson) {
      try {
        return Ini.parse(text);
      } catch (Ini.SyntaxException notIni) {
        return warned(
            "error loading facts as JSON or ini - please check content: " + path, warnings);
      }
    }
  }

  private static String warned(String message, List<String> warnings) {
    warnings.add(message);
    return message;
  }
}
