package dev.ploy.template;

import dev.ploy.expr.Brackets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a ploy template into plain Mustache: each expression tag becomes a placeholder name
 * registered in {@link Tags}; sections, inverted sections, partials and comments keep their
 * structure. Rejects Jinja statements with the line they are on.
 */
final class TagRewriter {
  static final String JINJA_REJECTED =
      "Jinja statements ({% %}) are not supported in ploy templates; use a Mustache section"
          + " {{#list}}...{{/list}} instead";
  private static final Pattern LEADING_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.]*");

  private record Open(String placeholder, String expression, int line) {}

  private final String src;
  private final String template;
  private final Tags tags;
  private final StringBuilder out = new StringBuilder();
  private final Deque<Open> sections = new ArrayDeque<>();
  private int line = 1;

  private TagRewriter(String src, String template, Tags tags) {
    this.src = src;
    this.template = template;
    this.tags = tags;
  }

  static String rewrite(String src, String template, Tags tags) throws TemplateException {
    return new TagRewriter(src, template, tags).run();
  }

  private TemplateException error(int at, String message) {
    return new TemplateException(template + ":" + at + ": " + message);
  }

  private String run() throws TemplateException {
    int i = 0;
    while (i < src.length()) {
      if (src.startsWith("{%", i)) {
        throw error(line, JINJA_REJECTED);
      }
      if (!src.startsWith("{{", i)) {
        char c = src.charAt(i++);
        out.append(c);
        if (c == '\n') {
          line++;
        }
        continue;
      }
      boolean triple = src.startsWith("{{{", i);
      int start = i + (triple ? 3 : 2);
      boolean comment = !triple && src.startsWith("!", start);
      int end =
          comment
              ? src.indexOf("}}", start)
              : Brackets.NESTED_WITHIN_LINE.closing(src, start, triple ? "}}}" : "}}");
      if (end < 0) {
        throw error(line, "unclosed tag '" + (triple ? "{{{" : "{{") + "'");
      }
      String content = src.substring(start, end);
      int tagLine = line;
      tag(content, triple, tagLine);
      line += (int) content.chars().filter(c -> c == '\n').count();
      i = end + (triple ? 3 : 2);
    }
    if (!sections.isEmpty()) {
      Open open = sections.peek();
      throw error(open.line(), "section {{#" + open.expression() + "}} is never closed");
    }
    return out.toString();
  }

  private void tag(String content, boolean triple, int tagLine) throws TemplateException {
    String text = content.trim();
    if (triple) {
      value(text, tagLine);
      return;
    }
    if (text.isEmpty()) {
      throw error(tagLine, "empty tag {{ }}");
    }
    char kind = text.charAt(0);
    String rest = text.substring(1).trim();
    switch (kind) {
      case '!' -> out.append("{{!").append("\n".repeat(newlines(content))).append("}}");
      case '#', '^' -> {
        if (rest.isEmpty()) {
          throw error(tagLine, "section tag without a name");
        }
        String name = tags.add(new Tags.Tag(rest, true, template, tagLine));
        sections.push(new Open(name, rest, tagLine));
        out.append("{{").append(kind).append(name).append("}}");
      }
      case '/' -> {
        if (sections.isEmpty()) {
          throw error(tagLine, "closing tag {{/" + rest + "}} without an open section");
        }
        Open open = sections.pop();
        if (!closes(rest, open.expression())) {
          throw error(
              tagLine,
              "closing tag {{/"
                  + rest
                  + "}} does not match {{#"
                  + open.expression()
                  + "}} opened on line "
                  + open.line());
        }
        out.append("{{/").append(open.placeholder()).append("}}");
      }
      case '>' -> {
        if (rest.isEmpty()) {
          throw error(tagLine, "partial tag {{> }} without a name");
        }
        tags.partialAt(rest, template + ":" + tagLine);
        out.append("{{>").append(rest).append("}}");
      }
      case '&' -> value(rest, tagLine);
      case '=' -> throw error(tagLine, "changing delimiters ({{= =}}) is not supported");
      case '<', '$' -> throw error(tagLine, "template inheritance ({{<}}, {{$}}) is not supported");
      default -> value(text, tagLine);
    }
  }

  private static int newlines(String s) {
    return (int) s.chars().filter(c -> c == '\n').count();
  }

  private void value(String expression, int tagLine) throws TemplateException {
    if (expression.isEmpty()) {
      throw error(tagLine, "empty tag {{ }}");
    }
    if (expression.equals(".")) {
      out.append("{{&.}}");
      return;
    }
    String name = tags.add(new Tags.Tag(expression, false, template, tagLine));
    out.append("{{&").append(name).append("}}");
  }

  /** {@code {{/servers}}}, {@code {{/}}} or the full expression close {@code {{#servers | f}}}. */
  private static boolean closes(String close, String open) {
    if (close.isEmpty()
        || close.equals(open)
        || close.replace(" ", "").equals(open.replace(" ", ""))) {
      return true;
    }
    Matcher m = LEADING_NAME.matcher(open);
    return m.find() && m.group().equals(close);
  }
}
