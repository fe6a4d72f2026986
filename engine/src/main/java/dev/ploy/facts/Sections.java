package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A probe's output split into sections, each introduced by a line {@code @@name}: modules probe a
 * target with one script printing several sections, in one round trip.
 */
public final class Sections {
  private final Map<String, List<String>> sections;

  private Sections(Map<String, List<String>> sections) {
    this.sections = sections;
  }

  public static Sections parse(String output) {
    return parse(output, "@@");
  }

  /**
   * Sections introduced by {@code mark} and a name ({@code @@ploy:passwd}): a longer mark where the
   * sections hold what users wrote (account names, comments), which may start with "@@".
   */
  public static Sections parse(String output, String mark) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : output.split("\n", -1)) {
      if (line.startsWith(mark) && line.substring(mark.length()).matches("[a-z-]+")) {
        current = new ArrayList<>();
        sections.put(line.substring(mark.length()), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return new Sections(sections);
  }

  public boolean has(String name) {
    return sections.containsKey(name);
  }

  /** The section's lines, the trailing empty line (from the final newline) dropped. */
  public List<String> lines(String name) {
    List<String> lines = new ArrayList<>(sections.getOrDefault(name, List.of()));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** The section's text, each line ending with a newline. */
  public String text(String name) {
    StringBuilder text = new StringBuilder();
    for (String line : lines(name)) {
      text.append(line).append('\n');
    }
    return text.toString();
  }

  /** The first line of the section, or "" when it is missing or empty. */
  public String first(String name) {
    List<String> lines = lines(name);
    return lines.isEmpty() ? "" : lines.get(0).strip();
  }
}
