package dev.ploy.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Ansible 2.14 makes of the text a template string renders to: text that looks like a list, a
 * dict or a boolean ({@code [...]}, {@code {...}}, {@code True}, {@code False}) is read back as
 * that value when it is a Python literal ({@code ast.literal_eval}, with JSON's true, false and
 * null), and stays text otherwise.
 */
final class PyLiteral {
  /** Marks a node that is not a literal. */
  private static final Object NOT_LITERAL = new Object();

  private PyLiteral() {}

  static Object convert(String text) {
    if (text.equals("True") || text.equals("False")) {
      return text.equals("True");
    }
    if (!text.startsWith("[") && !text.startsWith("{")) {
      return text;
    }
    try {
      Object value = value(Parser.parse(text.strip()));
      return value == NOT_LITERAL ? text : value;
    } catch (ExprException | RuntimeException e) {
      return text;
    }
  }

  /**
   * A scalar as Python's {@code ast.literal_eval} reads it, for a template's {@code #jinja2:} line:
   * True, False, None, an integer, or a quoted string with Python's escapes.
   */
  static Object eval(String text, String template) throws TemplateError {
    switch (text) {
      case "True":
        return true;
      case "False":
        return false;
      case "None":
        return null;
      default:
        break;
    }
    if (text.matches("[+-]?\\d+")) {
      return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    }
    if (text.length() >= 2
        && (text.charAt(0) == '\'' || text.charAt(0) == '"')
        && text.charAt(text.length() - 1) == text.charAt(0)) {
      String body = unescape(text.substring(1, text.length() - 1), text.charAt(0));
      if (body != null) {
        return body;
      }
    }
    throw new TemplateError(
        template,
        1,
        0,
        "the jinja2 override value "
            + text
            + " is not a Python literal: write True, False, None, a number or a quoted string");
  }

  /** The text of a Python string's body, or null when a quote inside is not escaped. */
  private static String unescape(String body, char quote) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == quote) {
        return null;
      }
      if (c != '\\' || i + 1 == body.length()) {
        if (c == '\\') {
          return null;
        }
        sb.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'f' -> sb.append('\f');
        case 'v' -> sb.append('\u000b');
        case 'a' -> sb.append('\u0007');
        case 'b' -> sb.append('\b');
        case '0' -> sb.append('\0');
        case '\\', '\'', '"' -> sb.append(e);
        case '\n' -> {
          // a line continuation
        }
        case 'x', 'u' -> {
          int size = e == 'x' ? 2 : 4;
          if (i + size >= body.length()) {
            return null;
          }
          try {
            sb.append((char) Integer.parseInt(body.substring(i + 1, i + 1 + size), 16));
          } catch (NumberFormatException ex) {
            return null;
          }
          i += size;
        }
        default -> sb.append('\\').append(e);
      }
    }
    return sb.toString();
  }

  private static Object value(Node node) {
    if (node instanceof Node.Literal l) {
      return l.value();
    }
    if (node instanceof Node.Unary u
        && (u.op().equals("-") || u.op().equals("+"))
        && u.operand() instanceof Node.Literal l
        && l.value() instanceof Number n) {
      return u.op().equals("+") ? n : Operators.negate(n);
    }
    if (node instanceof Node.ListExpr list) {
      List<Object> out = new ArrayList<>(list.items().size());
      for (Node item : list.items()) {
        Object v = value(item);
        if (v == NOT_LITERAL) {
          return NOT_LITERAL;
        }
        out.add(v);
      }
      return out;
    }
    if (node instanceof Node.DictExpr dict) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < dict.keys().size(); i++) {
        Object k = value(dict.keys().get(i));
        Object v = value(dict.values().get(i));
        if (k == NOT_LITERAL || v == NOT_LITERAL) {
          return NOT_LITERAL;
        }
        out.put(k, v);
      }
      return out;
    }
    if (node instanceof Node.Var v) {
      return switch (v.name()) {
        case "true" -> true;
        case "false" -> false;
        case "null" -> null;
        default -> NOT_LITERAL;
      };
    }
    return NOT_LITERAL;
  }
}
