package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Jinja template into text, {@code {{ }}} outputs and {@code {% %}} tags, applying the
 * whitespace rules as Jinja's lexer does: {@code -} strips all whitespace on its side, {@code +}
 * turns off lstrip_blocks or trim_blocks for its tag, trim_blocks removes the newline after a block
 * or comment tag, lstrip_blocks the spaces and tabs before one on its line. Comments are dropped
 * and {@code {% raw %}} text is kept as written. With a line_statement_prefix, a line starting with
 * it (after blanks) is a statement up to its line end (and the blank lines after it); with a
 * line_comment_prefix, the prefix and the rest of its line are dropped, the line end kept.
 */
final class JinjaLexer {
  enum Kind {
    TEXT,
    OUTPUT,
    TAG
  }

  /** One piece of the template; {@code text} is the content of a tag without its delimiters. */
  record Piece(Kind kind, String text, int line, int column) {}

  /**
   * Jinja's environment settings that change how a template is split; a line prefix is null when
   * there is none.
   */
  record Settings(
      boolean trimBlocks,
      boolean lstripBlocks,
      boolean keepTrailingNewline,
      String newline,
      Jinja.Delimiters delimiters,
      String lineStatementPrefix,
      String lineCommentPrefix) {
    static final Settings ANSIBLE =
        new Settings(true, false, false, "\n", Jinja.Delimiters.JINJA, null, null);
  }

  /**
   * Where a tag starts: its kind ('%' block, '{' expression, '#' comment, 'L' line statement, 'C'
   * line comment), the end of the text before it and the index after its delimiter or prefix.
   */
  private record Start(char kind, int at, int opened) {}

  private final String src;
  private final String name;
  private final Settings settings;
  private final List<Piece> out = new ArrayList<>();
  private int i;
  private boolean lineStarting = true;
  private int lineOffset;
  private int lineNumber = 1;
  private final Matcher lineStatement;
  private final Matcher lineComment;

