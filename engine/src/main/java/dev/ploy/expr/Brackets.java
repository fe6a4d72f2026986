package dev.ploy.expr;

/**
 * Where a tag of a template ends: the one scan that ploy's expressions, Jinja tags and the template
 * module's tags share. Quoted strings are always skipped; what else is depends on the kind.
 */
public enum Brackets {
  /** Nested brackets are skipped too (an expression: {@code {{ {'a': 1} }}}). */
  NESTED,
  /**
   * Nested brackets are skipped, and a line that starts with {@code {{} before the end means the
   * tag was left open.
   */
  NESTED_WITHIN_LINE,
  /** Only quoted strings are skipped (a Jinja statement or comment). */
  QUOTES;

  /** The index of {@code close} ending a tag whose content starts at {@code from}, or -1. */
  public int closing(String text, int from, String close) {
    boolean nested = this != QUOTES;
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (nested && (c == '(' || c == '[' || c == '{')) {
        depth++;
      } else if (nested && depth > 0 && (c == ')' || c == ']' || c == '}')) {
        depth--;
      } else if (depth == 0 && text.startsWith(close, i)) {
        return i;
      } else if (this == NESTED_WITHIN_LINE
          && c == '\n'
          && depth == 0
          && text.startsWith("{{", i + 1)) {
        return -1;
      }
    }
    return -1;
  }
}
