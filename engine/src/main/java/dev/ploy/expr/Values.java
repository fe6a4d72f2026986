package dev.ploy.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Python-like behaviour of plain Java values: truthiness, equality, ordering, str and repr. */
final class Values {
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Values() {}

  /** Integer when it fits, else Long, else BigInteger: results compare equal to YAML ints. */
  static Object normalize(BigInteger v) {
    if (v.compareTo(INT_MIN) >= 0 && v.compareTo(INT_MAX) <= 0) {
      return v.intValue();
    }
    if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
      return v.longValue();
    }
    return v;
  }

  static boolean isIntegral(Object v) {
    return v instanceof Integer
        || v instanceof Long
        || v instanceof BigInteger
        || v instanceof Short
        || v instanceof Byte;
  }

  static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  /** A number, not counting booleans. */
  static boolean isNumber(Object v) {
    return isIntegral(v) || isFloat(v);
  }

  /** Numbers and booleans (which count as 0 and 1 in arithmetic, as in Python). */
  static boolean isNumeric(Object v) {
    return isNumber(v) || v instanceof Boolean;
  }

  static BigInteger big(Object v) {
    if (v instanceof BigInteger b) {
      return b;
    }
    if (v instanceof Boolean b) {
      return b ? BigInteger.ONE : BigInteger.ZERO;
    }
    return BigInteger.valueOf(((Number) v).longValue());
  }

  static double dbl(Object v) {
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return ((Number) v).doubleValue();
  }

  static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (isIntegral(v)) {
      return big(v).signum() != 0;
    }
    if (isFloat(v)) {
      return dbl(v) != 0;
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  static boolean eq(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (isNumeric(a) && isNumeric(b)) {
      if ((isIntegral(a) || a instanceof Boolean) && (isIntegral(b) || b instanceof Boolean)) {
        return big(a).equals(big(b));
      }
      return dbl(a) == dbl(b);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!eq(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static int compare(Object a, Object b) {
    if (isNumeric(a) && isNumeric(b)) {
      if ((isIntegral(a) || a instanceof Boolean) && (isIntegral(b) || b instanceof Boolean)) {
        return big(a).compareTo(big(b));
      }
      return Double.compare(dbl(a), dbl(b));
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
        int c = compare(x.get(i), y.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.size(), y.size());
    }
    throw new EvalError(
        "'<' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
  }

  /** Python's type names, as Jinja's messages use them. */
  static String typeName(Object v) {
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (isIntegral(v)) {
      return "int";
    }
    if (isFloat(v)) {
      return "float";
    }
    if (v instanceof String) {
      return "str";
    }
    if (v instanceof List<?>) {
      return "list";
    }
    if (v instanceof Map<?, ?>) {
      return "dict";
    }
    if (v instanceof Undefined) {
      return "Undefined";
    }
    return v.getClass().getSimpleName();
  }

  /** The text a value renders as inside a template; null renders as the empty string. */
  static String str(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    return repr(v);
  }

  /** Python's repr, which Jinja uses for lists and dicts. */
  static String repr(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof String s) {
      return quote(s);
    }
    if (isFloat(v)) {
      return floatRepr(dbl(v));
    }
    if (v instanceof Collection<?> c) {
      StringBuilder sb = new StringBuilder("[");
      Iterator<?> it = c.iterator();
      while (it.hasNext()) {
        sb.append(repr(it.next()));
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      return sb.append(']').toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      return sb.append('}').toString();
    }
    if (v == Templar.OMIT) {
      return "__omit_place_holder__";
    }
    return String.valueOf(v);
  }

  private static String quote(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
    return sb.append(q).toString();
  }

  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(d));
    double abs = Math.abs(d);
    if (abs >= 1e16 || abs < 1e-4) {
      String s = Double.toString(d); // shortest digits, e.g. 1.0E-5
      int e = s.indexOf('E');
      String mantissa = e < 0 ? s : s.substring(0, e);
      int exp = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
      if (mantissa.endsWith(".0")) {
        mantissa = mantissa.substring(0, mantissa.length() - 2);
      }
      return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    String plain = exact.stripTrailingZeros().toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /** Strings, lists and maps (keys) as a list of items, for iteration. */
  static List<Object> iterate(Object v) {
    if (v instanceof Collection<?> c) {
      return new java.util.ArrayList<>(c);
    }
    if (v instanceof Map<?, ?> m) {
      return new java.util.ArrayList<>(m.keySet());
    }
    if (v instanceof String s) {
      List<Object> chars = new java.util.ArrayList<>();
      s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
      return chars;
    }
    throw new EvalError("'" + typeName(v) + "' object is not iterable");
  }
}
