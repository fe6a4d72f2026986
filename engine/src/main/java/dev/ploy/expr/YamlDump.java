package dev.ploy.expr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * yaml.dump as Ansible 2.14 calls it for to_yaml and to_nice_yaml: PyYAML's safe representer and
 * resolver (which scalars would read back as something else and must be quoted, which collections
 * are written in flow style) and libyaml's emitter, the one Debian's python3-yaml uses (how each
 * scalar is quoted, where long lines fold, how collections are indented). Written here as that
 * emitter behaves, checked against outputs recorded from ansible-core 2.14.
 */
final class YamlDump {
  /**
   * The keywords of yaml.dump that Ansible's filters pass on: default_flow_style (null for Python's
   * None: a collection of scalars only is written in flow style), indent, width (negative: no
   * folding), sort_keys, explicit_start and explicit_end.
   */
  record Settings(
      Boolean defaultFlowStyle,
      int indent,
      int width,
      boolean sortKeys,
      boolean explicitStart,
      boolean explicitEnd) {}

  /** A scalar as the representer gives it: its text, and whether it is a string. */
  private record Scalar(String text, boolean string) implements Node {}

  private record Sequence(List<Node> items, boolean flow) implements Node {}

  private record Mapping(List<Node> keys, List<Node> values, boolean flow) implements Node {}

  private sealed interface Node permits Scalar, Sequence, Mapping {}

  private final StringBuilder out = new StringBuilder();
  private final int bestIndent;
  private final int bestWidth;
  private final Deque<Integer> indents = new ArrayDeque<>();
  private int indent = -1;
  private int flowLevel;
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;

  private YamlDump(Settings settings) {
    bestIndent = settings.indent() < 2 || settings.indent() > 9 ? 2 : settings.indent();
    int width = settings.width();
    if (width >= 0 && width <= bestIndent * 2) {
      width = 80;
    }
    bestWidth = width < 0 ? Integer.MAX_VALUE : width;
  }

  static String dump(Object input, Settings settings) {
    YamlDump emitter = new YamlDump(settings);
    Node root = represent(input, settings);
    if (settings.explicitStart()) {
      emitter.writeIndent();
      emitter.writeIndicator("---", true, false, false);
    }
    emitter.node(root, false, false);
    emitter.writeIndent();
    if (settings.explicitEnd()) {
      emitter.writeIndicator("...", true, false, false);
      emitter.writeIndent();
    }
    return emitter.out.toString();
  }

  // --- the representer: values as nodes

  private static Node represent(Object v, Settings settings) {
    if (v instanceof Map<?, ?> m) {
      List<Object> keys = new ArrayList<>(m.keySet());
      if (settings.sortKeys()) {
        keys.sort(Values::compare);
      }
      List<Node> keyNodes = new ArrayList<>();
      List<Node> valueNodes = new ArrayList<>();
      boolean scalars = true;
      for (Object k : keys) {
        Node key = represent(k, settings);
        Node value = represent(m.get(k), settings);
        scalars &= key instanceof Scalar && value instanceof Scalar;
        keyNodes.add(key);
        valueNodes.add(value);
      }
      return new Mapping(keyNodes, valueNodes, flow(settings, scalars));
    }
    if (v instanceof Collection<?> c) {
      List<Node> items = new ArrayList<>();
      boolean scalars = true;
      for (Object x : c) {
        Node item = represent(x, settings);
        scalars &= item instanceof Scalar;
        items.add(item);
      }
      return new Sequence(items, flow(settings, scalars));
    }
    if (v == null) {
      return new Scalar("null", false);
    }
    if (v instanceof Boolean b) {
      return new Scalar(b ? "true" : "false", false);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return new Scalar(v.toString(), false);
    }
    if (v instanceof Double || v instanceof Float) {
      return new Scalar(floatText(((Number) v).doubleValue()), false);
    }
    return new Scalar(Values.str(v instanceof Unsafe u ? u.text() : v), true);
  }

  /** The representer's choice: default_flow_style, or when None flow for scalars only. */
  private static boolean flow(Settings settings, boolean scalars) {
    return settings.defaultFlowStyle() == null ? scalars : settings.defaultFlowStyle();
  }

  /** A float as SafeRepresenter writes it: repr, lowercase, .inf/.nan, 1e+20 as 1.0e+20. */
  private static String floatText(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    String text = Values.floatRepr(d).toLowerCase(java.util.Locale.ROOT);
    if (!text.contains(".") && text.contains("e")) {
      text = text.replaceFirst("e", ".0e");
    }
    return text;
  }

