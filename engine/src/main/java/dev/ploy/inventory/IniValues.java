package dev.ploy.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Ansible's INI inventory reads a value: as a Python literal when it is one ({@code 8080} is an
 * Integer, {@code 1.5} a Double, {@code True}/{@code False} Booleans, {@code None} null, {@code
 * 'x'} or {@code "x"} a string, {@code [1, 2]} a list, {@code {'a': 1}} a map), otherwise as the
 * text itself ({@code true}, {@code yes} and {@code a b} stay strings).
 *
 * <p>In host lines the value is first split shell-style, so {@code port="22"} loses its quotes and
 * becomes the number 22, as in Ansible; in {@code [group:vars]} the whole text after {@code =} is
 * the value, so {@code port="22"} is the string "22".
 */
final class IniValues {
  private final String text;
  private int pos;

  private IniValues(String text) {
    this.text = text;
  }

  static Object parse(String raw) {
    IniValues reader = new IniValues(raw);
    try {
      reader.skipSpace();
      Object value = reader.value();
      reader.skipSpace();
      if (reader.pos < raw.length() && raw.charAt(reader.pos) != '#') {
        return raw;
      }
      return value;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return raw;
    }
  }

  private Object value() {
    char c = text.charAt(pos);
    if (c == '\'' || c == '"') {
      return string();
    }
    if (c == '[' || c == '(') {
      return list(c == '[' ? ']' : ')');
    }
    if (c == '{') {
      return map();
    }
    if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
      return number();
    }
    String word = word();
    switch (word) {
      case "True":
        return Boolean.TRUE;
      case "False":
        return Boolean.FALSE;
      case "None":
        return null;
      default:
        throw new IllegalArgumentException(word);
    }
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private Object number() {
    int start = pos;
    while (pos < text.length()
        && "+-0123456789._eExXoObBabcdefABCDEF".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String raw = text.substring(start, pos).replace("_", "");
    String sign = "";
    String digits = raw;
    if (raw.startsWith("-") || raw.startsWith("+")) {
      sign = raw.startsWith("-") ? "-" : "";
      digits = raw.substring(1);
    }
    String lower = digits.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("0x")) {
      return narrow(Long.parseLong(sign + lower.substring(2), 16));
    }
    if (lower.startsWith("0o")) {
      return narrow(Long.parseLong(sign + lower.substring(2), 8));
    }
    if (lower.startsWith("0b")) {
      return narrow(Long.parseLong(sign + lower.substring(2), 2));
    }
    if (lower.matches("\\d+")) {
      if (lower.length() > 1 && lower.startsWith("0") && !lower.matches("0+")) {
        throw new IllegalArgumentException("leading zero");
      }
      return narrow(Long.parseLong(sign + lower));
    }
    if (lower.matches("(\\d+\\.\\d*|\\.\\d+|\\d+)(e[+-]?\\d+)?")) {
      return Double.parseDouble(sign + lower);
    }
    throw new IllegalArgumentException(raw);
  }

  private static Object narrow(long value) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : value;
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\') {
        char next = text.charAt(pos++);
        switch (next) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          case '0':
            out.append('\0');
            break;
          case '\\':
          case '\'':
          case '"':
            out.append(next);
            break;
          default:
            out.append('\\').append(next);
        }
      } else {
        out.append(c);
      }
    }
  }

  private List<Object> list(char close) {
    pos++;
    List<Object> out = new ArrayList<>();
    skipSpace();
    while (text.charAt(pos) != close) {
      out.add(value());
      skipSpace();
      if (text.charAt(pos) == ',') {
        pos++;
        skipSpace();
      } else if (text.charAt(pos) != close) {
        throw new IllegalArgumentException("expected , or " + close);
      }
    }
    pos++;
    return out;
  }

  private Map<Object, Object> map() {
    pos++;
    Map<Object, Object> out = new LinkedHashMap<>();
    skipSpace();
    while (text.charAt(pos) != '}') {
      Object key = value();
      skipSpace();
      if (text.charAt(pos++) != ':') {
        throw new IllegalArgumentException("expected :");
      }
      skipSpace();
      out.put(key, value());
      skipSpace();
      if (text.charAt(pos) == ',') {
        pos++;
        skipSpace();
      } else if (text.charAt(pos) != '}') {
        throw new IllegalArgumentException("expected , or }");
      }
    }
    pos++;
    return out;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
