package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Jinja template into text, {@code {{ }}} outputs and {@code {% %}} tags, applying the
 * whitespace rules as Jinja's lexer does: {@code -} strips all whitespace on its side, {@code +}
 * turns off lstrip_blocks or trim_blocks for its tag, trim_blocks removes the newline after a block
 * or comment tag, lstrip_blocks the spaces and tabs before one on its line. Comments are dropped
 * and {@code {% raw %}} text is kept as written.
 */
final class JinjaLexer {
  enum Kind {
    TEXT,
    OUTPUT,
    TAG
  }

  /** One piece of the template; {@code text} is the content of a tag without its delimiters. */
  record Piece(Kind kind, String text, int line, int column) {}

  /** Jinja's environment settings that change how a template is split. */
  record Settings(
      boolean trimBlocks, boolean lstripBlocks, boolean keepTrailingNewline, String newline) {
    static final Settings ANSIBLE = new Settings(true, false, false, "\n");
  }

  private final String src;
  private final String name;
  private final Settings settings;
  private final List<Piece> out = new ArrayList<>();
  private int i;
  private boolean lineStarting = true;
  private int lineOffset;
  private int lineNumber = 1;

  private JinjaLexer(String src, String name, Settings settings) {
    this.src = src;
    this.name = name;
    this.settings = settings;
  }

  static List<Piece> split(String source, String name, Settings settings) throws ExprException {
    String text = source.replace("\r\n", "\n").replace('\r', '\n');
    if (!settings.keepTrailingNewline() && text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
    }
    JinjaLexer lexer = new JinjaLexer(text, name, settings);
    lexer.run();
    return lexer.out;
  }

  /** The template's own text with its line ends as newline_sequence gives them (Jinja's lexer). */
  private String newlines(String text) {
    return settings.newline().equals("\n") ? text : text.replace("\n", settings.newline());
  }

  private void run() throws ExprException {
    while (i < src.length()) {
      int start = nextTagStart(i);
      if (start < 0) {
        out.add(new Piece(Kind.TEXT, newlines(src.substring(i)), line(i), column(i)));
        return;
      }
      char kind = src.charAt(start + 1);
      char modifier = start + 2 < src.length() ? src.charAt(start + 2) : 0;
      String text = src.substring(i, start);
      if (modifier == '-') {
        text = text.stripTrailing();
      } else if (modifier != '+' && settings.lstripBlocks() && kind != '{') {
        int lineStart = text.lastIndexOf('\n') + 1;
        if ((lineStart > 0 || lineStarting) && onlyBlanks(text, lineStart)) {
          text = text.substring(0, lineStart);
        }
      }
      if (!text.isEmpty()) {
        out.add(new Piece(Kind.TEXT, newlines(text), line(i), column(i)));
      }
      int contentStart = start + 2 + (modifier == '-' || modifier == '+' ? 1 : 0);
      switch (kind) {
        case '#' -> comment(start, contentStart);
        case '{' -> output(start, contentStart);
        default -> tag(start, contentStart);
      }
    }
  }

  private int nextTagStart(int from) {
    int at = src.indexOf('{', from);
    while (at >= 0 && at + 1 < src.length()) {
      char c = src.charAt(at + 1);
      if (c == '{' || c == '%' || c == '#') {
        return at;
      }
      at = src.indexOf('{', at + 1);
    }
    return -1;
  }

  private static boolean onlyBlanks(String text, int from) {
    for (int k = from; k < text.length(); k++) {
      if (text.charAt(k) != ' ' && text.charAt(k) != '\t') {
        return false;
      }
    }
    return true;
  }

  private void comment(int start, int contentStart) throws ExprException {
    int end = src.indexOf("#}", contentStart);
    if (end < 0) {
      throw error("missing end of comment tag: add '#}'", start);
    }
    i = end + 2;
    afterBlockEnd(src.charAt(end - 1));
  }

