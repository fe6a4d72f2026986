package dev.ploy.expr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.Separators.Spacing;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ploy's one JSON codec, on Jackson: text as Python's {@code json.dumps} writes it (what Ansible's
 * filters, callbacks and modules print) and values as {@code json.loads} reads them. Values are
 * plain: maps, collections, strings, numbers, booleans and null; anything else is written as its
 * text (an {@link Unsafe} string as the string it holds).
 */
public final class Json {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN, Infinity: Python reads them
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNumberLength(4300) // Python's int parsing stops there too
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .build())
          .build();

  private Json() {}

  /**
   * The arguments of {@code json.dumps} that shape the text.
   *
   * @param indent null for one line with {@code ", "} and {@code ": "}; else one item per line,
   *     indented by this many spaces per level
   * @param sortKeys keys in order (numbers by value, else by text), not as the map holds them
   * @param ensureAscii text beyond ASCII written as {@code \\uXXXX} escapes (surrogate pairs beyond
   *     the BMP)
   */
  public record Format(Integer indent, boolean sortKeys, boolean ensureAscii) {
    /** {@code json.dumps(value)}: one line, keys as they come, ASCII only. */
    public static final Format DUMPS = new Format(null, false, true);

    public Format indented(int spaces) {
      return new Format(spaces, sortKeys, ensureAscii);
    }

    public Format sorted() {
      return new Format(indent, true, ensureAscii);
    }

    /** {@code ensure_ascii=False}: text written as it is, only control characters escaped. */
    public Format unicode() {
      return new Format(indent, sortKeys, false);
    }
  }

  /** {@code json.dumps(value)}. */
  public static String write(Object value) {
    return write(value, Format.DUMPS);
  }

  public static String write(Object value, Format format) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      out.setCharacterEscapes(new PythonEscapes(format.ensureAscii()));
      out.setPrettyPrinter(layout(format.indent()));
      value(out, value, format.sortKeys());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  /**
   * Python's layout: one line with {@code ", "} and {@code ": "}; or, indented, {@code ","} and a
   * new line before each item; empty containers as {@code {}} and {@code []}.
   */
  private static PrettyPrinter layout(Integer indent) {
    Spacing between = indent == null ? Spacing.AFTER : Spacing.NONE;
    Separators separators =
        Separators.createDefaultInstance()
            .withRootSeparator("")
            .withObjectFieldValueSpacing(Spacing.AFTER)
            .withObjectEntrySpacing(between)
            .withArrayValueSpacing(between)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter.Indenter lines =
        indent == null
            ? new DefaultPrettyPrinter.NopIndenter()
            : new DefaultIndenter(" ".repeat(Math.max(0, indent)), "\n"); // Python: -1 as 0
    return new DefaultPrettyPrinter(separators).withObjectIndenter(lines).withArrayIndenter(lines);
  }

  private static void value(JsonGenerator out, Object v, boolean sortKeys) throws IOException {
    if (v == null) {
      out.writeNull();
    } else if (v instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (v instanceof BigInteger big) {
      out.writeNumber(big);
    } else if (Values.isIntegral(v)) {
      out.writeNumber(((Number) v).longValue());
    } else if (Values.isFloat(v)) {
      out.writeNumber(floatText(Values.dbl(v)));
    } else if (v instanceof String s) {
      out.writeString(s);
    } else if (v instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> e : sortKeys ? sorted(map) : map.entrySet()) {
        out.writeFieldName(key(e.getKey()));
        value(out, e.getValue(), sortKeys);
      }
      out.writeEndObject();
    } else if (v instanceof Collection<?> items) {
      out.writeStartArray();
      for (Object item : items) {
        value(out, item, sortKeys);
      }
      out.writeEndArray();
    } else {
      out.writeString(String.valueOf(v));
    }
  }

  /** Python's float repr, and NaN, Infinity and -Infinity as json.dumps writes them. */
  private static String floatText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return Values.floatRepr(d);
  }

  /** A key as json.dumps writes it: numbers, booleans and None as their JSON text. */
  private static String key(Object k) {
    if (k == null || k instanceof Boolean || Values.isNumber(k)) {
      return write(k);
    }
    return String.valueOf(k);
  }

  /** The entries by key: numbers by value when all keys are numbers, else by their text. */
  private static List<Map.Entry<?, ?>> sorted(Map<?, ?> map) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
    boolean numbers = entries.stream().allMatch(e -> Values.isNumber(e.getKey()));
    Comparator<Map.Entry<?, ?>> order =
        numbers
            ? (a, b) -> Values.compare(a.getKey(), b.getKey())
            : Comparator.comparing(e -> key(e.getKey()));
    entries.sort(order);
    return entries;
  }

  /**
   * {@code json.loads(text)}: objects as ordered maps (a repeated key keeps its first place and its
   * last value), integers as Integer, Long or BigInteger, other numbers as Double.
   *
   * @throws IllegalArgumentException saying what is wrong and at which character
   */
  public static Object parse(String text) {
    try {
      return Reader.MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
      String what = e.getOriginalMessage().lines().findFirst().orElse("not JSON");
      throw new IllegalArgumentException(what + " at character " + Math.max(0, at), e);
    }
  }

  /**
   * Jackson's databind, made on the first read only: it takes a good part of a second to load, and
   * most runs write JSON without reading any.
   */
  private static final class Reader {
    static final ObjectMapper MAPPER =
        JsonMapper.builder(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  /**
   * Python's escapes: {@code \"}, {@code \\}, {@code \n \r \t \b \f}, other control characters as
   * {@code \\u00xx} (lower-case hex); with ensure_ascii, everything beyond {@code ~} too.
   */
  private static final class PythonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final boolean ensureAscii;
    private final int[] ascii = new int[128];

    PythonEscapes(boolean ensureAscii) {
      this.ensureAscii = ensureAscii;
      for (int c = 0; c < 0x20; c++) {
        ascii[c] = ESCAPE_CUSTOM;
      }
      ascii['"'] = ESCAPE_CUSTOM;
      ascii['\\'] = ESCAPE_CUSTOM;
      if (ensureAscii) {
        ascii[0x7f] = ESCAPE_CUSTOM;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      String escape =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> c < 0x20 || ensureAscii && c > 0x7e ? String.format("\\u%04x", c) : null;
          };
      return escape == null ? null : new SerializedString(escape);
    }
  }
}
