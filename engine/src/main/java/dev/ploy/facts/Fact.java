package dev.ploy.facts;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One thing known about a host: a shell command and the parser of its output into a small typed
 * value, as pyinfra's facts are. A host's facts are read through its {@link FactCache}, once per
 * run, and shared by every module that needs them; {@code restsOn} names what, when a module
 * changes it, makes the value stale.
 *
 * @param name the fact's name, also its section in a probe script: lowercase letters and '-'
 * @param command POSIX shell, run by /bin/sh; its stderr is the command's own business
 * @param parser the value, from the command's non-empty output lines
 * @param restsOn what a module may change under the fact (installing packages, the host name)
 */
public record Fact<T>(
    String name, String command, Function<List<String>, T> parser, Set<Basis> restsOn) {

  /** What a fact rests on: a module that changes one drops the facts resting on it. */
  public enum Basis {
    /** The installed packages (apt, dpkg): which package manager and init system are there. */
    PACKAGES,
    /** The host's name (the hostname module). */
    HOSTNAME,
    /** The host's time zone (the timezone module). */
    TIMEZONE
  }

  public Fact {
    if (!name.matches("[a-z]+(-[a-z]+)*")) {
      throw new IllegalArgumentException("a fact's name is lowercase words joined by '-': " + name);
    }
    restsOn = Set.copyOf(restsOn);
  }

  public static <T> Fact<T> of(
      String name, String command, Function<List<String>, T> parser, Basis... restsOn) {
    return new Fact<>(name, command, parser, Set.of(restsOn));
  }

  /**
   * Shell that prints the lines of the file at {@code path} (a constant path, not quoted) with the
   * shell's own builtins, so reading it starts no process on the target (a fact is cheaper than
   * {@code cat}); its status is 1 when the file cannot be read. {@code filter}, a {@code case}
   * pattern such as {@code 'MemTotal:*|MemFree:*'}, keeps only the lines it matches ({@code *}:
   * all).
   */
  static String lines(String path, String filter) {
    return "{ [ -r "
        + path
        + " ] && while IFS= read -r l || [ -n \"$l\" ]; do case $l in "
        + filter
        + ") printf '%s\\n' \"$l\";; esac; done < "
        + path
        + "; }";
  }

  /** {@link #lines(String, String)}, each line after {@code prefix} and a space. */
  static String prefixedLines(String path, String prefix) {
    return "{ [ -r "
        + path
        + " ] && while IFS= read -r l || [ -n \"$l\" ]; do printf '"
        + prefix
        + " %s\\n' \"$l\"; done < "
        + path
        + "; }";
  }

  T parse(List<String> lines) {
    return parser.apply(lines);
  }

  /** The first line of the output, stripped, or "" when there is none. */
  static String first(List<String> lines) {
    return line(lines, 0);
  }

  /** The line at {@code index}, stripped, or "" when there is none. */
  static String line(List<String> lines, int index) {
    return lines.size() <= index ? "" : lines.get(index).strip();
  }

  /**
   * The value of the first line written {@code key=value}, stripped, or "" when there is none: for
   * a fact whose command prints several values, some of which may be empty or missing.
   */
  static String keyed(List<String> lines, String key) {
    return lines.stream()
        .filter(line -> line.startsWith(key + "="))
        .findFirst()
        .map(line -> line.substring(key.length() + 1).strip())
        .orElse("");
  }

  /** Whether a line is written {@code key=value}. */
  static boolean hasKey(List<String> lines, String key) {
    return lines.stream().anyMatch(line -> line.startsWith(key + "="));
  }

  static int parseInt(String text, int fallback) {
    try {
      return text == null ? fallback : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