  // --- the resolver: plain text that would read back as another type

  private static final Pattern BOOL =
      Pattern.compile(
          "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF\n?");
  private static final Pattern FLOAT =
      Pattern.compile(
          "(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
              + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN))\n?");
  private static final Pattern INT =
      Pattern.compile(
          "(?:[-+]?0b[0-1_]+"
              + "|[-+]?0[0-7_]+"
              + "|[-+]?(?:0|[1-9][0-9_]*)"
              + "|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?");
  private static final Pattern MERGE = Pattern.compile("<<\n?");
  private static final Pattern NULL = Pattern.compile("(?:~|null|Null|NULL|)\n?");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
              + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
              + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
              + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
              + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?");
  private static final Pattern VALUE = Pattern.compile("=\n?");

  /**
   * Whether plain text reads back as a string: PyYAML's resolver tries the patterns registered for
   * the text's first character (Python's {@code $} also matching before a final line break).
   */
  private static boolean plainIsString(String text) {
    if (text.isEmpty()) {
      return false;
    }
    char first = text.charAt(0);
    List<Pattern> patterns = new ArrayList<>();
    if ("yYnNtTfFoO".indexOf(first) >= 0) {
      patterns.add(BOOL);
    }
    if ("-+0123456789.".indexOf(first) >= 0) {
      patterns.add(FLOAT);
    }
    if ("-+0123456789".indexOf(first) >= 0) {
      patterns.add(INT);
      patterns.add(TIMESTAMP);
    }
    if (first == '<') {
      patterns.add(MERGE);
    }
    if ("~nN".indexOf(first) >= 0) {
      patterns.add(NULL);
    }
    if (first == '=') {
      patterns.add(VALUE);
    }
    return patterns.stream().noneMatch(p -> p.matcher(text).matches());
  }

  // --- the emitter

  private void node(Node n, boolean mappingContext, boolean simpleKey) {
    if (n instanceof Scalar s) {
      scalar(s, simpleKey);
    } else if (n instanceof Sequence s) {
      if (flowLevel > 0 || s.flow() || s.items().isEmpty()) {
        flowSequence(s);
      } else {
        blockSequence(s, mappingContext);
      }
    } else if (n instanceof Mapping m) {
      if (flowLevel > 0 || m.flow() || m.keys().isEmpty()) {
        flowMapping(m);
      } else {
        blockMapping(m);
      }
    }
  }

  private void flowSequence(Sequence s) {
    writeIndicator("[", true, true, false);
    increaseIndent(true, false);
    flowLevel++;
    boolean first = true;
    for (Node item : s.items()) {
      if (!first) {
        writeIndicator(",", false, false, false);
      }
      if (column > bestWidth) {
        writeIndent();
      }
      node(item, false, false);
      first = false;
    }
    flowLevel--;
    indent = indents.pop();
    writeIndicator("]", false, false, false);
  }

  private void flowMapping(Mapping m) {
    writeIndicator("{", true, true, false);
    increaseIndent(true, false);
    flowLevel++;
    for (int k = 0; k < m.keys().size(); k++) {
      if (k > 0) {
        writeIndicator(",", false, false, false);
      }
      if (column > bestWidth) {
        writeIndent();
      }
      mappingEntry(m.keys().get(k), m.values().get(k), true);
    }
    flowLevel--;
    indent = indents.pop();
    writeIndicator("}", false, false, false);
  }

  /**
   * One key and its value: a simple key as {@code key:}, another as {@code ? key} then {@code :} on
   * the next line (in a flow mapping only when the line is full).
   */
  private void mappingEntry(Node key, Node value, boolean flow) {
    if (simpleKey(key)) {
      node(key, true, true);
      writeIndicator(":", false, false, false);
    } else {
      writeIndicator("?", true, false, !flow);
      node(key, true, false);
      if (!flow || column > bestWidth) {
        writeIndent();
      }
      writeIndicator(":", true, false, !flow);
    }
    node(value, true, false);
  }

  private void blockSequence(Sequence s, boolean mappingContext) {
    increaseIndent(false, mappingContext && !indention);
    for (Node item : s.items()) {
      writeIndent();
      writeIndicator("-", true, false, true);
      node(item, false, false);
    }
    indent = indents.pop();
  }

  private void blockMapping(Mapping m) {
    increaseIndent(false, false);
    for (int k = 0; k < m.keys().size(); k++) {
      writeIndent();
      mappingEntry(m.keys().get(k), m.values().get(k), false);
    }
    indent = indents.pop();
  }

  /**
   * A key written without "? ": an empty collection, or a scalar of one line, 128 bytes at most.
   */
  private static boolean simpleKey(Node key) {
    if (key instanceof Scalar s) {
      return !new Analysis(s.text()).multiline
          && s.text().getBytes(StandardCharsets.UTF_8).length <= 128;
    }
    return key instanceof Sequence s ? s.items().isEmpty() : ((Mapping) key).keys().isEmpty();
  }

  private enum Style {
    PLAIN,
    SINGLE,
    DOUBLE
  }

  private void scalar(Scalar s, boolean simpleKey) {
    Analysis a = new Analysis(s.text());
    Style style = Style.PLAIN;
    if (simpleKey && a.multiline) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN) {
      if (flowLevel > 0 ? !a.flowPlainAllowed : !a.blockPlainAllowed) {
        style = Style.SINGLE;
      }
      if (s.text().isEmpty() && (flowLevel > 0 || simpleKey)) {
        style = Style.SINGLE;
      }
      if (s.string() && !plainIsString(s.text())) {
        style = Style.SINGLE;
      }
    }
    if (style == Style.SINGLE && !a.singleQuotedAllowed) {
      style = Style.DOUBLE;
    }
    increaseIndent(true, false);
    int[] text = s.text().codePoints().toArray();
    switch (style) {
      case PLAIN -> writePlainOrSingleQuoted(text, !simpleKey, false);
      case SINGLE -> writePlainOrSingleQuoted(text, !simpleKey, true);
      case DOUBLE -> writeDoubleQuoted(text, !simpleKey);
    }
    indent = indents.pop();
  }

  private void increaseIndent(boolean flow, boolean indentless) {
    indents.push(indent);
    if (indent < 0) {
      indent = flow ? bestIndent : 0;
    } else if (!indentless) {
      indent += bestIndent;
    }
  }

  private void writeIndicator(
      String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    out.append(indicator);
    column += indicator.length();
    whitespace = isWhitespace;
    indention = indention && isIndention;
  }

  private void writeIndent() {
    int at = Math.max(indent, 0);
    if (!indention || column > at || (column == at && !whitespace)) {
      putBreak();
    }
    while (column < at) {
      put(' ');
    }
    whitespace = true;
    indention = true;
  }

  private void put(int codePoint) {
    out.appendCodePoint(codePoint);
    column++;
  }

  private void putBreak() {
    out.append('\n');
    column = 0;
  }

  /** A line break of the text itself: a newline as the emitter's, others as they are. */
  private void writeBreak(int codePoint) {
    if (codePoint == '\n') {
      putBreak();
    } else {
      out.appendCodePoint(codePoint);
      column = 0;
    }
  }

  /**
   * Writes a plain or a single-quoted scalar: the two styles fold at spaces and keep line breaks
   * alike; a quoted one is enclosed in quotes, doubles its own quotes and never folds at its first
   * or last character.
   */
  private void writePlainOrSingleQuoted(int[] text, boolean allowBreaks, boolean quoted) {
    if (quoted) {
      writeIndicator("'", true, false, false);
    } else if (!whitespace && (text.length > 0 || flowLevel > 0)) {
      put(' ');
    }
    boolean spaces = false;
    boolean breaks = false;
    for (int k = 0; k < text.length; k++) {
      int c = text[k];
      if (c == ' ') {
        boolean foldable = !quoted || (k != 0 && k != text.length - 1);
        if (allowBreaks && !spaces && column > bestWidth && foldable && !isSpace(text, k + 1)) {
          writeIndent();
        } else {
          put(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        if (quoted && c == '\'') {
          put('\'');
        }
        put(c);
        indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (quoted) {
      if (breaks) {
        writeIndent();
      }
      writeIndicator("'", false, false, false);
    }
    whitespace = false;
    indention = false;
  }

  private void writeDoubleQuoted(int[] text, boolean allowBreaks) {
    writeIndicator("\"", true, false, false);
    boolean spaces = false;
    for (int k = 0; k < text.length; k++) {
      int c = text[k];
      if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
        put('\\');
        String escape =
            switch (c) {
              case 0x00 -> "0";
              case 0x07 -> "a";
              case 0x08 -> "b";
              case 0x09 -> "t";
              case 0x0A -> "n";
              case 0x0B -> "v";
              case 0x0C -> "f";
              case 0x0D -> "r";
              case 0x1B -> "e";
              case '"' -> "\"";
              case '\\' -> "\\";
              case 0x85 -> "N";
              case 0xA0 -> "_";
              case 0x2028 -> "L";
              case 0x2029 -> "P";
              default ->
                  c <= 0xFF
                      ? String.format("x%02X", c)
                      : c <= 0xFFFF ? String.format("u%04X", c) : String.format("U%08X", c);
            };
        escape.codePoints().forEach(this::put);
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > bestWidth && k != 0 && k != text.length - 1) {
          writeIndent();
          if (isSpace(text, k + 1)) {
            put('\\');
          }
        } else {
          put(c);
        }
        spaces = true;
      } else {
        put(c);
        spaces = false;
      }
    }
    writeIndicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private static boolean isSpace(int[] text, int k) {
    return k < text.length && text[k] == ' ';
  }

  private static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** What libyaml writes unescaped: newline, printable ASCII, and Unicode's BMP but surrogates. */
  private static boolean isPrintable(int c) {
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }

  /** libyaml's analysis of a scalar: which styles can write it. */
  private static final class Analysis {
    boolean multiline;
    boolean flowPlainAllowed = true;
    boolean blockPlainAllowed = true;
    boolean singleQuotedAllowed = true;

    Analysis(String value) {
      int[] text = value.codePoints().toArray();
      if (text.length == 0) {
        flowPlainAllowed = false;
        return;
      }
      boolean flowIndicators = false;
      boolean blockIndicators = false;
      if (value.startsWith("---") || value.startsWith("...")) {
        flowIndicators = true;
        blockIndicators = true;
      }
      boolean lineBreaks = false;
      boolean specialCharacters = false;
      boolean leadingSpace = false;
      boolean leadingBreak = false;
      boolean trailingSpace = false;
      boolean trailingBreak = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean previousSpace = false;
      boolean previousBreak = false;
      boolean precededByWhitespace = true;
      for (int k = 0; k < text.length; k++) {
        int c = text[k];
        boolean first = k == 0;
        boolean last = k == text.length - 1;
        boolean followedByWhitespace = k + 1 >= text.length || isBlank(text[k + 1]);
        if (first) {
          if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
            flowIndicators = true;
            blockIndicators = true;
          }
          if (c == '?' || c == ':') {
            flowIndicators = true;
            blockIndicators |= followedByWhitespace;
          }
          if (c == '-' && followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
        } else {
          if (",?[]{}".indexOf(c) >= 0) {
            flowIndicators = true;
          }
          if (c == ':') {
            flowIndicators = true;
            blockIndicators |= followedByWhitespace;
          }
          if (c == '#' && precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
        }
        if (!isPrintable(c)) {
          specialCharacters = true;
        }
        if (isBreak(c)) {
          lineBreaks = true;
        }
        if (c == ' ') {
          leadingSpace |= first;
          trailingSpace |= last;
          breakSpace |= previousBreak;
          previousSpace = true;
          previousBreak = false;
        } else if (isBreak(c)) {
          leadingBreak |= first;
          trailingBreak |= last;
          spaceBreak |= previousSpace;
          previousBreak = true;
          previousSpace = false;
        } else {
          previousSpace = false;
          previousBreak = false;
        }
        precededByWhitespace = isBlank(c);
      }
      multiline = lineBreaks;
      if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
        flowPlainAllowed = false;
        blockPlainAllowed = false;
      }
      if (breakSpace) {
        flowPlainAllowed = false;
        blockPlainAllowed = false;
        singleQuotedAllowed = false;
      }
      if (spaceBreak || specialCharacters) {
        flowPlainAllowed = false;
        blockPlainAllowed = false;
        singleQuotedAllowed = false;
      }
      if (lineBreaks) {
        flowPlainAllowed = false;
        blockPlainAllowed = false;
      }
      if (flowIndicators) {
        flowPlainAllowed = false;
      }
      if (blockIndicators) {
        blockPlainAllowed = false;
      }
    }

    /** A blank, a line break, or the end of the text (NUL). */
    private static boolean isBlank(int c) {
      return c == ' ' || c == '\t' || isBreak(c) || c == 0;
    }
  }
}
