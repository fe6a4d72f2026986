package dev.ploy.modules.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code apt-get -s} says a command would do: every package installed, upgraded, removed or
 * purged, with its version before and after, dependencies included.
 */
record AptSimulation(List<Step> steps) {

  /**
   * One package's change.
   *
   * @param before the installed version, null when not installed
   * @param after the version after, null when it is removed
   */
  record Step(String action, String name, String before, String after) {}

  // Inst tree (2.1.0-1 Debian:12.5/stable [amd64])
  // Inst libc6 [2.36-9] (2.36-9+deb12u4 Debian-Security:12/stable-security [amd64]) []
  // Remv tree [2.1.0-1]
  // Purg tree [2.1.0-1]
  private static final Pattern LINE =
      Pattern.compile("^(Inst|Remv|Purg) (\\S+)(?: \\[([^\\]]*)\\])?(?: \\((\\S+)[^)]*\\))?.*$");

  static AptSimulation parse(String stdout) {
    Map<String, Step> steps = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(2);
      String before = m.group(3);
      String after = m.group(4);
      switch (m.group(1)) {
        case "Inst" ->
            steps.put(name, new Step(before == null ? "install" : "upgrade", name, before, after));
        case "Remv" -> steps.putIfAbsent(name, new Step("remove", name, before, null));
        default -> steps.put(name, new Step("purge", name, before, null));
      }
    }
    return new AptSimulation(new ArrayList<>(steps.values()));
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  Step step(String name) {
    for (Step step : steps) {
      if (step.name().equals(name) || AptState.bare(step.name()).equals(AptState.bare(name))) {
        return step;
      }
    }
    return null;
  }
}
