package dev.ploy.report;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes plain values (maps, lists, strings, numbers, booleans, null) as compact JSON. */
public final class Json {
  private Json() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, null, 0);
    return out.toString();
  }

  /** JSON with each member on its own line, indented by {@code indent} spaces. */
  public static String pretty(Object value, int indent) {
    StringBuilder out = new StringBuilder();
    write(value, out, " ".repeat(indent), 0);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out, String indent, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      string(text, out);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Number number) {
      double d = number.doubleValue();
      out.append(Double.isFinite(d) ? String.valueOf(d) : "null");
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
      boolean first = true;
      while (entries.hasNext()) {
        Map.Entry<?, ?> entry = entries.next();
        out.append(first ? "" : indent == null ? ", " : ",");
        newline(out, indent, depth + 1);
        string(String.valueOf(entry.getKey()), out);
        out.append(": ");
        write(entry.getValue(), out, indent, depth + 1);
        first = false;
      }
      if (!first) {
        newline(out, indent, depth);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        out.append(first ? "" : indent == null ? ", " : ",");
        newline(out, indent, depth + 1);
        write(item, out, indent, depth + 1);
        first = false;
      }
      if (!first) {
        newline(out, indent, depth);
      }
      out.append(']');
    } else {
      string(String.valueOf(value), out);
    }
  }

  private static void newline(StringBuilder out, String indent, int depth) {
    if (indent != null) {
      out.append('\n').append(indent.repeat(depth));
    }
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
