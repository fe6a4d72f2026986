package dev.ploy.expr;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python regular expression (as Ansible's filters, tests and modules such as lineinfile and
 * replace take them) compiled with java.util.regex, and Python's replacement templates ({@code \1},
 * {@code \g<name>}) expanded against its matches. The one translation of Python's regular
 * expressions in ploy: the expression language and the modules both use it.
 *
 * <p>Translated: {@code (?P<name>...)} and {@code (?P=name)} (names Java refuses, such as those
 * with '_', are renamed), {@code \Z}, a '{' that is not a quantifier (literal in Python), '[' and
 * '&' inside a character class (literal in Python), a ']' first in a class, {@code {,n}} and {@code
 * (?#comments)}. Only '\n' ends a line, as in Python.
 *
 * <p>A pattern or template Python would refuse fails with an {@link IllegalArgumentException} whose
 * message says what is wrong and quotes the pattern.
 */
public final class PyPattern {
  private static final Pattern JAVA_GROUP_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
  private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,?)(\\d*)}");

  private final String source;
  private final Pattern pattern;
  private final Map<String, String> names;

  private PyPattern(String source, Pattern pattern, Map<String, String> names) {
    this.source = source;
    this.pattern = pattern;
    this.names = names;
  }

  /**
   * Compiles {@code python}; {@code unicode}: \w, \d, \s and case are Unicode-aware (Python str
   * patterns); otherwise ASCII-only, as Python's bytes patterns, which lineinfile uses.
   */
  public static PyPattern compile(String python, int extraFlags, boolean unicode, String what) {
    Map<String, String> names = new LinkedHashMap<>();
    String java = translate(python, names, what);
    int flags = Pattern.UNIX_LINES | extraFlags;
    if (unicode) {
      flags |= Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE;
    }
    try {
      return new PyPattern(python, Pattern.compile(java, flags), names);
    } catch (PatternSyntaxException e) {
      // Python's words for a quantifier with nothing before it, which users search messages for
      String reason =
          e.getDescription().startsWith("Dangling meta character")
              ? "nothing to repeat"
              : e.getDescription();
      throw new IllegalArgumentException(
          what + ": '" + python + "' is not a valid regular expression: " + reason);
    }
  }

  public String source() {
    return source;
  }

  public Matcher matcher(CharSequence text) {
    return pattern.matcher(text);
  }

  public boolean search(CharSequence text) {
    return pattern.matcher(text).find();
  }

  /** The Java name of a Python group name. */
  public String groupName(String python) {
    return names.getOrDefault(python, python);
  }

  private static String translate(String python, Map<String, String> names, String what) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    int classStart = -1;
    int n = python.length();
    for (int i = 0; i < n; i++) {
      char c = python.charAt(i);
      if (c == '\\') {
        if (i + 1 >= n) {
          throw new IllegalArgumentException(
              what + ": '" + python + "' ends with a lone backslash");
        }
        char next = python.charAt(i + 1);
        out.append(!inClass && next == 'Z' ? "\\z" : "\\" + next);
        i++;
        continue;
      }
      if (inClass) {
        if (c == ']' && i > classStart) {
          inClass = false;
          out.append(']');
        } else if (c == '[' || c == '&' || c == ']') {
          out.append('\\').append(c);
        } else {
          out.append(c);
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append('[');
        if (i + 1 < n && python.charAt(i + 1) == '^') {
          out.append('^');
          i++;
        }
        classStart = i + 1;
      } else if (c == '{') {
        Matcher q = QUANTIFIER.matcher(python).region(i, n);
        if (q.lookingAt() && !(q.group(1).isEmpty() && q.group(3).isEmpty())) {
          String min = q.group(1).isEmpty() ? "0" : q.group(1);
          out.append('{').append(min).append(q.group(2)).append(q.group(3)).append('}');
          i = q.end() - 1;
        } else {
          out.append("\\{");
        }
      } else if (python.startsWith("(?P<", i)) {
        int end = python.indexOf('>', i);
        if (end < 0) {
          throw new IllegalArgumentException(
              what + ": unterminated group name in '" + python + "'");
        }
        String name = python.substring(i + 4, end);
        out.append("(?<").append(javaName(name, names)).append('>');
        i = end;
      } else if (python.startsWith("(?P=", i)) {
        int end = python.indexOf(')', i);
        if (end < 0) {
          throw new IllegalArgumentException(
              what + ": unterminated group reference in '" + python + "'");
        }
        String name = python.substring(i + 4, end);
        if (!names.containsKey(name)) {
          throw new IllegalArgumentException(
              what + ": unknown group name '" + name + "' in '" + python + "'");
        }
        out.append("\\k<").append(names.get(name)).append('>');
        i = end;
      } else if (python.startsWith("(?#", i)) {
        int end = python.indexOf(')', i);
        if (end < 0) {
          throw new IllegalArgumentException(what + ": unterminated comment in '" + python + "'");
        }
        i = end;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String javaName(String python, Map<String, String> names) {
    String java = python;
    if (!JAVA_GROUP_NAME.matcher(python).matches()) {
      java = "pyGroup" + names.size() + python.replaceAll("[^a-zA-Z0-9]", "");
    }
    names.put(python, java);
    return java;
  }

  /**
   * Python's {@code match.expand(template)}: {@code \1}, {@code \g<1>}, {@code \g<name>} insert a
   * group (empty when it did not take part), {@code \n}, {@code \t} ... are escapes, {@code \\} is
   * a backslash, and other escapes of punctuation stay as written.
   */
  public String expand(Matcher match, String template) {
    StringBuilder out = new StringBuilder();
    int n = template.length();
    for (int i = 0; i < n; i++) {
      char c = template.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 >= n) {
        throw new IllegalArgumentException("bad escape (end of replacement) in '" + template + "'");
      }
      char e = template.charAt(i + 1);
      if (e == 'g') {
        int close = template.indexOf('>', i);
        if (i + 2 >= n || template.charAt(i + 2) != '<' || close < 0) {
          throw new IllegalArgumentException("missing group name after \\g in '" + template + "'");
        }
        String name = template.substring(i + 3, close);
        out.append(group(match, name, template));
        i = close;
      } else if (e == '0') {
        int j = i + 2;
        int value = 0;
        while (j < n && j < i + 4 && isOctal(template.charAt(j))) {
          value = value * 8 + template.charAt(j) - '0';
          j++;
        }
        out.append((char) value);
        i = j - 1;
      } else if (Character.isDigit(e) && e < 128) {
        if (i + 3 < n
            && isOctal(e)
            && isOctal(template.charAt(i + 2))
            && isOctal(template.charAt(i + 3))) {
          out.append((char) Integer.parseInt(template.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        }
        int j = i + 2;
        if (j < n && Character.isDigit(template.charAt(j)) && template.charAt(j) < 128) {
          j++;
        }
        out.append(group(match, template.substring(i + 1, j), template));
        i = j - 1;
      } else {
        String escape =
            switch (e) {
              case 'n' -> "\n";
              case 't' -> "\t";
              case 'r' -> "\r";
              case 'f' -> "\f";
              case 'v' -> "\u000b";
              case 'a' -> "\u0007";
              case 'b' -> "\b";
              case '\\' -> "\\";
              default -> null;
            };
        if (escape == null && (e < 128 && Character.isLetter(e))) {
          throw new IllegalArgumentException("bad escape \\" + e + " in '" + template + "'");
        }
        out.append(escape != null ? escape : "\\" + e);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The text of group {@code name} (a number or a Python group name) in {@code match}, empty when
   * the group did not take part.
   */
  public String group(Matcher match, String name) {
    return group(match, name, name);
  }

  private String group(Matcher match, String name, String template) {
    String value;
    if (!name.isEmpty() && name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      int index = Integer.parseInt(name);
      if (index > match.groupCount()) {
        throw new IllegalArgumentException(
            "invalid group reference " + index + " in '" + template + "'");
      }
      value = match.group(index);
    } else {
      if (!names.containsKey(name) && !JAVA_GROUP_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "unknown group name '" + name + "' in '" + template + "'");
      }
      try {
        value = match.group(groupName(name));
      } catch (IllegalArgumentException unknown) {
        throw new IllegalArgumentException(
            "unknown group name '" + name + "' in '" + template + "'");
      }
    }
    return value == null ? "" : value;
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }
}
