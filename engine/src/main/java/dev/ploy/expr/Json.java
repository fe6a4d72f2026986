package dev.ploy.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON text for {@code to_json}, {@code to_nice_json} and {@code from_json}. */
final class Json {
  private Json() {}

  /**
   * Writes JSON like Python's json.dumps: {@code ", "} and {@code ": "} separators when compact;
   * with {@code indent} > 0, one item per line and keys sorted (as Ansible's to_nice_json).
   */
  static String write(Object v, int indent) {
    return write(v, indent, true);
  }

  /**
   * As {@link #write(Object, int)}; with {@code ensureAscii} false, text beyond ASCII stays as is.
   */
  static String write(Object v, int indent, boolean ensureAscii) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, indent, 0, ensureAscii);
    return sb.toString();
  }

  private static void write(
      StringBuilder sb, Object v, int indent, int level, boolean ensureAscii) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (Values.isIntegral(v)) {
      sb.append(v);
    } else if (Values.isFloat(v)) {
      double d = Values.dbl(v);
      sb.append(
          Double.isNaN(d)
              ? "NaN"
              : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : Values.floatRepr(d));
    } else if (v instanceof String s) {
      string(sb, s, ensureAscii);
    } else if (v instanceof Map<?, ?> m) {
      Map<?, ?> map = m;
      if (indent > 0) {
        Map<String, Object> sorted = new TreeMap<>();
        m.forEach((k, x) -> sorted.put(Values.str(k), x));
        map = sorted;
      }
      if (map.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        newline(sb, indent, level + 1);
        string(sb, Values.str(e.getKey()), ensureAscii);
        sb.append(": ");
        write(sb, e.getValue(), indent, level + 1, ensureAscii);
        if (it.hasNext()) {
          sb.append(indent > 0 ? "," : ", ");
        }
      }
      newline(sb, indent, level);
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      Iterator<?> it = c.iterator();
      while (it.hasNext()) {
        newline(sb, indent, level + 1);
        write(sb, it.next(), indent, level + 1, ensureAscii);
        if (it.hasNext()) {
          sb.append(indent > 0 ? "," : ", ");
        }
      }
      newline(sb, indent, level);
      sb.append(']');
    } else {
      string(sb, Values.str(v), ensureAscii);
    }
  }

  private static void newline(StringBuilder sb, int indent, int level) {
    if (indent > 0) {
      sb.append('\n').append(" ".repeat(indent * level));
    }
  }

  private static void string(StringBuilder sb, String s, boolean ensureAscii) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || ensureAscii && c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  static Object parse(String text) {
    Reader r = new Reader(text);
    r.skipSpace();
    Object v = r.value();
    r.skipSpace();
    if (r.i != text.length()) {
      throw r.error("extra data");
    }
    return v;
  }

  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    EvalError error(String message) {
      return new EvalError("from_json: " + message + " at character " + i);
    }

    void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    void expect(char c) {
      skipSpace();
      if (i >= s.length() || s.charAt(i) != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    Object value() {
      skipSpace();
      if (i >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(i);
      if (c == '{') {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (i < s.length() && s.charAt(i) == '}') {
          i++;
          return m;
        }
        do {
          skipSpace();
          String key = string();
          expect(':');
          m.put(key, value());
          skipSpace();
        } while (i < s.length() && s.charAt(i++) == ',');
        if (s.charAt(i - 1) != '}') {
          throw error("expected '}'");
        }
        return m;
      }
      if (c == '[') {
        i++;
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (i < s.length() && s.charAt(i) == ']') {
          i++;
          return l;
        }
        do {
          l.add(value());
          skipSpace();
        } while (i < s.length() && s.charAt(i++) == ',');
        if (s.charAt(i - 1) != ']') {
          throw error("expected ']'");
        }
        return l;
      }
      if (c == '"') {
        return string();
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, i)) {
          i += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String num = s.substring(start, i);
      if (num.isEmpty()) {
        throw error("unexpected '" + c + "'");
      }
      try {
        if (num.contains(".") || num.contains("e") || num.contains("E")) {
          return Double.parseDouble(num);
        }
        return Values.normalize(new BigInteger(num));
      } catch (NumberFormatException e) {
        throw error("bad number '" + num + "'");
      }
    }

    String string() {
      if (i >= s.length() || s.charAt(i) != '"') {
        throw error("expected a string");
      }
      i++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> sb.append(e);
        }
      }
    }
  }
}