  private void output(int start, int contentStart) throws ExprException {
    int end = closing(contentStart, "}}");
    if (end < 0) {
      throw error("unclosed '{{': add '}}'", start);
    }
    String content = src.substring(contentStart, end);
    i = end + 2;
    if (content.endsWith("-")) {
      content = content.substring(0, content.length() - 1);
      skipWhitespace();
    } else {
      lineStarting = false;
    }
    out.add(new Piece(Kind.OUTPUT, content, line(contentStart), column(contentStart)));
  }

  private void tag(int start, int contentStart) throws ExprException {
    int end = closing(contentStart, "%}");
    if (end < 0) {
      throw error("unclosed '{%': add '%}'", start);
    }
    String content = src.substring(contentStart, end);
    char before = src.charAt(end - 1);
    if ((before == '-' || before == '+') && end - 1 >= contentStart) {
      content = content.substring(0, content.length() - 1);
    }
    i = end + 2;
    if (content.strip().equals("raw")) {
      if (before == '-') {
        skipWhitespace();
      }
      raw(start);
      return;
    }
    out.add(new Piece(Kind.TAG, content, line(contentStart), column(contentStart)));
    afterBlockEnd(before);
  }

  /** The text up to {@code {% endraw %}}, kept as written. */
  private void raw(int start) throws ExprException {
    int from = i;
    int at = from;
    while (true) {
      at = src.indexOf("{%", at);
      if (at < 0) {
        throw error("missing '{% endraw %}' for this raw block", start);
      }
      int k = at + 2;
      char modifier = k < src.length() ? src.charAt(k) : 0;
      if (modifier == '-' || modifier == '+') {
        k++;
      }
      int end = src.indexOf("%}", k);
      if (end >= 0) {
        String inside = src.substring(k, end);
        char before = inside.isEmpty() ? 0 : inside.charAt(inside.length() - 1);
        String word =
            before == '-' || before == '+' ? inside.substring(0, inside.length() - 1) : inside;
        if (word.strip().equals("endraw")) {
          String text = src.substring(from, at);
          if (modifier == '-') {
            text = text.stripTrailing();
          } else if (modifier != '+' && settings.lstripBlocks()) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if (lineStart > 0 && onlyBlanks(text, lineStart)) {
              text = text.substring(0, lineStart);
            }
          }
          if (!text.isEmpty()) {
            out.add(new Piece(Kind.TEXT, newlines(text), line(from), column(from)));
          }
          i = end + 2;
          afterBlockEnd(before);
          return;
        }
      }
      at += 2;
    }
  }

  /** After {@code %}} or {@code #}}: {@code -} strips whitespace, trim_blocks one newline. */
  private void afterBlockEnd(char before) {
    if (before == '-') {
      skipWhitespace();
      return;
    }
    if (before != '+' && settings.trimBlocks() && i < src.length() && src.charAt(i) == '\n') {
      i++;
      lineStarting = true;
      return;
    }
    lineStarting = false;
  }

  private void skipWhitespace() {
    int from = i;
    while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
      i++;
    }
    lineStarting = i > from && src.charAt(i - 1) == '\n';
  }

  /** The index of {@code end} closing a tag, skipping strings (and brackets for outputs). */
  private int closing(int from, String end) {
    return (end.equals("}}") ? Brackets.NESTED : Brackets.QUOTES).closing(src, from, end);
  }

  /** The 1-based line of {@code offset}, counting forward from the last offset asked about. */
  int line(int offset) {
    if (offset < lineOffset) {
      lineOffset = 0;
      lineNumber = 1;
    }
    for (; lineOffset < offset && lineOffset < src.length(); lineOffset++) {
      if (src.charAt(lineOffset) == '\n') {
        lineNumber++;
      }
    }
    return lineNumber;
  }

  int column(int offset) {
    return offset - src.lastIndexOf('\n', offset - 1);
  }

  private TemplateError error(String message, int offset) {
    return new TemplateError(name, line(offset), column(offset), message);
  }
}
