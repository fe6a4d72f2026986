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
