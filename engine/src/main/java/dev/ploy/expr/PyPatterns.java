package dev.ploy.expr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link PyPattern} as the filters and tests use it: Python's str patterns, errors as EvalError.
 */
final class PyPatterns {
  private PyPatterns() {}

  static PyPattern compile(String pattern, boolean ignoreCase, boolean multiline) {
    int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE : 0) | (multiline ? Pattern.MULTILINE : 0);
    try {
      return PyPattern.compile(pattern, flags, true, "regular expression");
    } catch (IllegalArgumentException e) {
      throw new EvalError(e.getMessage());
    }
  }

  static String expand(PyPattern pattern, Matcher match, String template) {
    try {
      return pattern.expand(match, template);
    } catch (IllegalArgumentException e) {
      throw new EvalError(e.getMessage());
    }
  }

  static String group(PyPattern pattern, Matcher match, String name) {
    try {
      return pattern.group(match, name);
    } catch (IllegalArgumentException e) {
      throw new EvalError(e.getMessage());
    }
  }
}
