package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A string split into literal text and {@code {{ expression }}} parts; strings with statements or
 * comments are templates ({@link Jinja#renderText}).
 *
 * @param parts literal text and expressions in order
 * @param single the only expression when the string is exactly one {@code {{ }}} with nothing but
 *     whitespace around it; null otherwise
 */
record TextTemplate(List<Part> parts, Part single) {
  private static final Memo<TextTemplate> CACHE = new Memo<>(4096);

  /** Literal text (when {@code node} is null) or an expression with its source. */
  record Part(String text, Node node) {}

  /** True when {@code text} has something to template at all. */
  static boolean isTemplated(String text) {
    return text.contains("{{") || text.contains("{%") || text.contains("{#");
  }

  /** True when {@code text} holds Jinja statements or comments, which only templates render. */
  static boolean hasStatements(String text) {
    int comment = text.indexOf("{#");
    return text.contains("{%") || (comment >= 0 && text.indexOf("#}", comment + 2) >= 0);
  }

  static TextTemplate parse(String text) throws ExprException {
    TextTemplate cached = CACHE.get(text);
    if (cached != null) {
      return cached;
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (!text.startsWith("{{", i)) {
        literal.append(text.charAt(i++));
        continue;
      }
      int end = Brackets.NESTED.closing(text, i + 2, "}}");
      if (end < 0) {
        throw new ExprException("unclosed '{{' at position " + i, text);
      }
      String source = text.substring(i + 2, end);
      if (source.startsWith("-")) { // Jinja's {{- : strip the whitespace before
        source = source.substring(1);
        literal.setLength(literal.toString().stripTrailing().length());
      }
      boolean stripAfter = source.endsWith("-") && !source.endsWith("--");
      if (stripAfter) { // Jinja's -}} : strip the whitespace after
        source = source.substring(0, source.length() - 1);
      }
      if (literal.length() > 0) {
        parts.add(new Part(literal.toString(), null));
        literal.setLength(0);
      }
      source = source.trim();
      parts.add(new Part(source, Parser.parse(source)));
      i = end + 2;
      while (stripAfter && i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null));
    }
    Part single = null;
    List<Part> expressions = parts.stream().filter(p -> p.node() != null).toList();
    if (expressions.size() == 1
        && parts.stream().allMatch(p -> p.node() != null || p.text().isBlank())) {
      single = expressions.get(0);
    }
    TextTemplate result = new TextTemplate(List.copyOf(parts), single);
    CACHE.put(text, result);
    return result;
  }
}
