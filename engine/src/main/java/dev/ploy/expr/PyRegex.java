package dev.ploy.expr;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Python regular expressions and replacement strings translated to java.util.regex. */
final class PyRegex {
  private PyRegex() {}

  static Pattern compile(String pattern, boolean ignoreCase, boolean multiline) {
    String java = pattern.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
    int flags =
        (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
            | (multiline ? Pattern.MULTILINE : 0);
    try {
      return Pattern.compile(java, flags);
    } catch (PatternSyntaxException e) {
      throw new EvalError("bad regular expression '" + pattern + "': " + e.getDescription());
    }
  }

  /**
   * Python's {@code \1}, {@code \g<1>} and {@code \g<name>} to Java's {@code $1}, {@code ${name}}.
   */
  static String replacement(String python) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < python.length(); i++) {
      char c = python.charAt(i);
      if (c == '$') {
        sb.append("\\$");
      } else if (c == '\\' && i + 1 < python.length()) {
        char n = python.charAt(i + 1);
        if (Character.isDigit(n)) {
          int j = i + 1;
          while (j < python.length() && j < i + 3 && Character.isDigit(python.charAt(j))) {
            j++;
          }
          sb.append('$').append(python, i + 1, j);
          i = j - 1;
        } else if (n == 'g' && i + 2 < python.length() && python.charAt(i + 2) == '<') {
          int end = python.indexOf('>', i + 3);
          if (end < 0) {
            throw new EvalError("bad group reference in replacement '" + python + "'");
          }
          String group = python.substring(i + 3, end);
          sb.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
          i = end;
        } else if (n == 'n') {
          sb.append('\n');
          i++;
        } else if (n == 't') {
          sb.append('\t');
          i++;
        } else if (n == '\\') {
          sb.append("\\\\");
          i++;
        } else {
          sb.append("\\\\");
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
