package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The target's Python, when it has one (ploy needs none), described as Ansible describes the
 * interpreter that ran its fact module (ansible_python); read from {@code python3 --version}, its
 * output parsed as data only.
 */
public final class Python {
  private static final Pattern VERSION = Pattern.compile("Python (\\d+)\\.(\\d+)\\.(\\d+)");

  private Python() {}

  /** ansible_python, or an empty map when the host has no Python. */
  public static final Fact<Map<String, Object>> FACT =
      Fact.of(
          "python",
          "p=$(command -v python3 || command -v python) && echo \"$p\" && \"$p\" --version 2>&1",
          Python::parse,
          Fact.Basis.PACKAGES);

  private static Map<String, Object> parse(List<String> lines) {
    String executable = lines.isEmpty() ? "" : lines.get(0).strip();
    Matcher version = VERSION.matcher(lines.size() > 1 ? lines.get(1).strip() : "");
    if (executable.isEmpty() || !version.lookingAt()) {
      return Map.of();
    }
    List<Object> info = new ArrayList<>();
    for (int group = 1; group <= 3; group++) {
      info.add(Integer.parseInt(version.group(group)));
    }
    info.add("final");
    info.add(0);
    Map<String, Object> named = new LinkedHashMap<>();
    List.of("major", "minor", "micro", "releaselevel", "serial")
        .forEach(name -> named.put(name, info.get(named.size())));
    Map<String, Object> python = new LinkedHashMap<>();
    python.put("executable", executable);
    python.put("has_sslcontext", true);
    python.put("type", "cpython");
    python.put("version", named);
    python.put("version_info", info);
    return python;
  }

  /** ansible_python_version, "" without Python. */
  @SuppressWarnings("unchecked")
  public static String version(Map<String, Object> python) {
    if (python.isEmpty()) {
      return "";
    }
    Map<String, Object> v = (Map<String, Object>) python.get("version");
    return v.get("major") + "." + v.get("minor") + "." + v.get("micro");
  }
}
