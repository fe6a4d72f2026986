package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Filters on strings: case, whitespace, replace, regex, split, paths and shell quoting. */
final class TextFilters {
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

  private TextFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("lower", a -> a.inputString().toLowerCase(Locale.ROOT));
    f.put("upper", a -> a.inputString().toUpperCase(Locale.ROOT));
    f.put("capitalize", a -> capitalize(a.inputString()));
    f.put("title", a -> title(a.inputString()));
    f.put("indent", TextFilters::indent);
    f.put("trim", a -> strip(a.inputString(), a.string(0, "chars", null), true, true));
    f.put(
        "replace",
        a ->
            replace(
                a.inputString(),
                a.string(0, "old", ""),
                a.string(1, "new", ""),
                a.integer(2, "count", -1)));
    f.put("regex_replace", TextFilters::regexReplace);
    f.put("regex_search", TextFilters::regexSearch);
    f.put("regex_findall", TextFilters::regexFindall);
    f.put("regex_escape", a -> regexEscape(a.inputString()));
    f.put(
        "split",
        a -> split(a.inputString(), a.string(0, "sep", null), a.integer(1, "maxsplit", -1)));
    f.put("basename", a -> basename(a.inputString()));
    f.put("dirname", a -> dirname(a.inputString()));
    f.put("quote", a -> quote(a.inputString()));
    f.put("string", a -> a.inputString());
    f.put(
        "format",
        a ->
            Printf.format(a.inputString(), a.keywords().isEmpty() ? a.positional() : a.keywords()));
  }

  static String capitalize(String s) {
    return s.isEmpty()
        ? s
        : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  static String title(String s) {
    StringBuilder sb = new StringBuilder();
    boolean start = true;
    for (char c : s.toCharArray()) {
      sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = !Character.isLetterOrDigit(c) && c != '\'';
    }
    return sb.toString();
  }

  static String strip(String s, String chars, boolean left, boolean right) {
    int b = 0;
    int e = s.length();
    while (left
        && b < e
        && (chars == null
            ? Character.isWhitespace(s.charAt(b))
            : chars.indexOf(s.charAt(b)) >= 0)) {
      b++;
    }
    while (right
        && e > b
        && (chars == null
            ? Character.isWhitespace(s.charAt(e - 1))
            : chars.indexOf(s.charAt(e - 1)) >= 0)) {
      e--;
    }
    return s.substring(b, e);
  }

  static String replace(String s, String old, String replacement, int count) {
    if (count < 0) {
      return s.replace(old, replacement);
    }
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (int n = 0; n < count; n++) {
      int at = s.indexOf(old, from);
      if (at < 0 || old.isEmpty()) {
        break;
      }
      sb.append(s, from, at).append(replacement);
      from = at + old.length();
    }
    return sb.append(s.substring(from)).toString();
  }

  /** Python's str.split: without a separator, splits on runs of whitespace. */
  static List<Object> split(String s, String sep, int maxsplit) {
    List<Object> out = new ArrayList<>();
    if (sep == null) {
      String rest = s.strip();
      while (!rest.isEmpty()) {
        if (maxsplit >= 0 && out.size() == maxsplit) {
          out.add(rest);
          return out;
        }
        int i = 0;
        while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
          i++;
        }
        out.add(rest.substring(0, i));
        rest = rest.substring(i).stripLeading();
      }
      return out;
    }
    if (sep.isEmpty()) {
      throw new EvalError("empty separator");
    }
    int from = 0;
    while (maxsplit < 0 || out.size() < maxsplit) {
      int at = s.indexOf(sep, from);
      if (at < 0) {
        break;
      }
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  /** Python's re.escape: a backslash before each character that means something in a pattern. */
  private static String regexEscape(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static PyPattern pattern(Args a, int index) {
    return PyPatterns.compile(
        a.string(index, "pattern", ""),
        a.bool(99, "ignorecase", false),
        a.bool(99, "multiline", false));
  }

  private static Object regexReplace(Args a) {
    PyPattern pattern = pattern(a, 0);
    String replacement = a.string(1, "replacement", "");
    int count = a.integer(2, "count", 0);
    String input = a.inputString();
    Matcher m = pattern.matcher(input);
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (int n = 0; (count <= 0 || n < count) && m.find(); n++) {
      out.append(input, last, m.start()).append(PyPatterns.expand(pattern, m, replacement));
      last = m.end();
    }
    return out.append(input, last, input.length()).toString();
  }

  /** The match, or with group arguments ({@code '\\1'}, {@code '\\g<name>'}) a list of groups. */
  private static Object regexSearch(Args a) {
    PyPattern pattern = pattern(a, 0);
    Matcher m = pattern.matcher(a.inputString());
    if (!m.find()) {
      return null;
    }
    List<Object> groups =
        a.positional().subList(Math.min(1, a.positional().size()), a.positional().size());
    if (groups.isEmpty()) {
      return m.group();
    }
    List<Object> out = new ArrayList<>();
    for (Object g : groups) {
      String ref = Values.str(g);
      if (ref.startsWith("\\g<") && ref.endsWith(">")) {
        out.add(PyPatterns.group(pattern, m, ref.substring(3, ref.length() - 1)));
      } else if (ref.startsWith("\\")) {
        out.add(PyPatterns.group(pattern, m, ref.substring(1)));
      } else {
        throw new EvalError("regex_search: unknown group reference '" + ref + "'");
      }
    }
    return out;
  }

  private static Object regexFindall(Args a) {
    Matcher m = pattern(a, 0).matcher(a.inputString());
    List<Object> out = new ArrayList<>();
    while (m.find()) {
      if (m.groupCount() == 0) {
        out.add(m.group());
      } else if (m.groupCount() == 1) {
        out.add(m.group(1) == null ? "" : m.group(1));
      } else {
        List<Object> groups = new ArrayList<>();
        for (int i = 1; i <= m.groupCount(); i++) {
          groups.add(m.group(i) == null ? "" : m.group(i));
        }
        out.add(groups);
      }
    }
    return out;
  }

  /** Like Python's os.path.basename: the text after the last slash. */
  static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Like Python's os.path.dirname: the text before the last slash, trailing slashes removed. */
  static String dirname(String path) {
    int i = path.lastIndexOf('/') + 1;
    String head = path.substring(0, i);
    if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
      head = head.replaceAll("/+$", "");
    }
    return head;
  }

  /** POSIX shell quoting like Python's shlex.quote. */
  static String quote(String s) {
    if (s.isEmpty()) {
      return "''";
    }
    if (SHELL_SAFE.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  /**
   * Jinja's indent: every line but the first (unless first=true) indented; blank lines kept bare.
   */
  private static Object indent(Args a) {
    Object width = a.get(0, "width", 4);
    String indention = width instanceof String w ? w : " ".repeat(Values.big(width).intValue());
    boolean first = a.bool(1, "first", false);
    boolean blank = a.bool(2, "blank", false);
    List<String> lines = new ArrayList<>((a.inputString() + "\n").lines().toList());
    StringBuilder sb = new StringBuilder(lines.remove(0));
    for (String line : lines) {
      sb.append('\n').append(line.isEmpty() && !blank ? "" : indention + line);
    }
    return first ? indention + sb : sb.toString();
  }
}
