package dev.ploy.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * yaml.dump as Ansible 2.14 calls it for to_yaml and to_nice_yaml, with libyaml's emitter (its
 * CSafeDumper): keys sorted unless sort_keys=False, lines folded at the width, text with line
 * breaks quoted, never a literal block. SnakeYAML's emitter is PyYAML's; where libyaml folds
 * differently (a long double-quoted value, folded only at spaces) the value is written here.
 */
final class YamlDump {
  private static final Pattern LINE_BREAK = Pattern.compile("[\\n\\r\\u0085\\u2028\\u2029]");

  /** Text that may need double quotes: line breaks, tabs and other characters that are escaped. */
  private static final Pattern ESCAPED =
      Pattern.compile("[^\\x20-\\x7e\\u00a0-\\ud7ff\\ue000-\\ufffd]");

  private YamlDump() {}

  static String dump(Object input, boolean block, int indent, int width, boolean sortKeys) {
    DumperOptions options = options(block, indent, width);
    List<String> doubleQuoted = new ArrayList<>();
    Object data = plain(input, sortKeys, block ? doubleQuoted : null, options);
    String out = new Yaml(new PyYamlRepresenter(options), options).dump(data);
    for (int k = 0; k < doubleQuoted.size(); k++) {
      out = replace(out, placeholder(k), doubleQuoted.get(k), options);
    }
    return out;
  }

