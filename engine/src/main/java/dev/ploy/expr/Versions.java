package dev.ploy.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The {@code version} test: compares dotted versions such as {@code 12.1} and {@code 1.10-rc1}. */
final class Versions {
  private Versions() {}

  static boolean test(Args a) {
    String op = a.string(1, "operator", "==");
    boolean strict = a.bool(99, "strict", false);
    int c = compare(a.inputString(), Values.str(a.required(0, "version")), strict);
    return switch (op) {
      case "<", "lt" -> c < 0;
      case "<=", "le" -> c <= 0;
      case ">", "gt" -> c > 0;
      case ">=", "ge" -> c >= 0;
      case "==", "=", "eq" -> c == 0;
      case "!=", "<>", "ne" -> c != 0;
      default -> throw new EvalError("version: unknown operator '" + op + "'");
    };
  }

  /** Numbers compare numerically, words alphabetically, numbers sort after words. */
  static int compare(String x, String y, boolean strict) {
    List<Object> a = parts(x);
    List<Object> b = parts(y);
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      Object p = i < a.size() ? a.get(i) : BigInteger.ZERO;
      Object q = i < b.size() ? b.get(i) : BigInteger.ZERO;
      int c;
      if (p instanceof BigInteger m && q instanceof BigInteger n) {
        c = m.compareTo(n);
      } else if (p instanceof String s && q instanceof String t) {
        c = s.compareTo(t);
      } else {
        c = p instanceof BigInteger ? 1 : -1;
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static List<Object> parts(String v) {
    List<Object> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+|[A-Za-z]+").matcher(v.trim());
    while (m.find()) {
      String g = m.group();
      out.add(Character.isDigit(g.charAt(0)) ? (Object) new BigInteger(g) : g);
    }
    return out;
  }
}