  private JinjaLexer(String src, String name, Settings settings) {
    this.src = src;
    this.name = name;
    this.settings = settings;
    String statement = settings.lineStatementPrefix();
    String comment = settings.lineCommentPrefix();
    lineStatement =
        statement == null
            ? null
            : Pattern.compile("^[ \\t\\x0B]*" + Pattern.quote(statement), Pattern.MULTILINE)
                .matcher(src);
    lineComment =
        comment == null
            ? null
            : Pattern.compile(
                    "(?:^|(?<=\\S))[^\\S\\r\\n]*" + Pattern.quote(comment),
                    Pattern.MULTILINE | Pattern.UNICODE_CHARACTER_CLASS)
                .matcher(src);
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
      Start next = nextStart(i);
      if (next == null) {
        out.add(new Piece(Kind.TEXT, newlines(src.substring(i)), line(i), column(i)));
        return;
      }
      int start = next.at();
      char kind = next.kind();
      int opened = next.opened();
      char modifier = opened < src.length() ? src.charAt(opened) : 0;
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
      int contentStart = opened + (modifier == '-' || modifier == '+' ? 1 : 0);
      switch (kind) {
        case '#' -> comment(start, contentStart);
        case '{' -> output(start, contentStart);
        case 'L' -> lineStatement(contentStart);
        case 'C' -> lineComment(contentStart);
        default -> tag(start, contentStart);
      }
    }
  }

  private Jinja.Delimiters d() {
    return settings.delimiters();
  }

  /**
   * The first tag from {@code from}, or null: at one place, Jinja's order (the longer start string
   * first, then expression, line statement, line comment, comment, block).
   */
  private Start nextStart(int from) {
    Start best = null;
    int delimiter = nextTagStart(from);
    if (delimiter >= 0) {
      char kind = kindAt(delimiter);
      best = new Start(kind, delimiter, delimiter + startOf(kind).length());
    }
    if (lineStatement != null && lineStatement.find(from)) {
      best = earlier(best, new Start('L', lineStatement.start(), lineStatement.end()));
    }
    if (lineComment != null && lineComment.find(from)) {
      best = earlier(best, new Start('C', lineComment.start(), lineComment.end()));
    }
    return best;
  }

  private Start earlier(Start best, Start other) {
    if (best == null || other.at() < best.at()) {
      return other;
    }
    if (other.at() > best.at()) {
      return best;
    }
    int a = startLength(best);
    int b = startLength(other);
    if (a != b) {
      return a > b ? best : other;
    }
    String order = "{LC#%";
    return order.indexOf(best.kind()) <= order.indexOf(other.kind()) ? best : other;
  }

  private int startLength(Start start) {
    return switch (start.kind()) {
      case 'L' -> settings.lineStatementPrefix().length();
      case 'C' -> settings.lineCommentPrefix().length();
      default -> startOf(start.kind()).length();
    };
  }

  /**
   * A line statement: its content runs to the first line end outside strings and brackets; the
   * blanks and blank lines after it go with it, up to the last line end before more text.
   */
  private void lineStatement(int contentStart) throws ExprException {
    int depth = 0;
    int p = contentStart;
    while (true) {
      int q = p;
      while (q < src.length() && Character.isWhitespace(src.charAt(q))) {
        q++;
      }
      int lineEnd = q > p ? src.lastIndexOf('\n', q - 1) : -1;
      if (depth == 0 && (q == src.length() || lineEnd >= p)) {
        out.add(
            new Piece(
                Kind.TAG,
                src.substring(contentStart, p),
                line(contentStart),
                column(contentStart)));
        i = q == src.length() ? q : lineEnd + 1;
        lineStarting = src.charAt(i - 1) == '\n';
        return;
      }
      if (q == src.length()) {
        throw error(
            "unexpected end of template: a bracket of this line statement is not closed",
            contentStart);
      }
      char c = src.charAt(q);
      if (c == '\'' || c == '"') {
        int end = q + 1;
        while (end < src.length() && src.charAt(end) != c) {
          end += src.charAt(end) == '\\' ? 2 : 1;
        }
        if (end >= src.length()) {
          throw error("unclosed string in this line statement", q);
        }
        q = end;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      }
      p = q + 1;
    }
  }

  /** A line comment: dropped up to its line end, which stays. */
  private void lineComment(int contentStart) {
    int end = src.indexOf('\n', contentStart);
    i = end < 0 ? src.length() : end;
    lineStarting = false;
  }

  /** The first place a block, an expression or a comment starts; -1 when none does. */
  private int nextTagStart(int from) {
    int first = -1;
    for (String start : List.of(d().blockStart(), d().variableStart(), d().commentStart())) {
      int at = src.indexOf(start, from);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }

  /** What starts at {@code at}: '{' an expression, '#' a comment, '%' a block (longest first). */
  private char kindAt(int at) {
    char kind = 0;
    int length = -1;
    for (char k : new char[] {'%', '{', '#'}) {
      String start = startOf(k);
      if (src.startsWith(start, at) && start.length() > length) {
        kind = k;
        length = start.length();
      }
    }
    return kind;
  }

  private String startOf(char kind) {
    return switch (kind) {
      case '{' -> d().variableStart();
      case '#' -> d().commentStart();
      default -> d().blockStart();
    };
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
    int end = src.indexOf(d().commentEnd(), contentStart);
    if (end < 0) {
      throw error("missing end of comment tag: add '" + d().commentEnd() + "'", start);
    }
    i = end + d().commentEnd().length();
    afterBlockEnd(src.charAt(end - 1));
  }

  private void output(int start, int contentStart) throws ExprException {
    int end = closing(contentStart, d().variableEnd());
    if (end < 0) {
      throw error("unclosed '" + d().variableStart() + "': add '" + d().variableEnd() + "'", start);
    }
    String content = src.substring(contentStart, end);
    i = end + d().variableEnd().length();
    if (content.endsWith("-")) {
      content = content.substring(0, content.length() - 1);
      skipWhitespace();
    } else {
      lineStarting = false;
    }
    out.add(new Piece(Kind.OUTPUT, content, line(contentStart), column(contentStart)));
  }

  private void tag(int start, int contentStart) throws ExprException {
    int end = closing(contentStart, d().blockEnd());
    if (end < 0) {
      throw error("unclosed '" + d().blockStart() + "': add '" + d().blockEnd() + "'", start);
    }
    String content = src.substring(contentStart, end);
    char before = src.charAt(end - 1);
    if ((before == '-' || before == '+') && end - 1 >= contentStart) {
      content = content.substring(0, content.length() - 1);
    }
    i = end + d().blockEnd().length();
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
      at = src.indexOf(d().blockStart(), at);
      if (at < 0) {
        throw error(
            "missing '" + d().blockStart() + " endraw " + d().blockEnd() + "' for this raw block",
            start);
      }
      int k = at + d().blockStart().length();
      char modifier = k < src.length() ? src.charAt(k) : 0;
      if (modifier == '-' || modifier == '+') {
        k++;
      }
      int end = src.indexOf(d().blockEnd(), k);
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
          i = end + d().blockEnd().length();
          afterBlockEnd(before);
          return;
        }
      }
      at += d().blockStart().length();
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
    return (end.equals(d().variableEnd()) ? Brackets.NESTED : Brackets.QUOTES)
        .closing(src, from, end);
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
