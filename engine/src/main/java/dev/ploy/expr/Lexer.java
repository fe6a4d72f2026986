package dev.ploy.expr;

import dev.ploy.expr.Token.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens. */
final class Lexer {
  private static final String[] OPERATORS = {
    "**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]",
    "{", "}", ",", ".", ":", "|", "="
  };

  private final String src;
  private int i;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> tokenize(String src) throws ExprException {
    return new Lexer(src).run();
  }

  private List<Token> run() throws ExprException {
    List<Token> out = new ArrayList<>();
    while (true) {
      // Python's \s, as Jinja's lexer: a no-break space is whitespace too
      while (i < src.length()
          && (Character.isWhitespace(src.charAt(i)) || Character.isSpaceChar(src.charAt(i)))) {
        i++;
      }
      if (i >= src.length()) {
        out.add(new Token(Kind.EOF, "", null, i));
        return out;
      }
      char c = src.charAt(i);
      int start = i;
      if (Character.isLetter(c) || c == '_') {
        while (i < src.length()
            && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
          i++;
        }
        String name = src.substring(start, i);
        out.add(new Token(Kind.NAME, name, name, start));
      } else if (Character.isDigit(c)) {
        out.add(number(start));
      } else if (c == '\'' || c == '"') {
        out.add(string(c, start));
      } else {
        String op = null;
        for (String candidate : OPERATORS) {
          if (src.startsWith(candidate, i)) {
            op = candidate;
            break;
          }
        }
        if (op == null) {
          throw new ExprException("unexpected character '" + c + "' at position " + start, src);
        }
        i += op.length();
        out.add(new Token(Kind.OP, op, op, start));
      }
    }
  }

  private Token number(int start) {
    while (i < src.length() && (Character.isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
      i++;
    }
    boolean isFloat = false;
    if (i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
      isFloat = true;
      i++;
      while (i < src.length() && Character.isDigit(src.charAt(i))) {
        i++;
      }
    }
    if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
      int save = i;
      i++;
      if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
        i++;
      }
      if (i < src.length() && Character.isDigit(src.charAt(i))) {
        isFloat = true;
        while (i < src.length() && Character.isDigit(src.charAt(i))) {
          i++;
        }
      } else {
        i = save;
      }
    }
    String text = src.substring(start, i);
    String digits = text.replace("_", "");
    Object value =
        isFloat ? (Object) Double.parseDouble(digits) : Values.normalize(new BigInteger(digits));
    return new Token(isFloat ? Kind.FLOAT : Kind.INT, text, value, start);
  }

  private Token string(char quote, int start) throws ExprException {
    i++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (i >= src.length()) {
        throw new ExprException("unterminated string starting at position " + start, src);
      }
      char c = src.charAt(i++);
      if (c == quote) {
        break;
      }
      if (c != '\\' || i >= src.length()) {
        sb.append(c);
        continue;
      }
      char e = src.charAt(i++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '0' -> sb.append('\0');
        case '\\' -> sb.append('\\');
        case '\'' -> sb.append('\'');
        case '"' -> sb.append('"');
        case 'u' -> {
          if (i + 4 > src.length()) {
            throw new ExprException("bad \\u escape at position " + (i - 2), src);
          }
          sb.append((char) Integer.parseInt(src.substring(i, i + 4), 16));
          i += 4;
        }
        default -> sb.append('\\').append(e); // like Python: unknown escapes stay as written
      }
    }
    return new Token(Kind.STRING, src.substring(start, i), sb.toString(), start);
  }
}
