package dev.ploy.modules.files;

import dev.ploy.expr.PyPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * find's selection rules, as Ansible applies them: name patterns (shell globs or regular
 * expressions on the base name), age and size thresholds (negative: at most).
 */
final class FindFilters {
  private static final Pattern AGE = Pattern.compile("(-?\\d+)([smhdw])?");
  private static final Pattern SIZE = Pattern.compile("(-?\\d+)([bkmgt])?");

  private final List<Predicate<String>> patterns;
  private final List<Predicate<String>> excludes;

  private FindFilters(List<Predicate<String>> patterns, List<Predicate<String>> excludes) {
    this.patterns = patterns;
    this.excludes = excludes;
  }

  /** Compiles the patterns; throws IllegalArgumentException naming the bad one. */
  static FindFilters names(List<String> patterns, List<String> excludes, boolean regex) {
    return new FindFilters(compile(patterns, regex), compile(excludes, regex));
  }

  /**
   * A regular expression is Python's (translated by {@link PyPattern}) and must match from the
   * name's start, as Python's re.match does; a glob matches the whole name.
   */
  private static List<Predicate<String>> compile(List<String> given, boolean regex) {
    List<Predicate<String>> compiled = new ArrayList<>();
    for (String p : given) {
      if (regex) {
        PyPattern python = PyPattern.compile(p, 0, true, "find pattern");
        compiled.add(name -> python.matcher(name).lookingAt());
        continue;
      }
      try {
        Pattern glob = Pattern.compile(glob(p), Pattern.DOTALL);
        compiled.add(name -> glob.matcher(name).lookingAt());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid pattern '" + p + "': " + e.getDescription());
      }
    }
    return compiled;
  }

  /** Whether a base name is selected: it matches a pattern (or there are none) and no exclude. */
  boolean selects(String name) {
    boolean included = patterns.isEmpty() || patterns.stream().anyMatch(p -> p.test(name));
    return included && excludes.stream().noneMatch(p -> p.test(name));
  }

  /** A shell glob (fnmatch: *, ?, [seq], [!seq]) as a regular expression matching whole names. */
  static String glob(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i++);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && glob.charAt(j) == '!') {
          j++;
        }
        if (j < n && glob.charAt(j) == ']') {
          j++;
        }
        while (j < n && glob.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          re.append("\\[");
        } else {
          String set = glob.substring(i, j);
          i = j + 1;
          StringBuilder cls = new StringBuilder("[");
          int k = 0;
          if (set.startsWith("!")) {
            cls.append('^');
            k = 1;
          }
          for (; k < set.length(); k++) {
            char s = set.charAt(k);
            if (s == '\\' || s == '[' || s == ']' || s == '&' || s == '~' || s == '^') {
              cls.append('\\');
            }
            cls.append(s);
          }
          re.append(cls).append(']');
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.append("\\z").toString();
  }

  /** An age like "2d", "-1w", "30" (seconds) in seconds; negative means "at most". */
  static long age(String text) {
    Matcher m = AGE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "failed to process age '"
              + text
              + "': use a number with s, m, h, d or w, like 2d or -1w");
    }
    long unit =
        switch (m.group(2) == null ? "s" : m.group(2)) {
          case "m" -> 60;
          case "h" -> 3600;
          case "d" -> 86400;
          case "w" -> 604800;
          default -> 1;
        };
    return Long.parseLong(m.group(1)) * unit;
  }

  /** A size like "10m", "-1k", "512" (bytes) in bytes; negative means "at most". */
  static long size(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "failed to process size '" + text + "': use a number with b, k, m, g or t, like 10m");
    }
    long unit =
        switch (m.group(2) == null ? "b" : m.group(2)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          case "t" -> 1L << 40;
          default -> 1;
        };
    return Long.parseLong(m.group(1)) * unit;
  }

  /** Ansible's rule: a non-negative threshold means at least, a negative one at most. */
  static boolean atLeastOrAtMost(double value, long threshold) {
    return threshold >= 0 ? value >= threshold : value <= -threshold;
  }

  /**
   * contains as one expression for grep -P, which reads a newline in its pattern as the start of
   * another pattern: each newline is written {@code \n}. With read_whole_file (grep -Pz), Python's
   * '$' also matches before the file's last newline, grep's only at the very end, so each '$'
   * outside a character class becomes that; without it, the match starts each line, as Python's
   * re.match.
   */
  static String grepExpression(String regex, boolean wholeFile) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        char escaped = regex.charAt(++i);
        out.append(c).append(escaped == '\n' ? 'n' : escaped);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (inClass) {
        inClass = c != ']';
        out.append(c);
      } else if (c == '[') {
        inClass = true;
        out.append(c);
        if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
          out.append(regex.charAt(++i));
        }
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          out.append(regex.charAt(++i)); // a ']' first in a class is literal
        }
      } else {
        out.append(c == '$' && wholeFile ? "(?=\\n?\\z)" : String.valueOf(c));
      }
    }
    return wholeFile ? out.toString() : "^(?:" + out + ")";
  }
}
