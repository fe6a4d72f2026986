package dev.ploy.expr;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's {@code %} string formatting, for {@code 'x=%s' % x} and the {@code format} filter. */
final class Printf {
  private static final Pattern SPEC =
      Pattern.compile("%(?:\\(([^)]*)\\))?([-+ 0#]*)(\\d+)?(?:\\.(\\d+))?([sdirfFeEgGxXoc%])");

  private Printf() {}

  /** {@code args} is the value after {@code %}: a list stands for a tuple, a map for names. */
  static String format(String template, Object args) {
    List<Object> positional = args instanceof List<?> l ? List.copyOf(nonNull(l)) : null;
    Matcher m = SPEC.matcher(template);
    StringBuilder sb = new StringBuilder();
    int next = 0;
    while (m.find()) {
      String type = m.group(5);
      String replacement;
      if (type.equals("%")) {
        replacement = "%";
      } else {
        Object value;
        if (m.group(1) != null) {
          if (!(args instanceof Map<?, ?> map)) {
            throw new EvalError("format requires a mapping");
          }
          value = map.get(m.group(1));
        } else if (positional != null) {
          if (next >= positional.size()) {
            throw new EvalError("not enough arguments for format string");
          }
          value = positional.get(next++);
          value = value == NULL ? null : value;
        } else {
          if (next++ > 0) {
            throw new EvalError("not enough arguments for format string");
          }
          value = args;
        }
        replacement = one(m.group(2), m.group(3), m.group(4), type, value);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static final Object NULL = new Object();

  private static List<Object> nonNull(List<?> l) {
    return l.stream().map(x -> x == null ? NULL : (Object) x).toList();
  }

  private static String one(String flags, String width, String precision, String type, Object v) {
    String spec = "%" + flags + (width == null ? "" : width);
    switch (type) {
      case "s", "r" -> {
        String s = type.equals("s") ? Values.str(v == null ? "None" : v) : Values.repr(v);
        if (precision != null) {
          s = s.substring(0, Math.min(s.length(), Integer.parseInt(precision)));
        }
        return String.format(spec.replace("0", "") + "s", s);
      }
      case "d", "i" -> {
        return String.format(spec + "d", Values.big(number(v, type)));
      }
      case "x", "X", "o" -> {
        return String.format(spec + type, Values.big(number(v, type)));
      }
      case "c" -> {
        return Values.isIntegral(v)
            ? String.valueOf((char) Values.big(v).intValue())
            : Values.str(v);
      }
      default -> {
        String p = "." + (precision == null ? "6" : precision);
        String t = type.equals("F") ? "f" : type;
        return String.format(spec + p + t, Values.dbl(number(v, type)));
      }
    }
  }

  private static Object number(Object v, String type) {
    if (Values.isFloat(v) && (type.equals("d") || type.equals("i"))) {
      return Values.normalize(java.math.BigDecimal.valueOf(Values.dbl(v)).toBigInteger());
    }
    if (!Values.isNumeric(v)) {
      throw new EvalError("%" + type + " format: a number is required, not " + Values.typeName(v));
    }
    return v;
  }
}