  private static DumperOptions options(boolean block, int indent, int width) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(
        block ? DumperOptions.FlowStyle.BLOCK : DumperOptions.FlowStyle.AUTO);
    options.setIndent(indent);
    options.setWidth(width);
    options.setIndicatorIndent(0);
    return options;
  }

  private static String placeholder(int k) {
    return "PLOYDQ" + k + "QDYOLP";
  }

  /**
   * Copies into types SnakeYAML dumps without tags, the keys of mappings sorted when asked. When
   * {@code doubleQuoted} is given (block style), a long value that is written double-quoted is
   * replaced by a placeholder, and its escaped text kept there.
   */
  private static Object plain(
      Object v, boolean sortKeys, List<String> doubleQuoted, DumperOptions options) {
    if (v instanceof Map<?, ?> m) {
      List<Object> keys = new ArrayList<>(m.keySet());
      if (sortKeys) {
        keys.sort(Values::compare);
      }
      Map<Object, Object> out = new LinkedHashMap<>();
      keys.forEach(
          k ->
              out.put(
                  plain(k, sortKeys, null, options),
                  plain(m.get(k), sortKeys, doubleQuoted, options)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(x -> out.add(plain(x, sortKeys, doubleQuoted, options)));
      return out;
    }
    if (v == Templar.OMIT) {
      return Values.str(v);
    }
    if (doubleQuoted != null && v instanceof String text && ESCAPED.matcher(text).find()) {
      String escaped = doubleQuotedBody(text, options);
      if (escaped != null) {
        doubleQuoted.add(escaped);
        return placeholder(doubleQuoted.size() - 1);
      }
    }
    return v;
  }

  /** The escaped text between the quotes when the emitter writes {@code text} double-quoted. */
  private static String doubleQuotedBody(String text, DumperOptions block) {
    DumperOptions options = options(true, block.getIndent(), Integer.MAX_VALUE / 2);
    options.setSplitLines(false);
    String line = new Yaml(new PyYamlRepresenter(options), options).dump(Map.of("k", text));
    if (!line.startsWith("k: \"") || !line.endsWith("\"\n")) {
      return null;
    }
    return line.substring(4, line.length() - 2);
  }

  /**
   * Writes the double-quoted value in place of its placeholder, folded as libyaml folds it: at a
   * space (not the first or last character, not after another space) once the column is past the
   * width, the space becoming the line break; continuation lines indented one level below the
   * collection holding the value.
   */
  private static String replace(String out, String placeholder, String body, DumperOptions o) {
    int at = out.indexOf(placeholder);
    if (at < 0) {
      return out;
    }
    int lineStart = out.lastIndexOf('\n', at) + 1;
    String before = out.substring(lineStart, at);
    int collection;
    if (before.endsWith(": ")) {
      int key = 0; // the key's column: after the indentation and any "- " of enclosing sequences
      while (key < before.length() && (before.charAt(key) == ' ' || before.charAt(key) == '-')) {
        key++;
      }
      collection = key;
    } else if (before.endsWith("- ") || before.trim().startsWith("-")) {
      collection = before.lastIndexOf('-');
    } else {
      collection = -1;
    }
    int indent = collection < 0 ? o.getIndent() : collection + o.getIndent();
    List<String> tokens = tokens(body);
    StringBuilder sb = new StringBuilder("\"");
    int column = before.length() + 1;
    boolean spaces = false;
    int width = o.getWidth();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.equals(" ")) {
        if (!spaces && column > width && i != 0 && i != tokens.size() - 1) {
          sb.append('\n').append(" ".repeat(indent));
          column = indent;
          if (i + 1 < tokens.size() && tokens.get(i + 1).equals(" ")) {
            sb.append('\\');
            column++;
          }
        } else {
          sb.append(' ');
          column++;
        }
        spaces = true;
      } else {
        sb.append(t);
        column += t.codePointCount(0, t.length());
        spaces = false;
      }
    }
    sb.append('"');
    return out.substring(0, at) + sb + out.substring(at + placeholder.length());
  }

  /** The characters of a double-quoted body, each escape sequence one. */
  private static List<String> tokens(String body) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < body.length()) {
      int size;
      if (body.charAt(i) == '\\' && i + 1 < body.length()) {
        size =
            switch (body.charAt(i + 1)) {
              case 'x' -> 4;
              case 'u' -> 6;
              case 'U' -> 10;
              default -> 2;
            };
      } else {
        size = Character.charCount(body.codePointAt(i));
      }
      size = Math.min(size, body.length() - i);
      tokens.add(body.substring(i, i + size));
      i += size;
    }
    return tokens;
  }

  /**
   * Represents text as PyYAML does: text with a line break is never plain, but single-quoted where
   * allowed, else double-quoted (SnakeYAML's emitter would let it be plain, or its representer
   * write a literal block); and with default_flow_style None a collection is written in flow style
   * when it holds only scalars, quoted ones included (SnakeYAML would count only plain ones).
   */
  private static final class PyYamlRepresenter extends Representer {
    private final boolean auto;

    PyYamlRepresenter(DumperOptions options) {
      super(options);
      auto = options.getDefaultFlowStyle() == DumperOptions.FlowStyle.AUTO;
      representers.put(
          String.class,
          data -> {
            String text = (String) data;
            return LINE_BREAK.matcher(text).find()
                ? representScalar(Tag.STR, text, DumperOptions.ScalarStyle.SINGLE_QUOTED)
                : representScalar(Tag.STR, text);
          });
    }

    @Override
    protected Node representSequence(Tag tag, Iterable<?> sequence, DumperOptions.FlowStyle style) {
      Node node = super.representSequence(tag, sequence, style);
      if (auto && node instanceof SequenceNode seq) {
        boolean scalars = seq.getValue().stream().allMatch(ScalarNode.class::isInstance);
        seq.setFlowStyle(scalars ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
      }
      return node;
    }

    @Override
    protected Node representMapping(Tag tag, Map<?, ?> mapping, DumperOptions.FlowStyle style) {
      Node node = super.representMapping(tag, mapping, style);
      if (auto && node instanceof MappingNode map) {
        boolean scalars =
            map.getValue().stream()
                .allMatch(
                    t ->
                        t.getKeyNode() instanceof ScalarNode
                            && t.getValueNode() instanceof ScalarNode);
        map.setFlowStyle(scalars ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
      }
      return node;
    }
  }
}
