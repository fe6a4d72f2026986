package dev.ploy.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binary and unary operators with Python's semantics. */
final class Operators {
  private Operators() {}

  static Object binary(String op, Object a, Object b) {
    return switch (op) {
      case "+" -> add(a, b);
      case "-" ->
          a instanceof PyDateTime x && b instanceof PyDateTime y
              ? x.minus(y)
              : arithmetic(op, a, b);
      case "*", "/", "//", "%", "**" -> arithmetic(op, a, b);
      case "~" -> Values.str(a) + Values.str(b);
      case "==" -> Values.eq(a, b);
      case "!=" -> !Values.eq(a, b);
      case "<" -> Values.compare(a, b) < 0;
      case "<=" -> Values.compare(a, b) <= 0;
      case ">" -> Values.compare(a, b) > 0;
      case ">=" -> Values.compare(a, b) >= 0;
      case "in" -> contains(b, a);
      case "not in" -> !contains(b, a);
      default -> throw new EvalError("unknown operator " + op);
    };
  }

  static boolean contains(Object container, Object item) {
    if (container instanceof String s) {
      if (!(item instanceof String needle)) {
        throw new EvalError(
            "'in <string>' requires string as left operand, not " + Values.typeName(item));
      }
      return s.contains(needle);
    }
    if (container instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (Values.eq(k, item)) {
          return true;
        }
      }
      return false;
    }
    if (container instanceof List<?> l) {
      for (Object x : l) {
        if (Values.eq(x, item)) {
          return true;
        }
      }
      return false;
    }
    throw new EvalError("argument of type '" + Values.typeName(container) + "' is not iterable");
  }

  private static Object add(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return x + y;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      List<Object> out = new ArrayList<>(x);
      out.addAll(y);
      return out;
    }
    return arithmetic("+", a, b);
  }

  static Object arithmetic(String op, Object a, Object b) {
    if (op.equals("%") && a instanceof String s) {
      return Printf.format(s, b);
    }
    if (op.equals("*")) {
      if (a instanceof String s && Values.isIntegral(b)) {
        return s.repeat(Math.max(0, Values.big(b).intValue()));
      }
      if (a instanceof List<?> l && Values.isIntegral(b)) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < Values.big(b).intValue(); i++) {
          out.addAll(l);
        }
        return out;
      }
    }
    if (!Values.isNumeric(a) || !Values.isNumeric(b)) {
      throw new EvalError(
          "unsupported operand type(s) for "
              + op
              + ": '"
              + Values.typeName(a)
              + "' and '"
              + Values.typeName(b)
              + "'");
    }
    boolean integral = !Values.isFloat(a) && !Values.isFloat(b);
    if (op.equals("/")) {
      double d = Values.dbl(b);
      if (d == 0) {
        throw new EvalError("division by zero");
      }
      return Values.dbl(a) / d;
    }
    if (integral) {
      BigInteger x = Values.big(a);
      BigInteger y = Values.big(b);
      return switch (op) {
        case "+" -> Values.normalize(x.add(y));
        case "-" -> Values.normalize(x.subtract(y));
        case "*" -> Values.normalize(x.multiply(y));
        case "//" -> Values.normalize(floorDiv(x, nonZero(y)));
        case "%" -> Values.normalize(x.subtract(floorDiv(x, nonZero(y)).multiply(y)));
        case "**" ->
            y.signum() >= 0
                ? Values.normalize(x.pow(y.intValueExact()))
                : Math.pow(x.doubleValue(), y.doubleValue());
        default -> throw new EvalError("unknown operator " + op);
      };
    }
    double x = Values.dbl(a);
    double y = Values.dbl(b);
    return switch (op) {
      case "+" -> x + y;
      case "-" -> x - y;
      case "*" -> x * y;
      case "//" -> Math.floor(x / nonZero(y));
      case "%" -> x - Math.floor(x / nonZero(y)) * y;
      case "**" -> Math.pow(x, y);
      default -> throw new EvalError("unknown operator " + op);
    };
  }

  private static BigInteger nonZero(BigInteger y) {
    if (y.signum() == 0) {
      throw new EvalError("integer division or modulo by zero");
    }
    return y;
  }

  private static double nonZero(double y) {
    if (y == 0) {
      throw new EvalError("float division by zero");
    }
    return y;
  }

  private static BigInteger floorDiv(BigInteger x, BigInteger y) {
    BigInteger[] qr = x.divideAndRemainder(y);
    if (qr[1].signum() != 0 && (qr[1].signum() != y.signum())) {
      return qr[0].subtract(BigInteger.ONE);
    }
    return qr[0];
  }

  static Object negate(Object v) {
    if (Values.isIntegral(v) || v instanceof Boolean) {
      return Values.normalize(Values.big(v).negate());
    }
    if (Values.isFloat(v)) {
      return -Values.dbl(v);
    }
    throw new EvalError("bad operand type for unary -: '" + Values.typeName(v) + "'");
  }
}
