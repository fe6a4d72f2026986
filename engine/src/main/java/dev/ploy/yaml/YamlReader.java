package dev.ploy.yaml;

import dev.ploy.expr.Unsafe;
import dev.ploy.vault.Vault;
import dev.ploy.vault.VaultException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads YAML the way Ansible does (YAML 1.1: yes/no are booleans, 0644 is octal) into plain values
 * that remember their source locations.
 */
public final class YamlReader {
  /** Deeper than Ansible's reader goes in practice; deep enough for any real file. */
  static final int MAX_DEPTH = 500;

  static final int MAX_ALIASES = 200;

  /** How many values a document may hold once its aliases are expanded (a bound on alias bombs). */
  static final long MAX_EXPANDED_VALUES = 1_000_000;

  static {
    // "\/" is an escape of YAML 1.2 (and of JSON) that PyYAML, hence Ansible, reads as '/';
    // SnakeYAML implements YAML 1.1 and would refuse it. Its scanner reads escapes from this table.
    org.yaml.snakeyaml.scanner.ScannerImpl.ESCAPE_REPLACEMENTS.putIfAbsent('/', "/");
  }

  private YamlReader() {}

  /** How many values the node stands for with every alias written out; stops past the bound. */
  private static long expandedSize(Node node, IdentityHashMap<Node, Long> seen) {
    Long known = seen.get(node);
    if (known != null) {
      return known;
    }
    seen.put(node, 1L); // a recursive alias counts once; SnakeYAML refuses it later
    long size = 1;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        size += expandedSize(tuple.getKeyNode(), seen) + expandedSize(tuple.getValueNode(), seen);
        if (size > MAX_EXPANDED_VALUES) {
          break;
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        size += expandedSize(item, seen);
        if (size > MAX_EXPANDED_VALUES) {
          break;
        }
      }
    }
    seen.put(node, size);
    return size;
  }

  public static YamlDocument read(Path file) throws YamlException {
    return read(file, Vault.none());
  }

  /**
   * Reads a YAML file that may be vault-encrypted as a whole or hold {@code !vault} values, which
   * the vault's passwords open.
   */
  public static YamlDocument read(Path file, Vault vault) throws YamlException {
    return parse(file, readText(file), vault);
  }

  /**
   * A file's text, which must be UTF-8 (as Ansible requires): bytes that are not name the line and
   * column where they are.
   */
  public static String readText(Path file) throws YamlException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new YamlException(Location.of(file), "file not found");
    } catch (IOException e) {
      throw new YamlException(Location.of(file), "cannot read: " + e.getMessage());
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (result.isError()) {
      int offset = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      String column = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
      throw new YamlException(
          new Location(file, line, column.length() + 1),
          String.format(
              "byte 0x%02X is not UTF-8 text; save the file as UTF-8 (iconv -f latin1 -t utf-8)",
              bytes[offset] & 0xff));
    }
    out.flip();
    return out.toString();
  }

  public static YamlDocument parse(Path file, String text) throws YamlException {
    return parse(file, text, Vault.none());
  }

  public static YamlDocument parse(Path file, String text, Vault vault) throws YamlException {
    if (Vault.isEncrypted(text)) {
      try {
        text = vault.decryptText(text);
      } catch (VaultException e) {
        throw new YamlException(Location.of(file), "vault-encrypted file: " + e.getMessage());
      }
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(64 * 1024 * 1024);
    LocatingConstructor constructor = new LocatingConstructor(file, options, vault);
    Yaml yaml =
        new Yaml(constructor, new Representer(new DumperOptions()), new DumperOptions(), options);
    try (Reader reader = new StringReader(text)) {
      Node node = yaml.compose(reader);
      if (node == null) {
        return new YamlDocument(file, null, constructor.nodes, constructor.keys, List.of());
      }
      long expanded = expandedSize(node, new IdentityHashMap<>());
      if (expanded > MAX_EXPANDED_VALUES) {
        throw new YamlException(
            constructor.at(node.getStartMark()),
            "aliases expand this document to more than "
                + MAX_EXPANDED_VALUES
                + " values (an alias bomb?); write the values out or use fewer nested aliases");
      }
      Object root = constructor.build(node);
      return new YamlDocument(
          file, root, constructor.nodes, constructor.keys, constructor.duplicateKeys);
    } catch (VaultValueException e) {
      throw new YamlException(e.where, "vault-encrypted value: " + e.getMessage());
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Location where =
          mark == null
              ? Location.of(file)
              : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      throw new YamlException(
          where,
          "YAML syntax error: "
              + problem
              + context
              + "; check the indentation and quoting on this line and the one before");
    } catch (YAMLException e) {
      if (String.valueOf(e.getMessage()).startsWith("Nesting Depth exceeded")) {
        throw new YamlException(
            Location.of(file),
            "YAML nested more than " + MAX_DEPTH + " levels deep; flatten the structure");
      }
      throw new YamlException(Location.of(file), "YAML error: " + e.getMessage());
    } catch (IOException e) {
      throw new YamlException(Location.of(file), "cannot read: " + e.getMessage());
    }
  }

  /** A !vault value that cannot be opened, where it is. */
  private static final class VaultValueException extends RuntimeException {
    final Location where;

    VaultValueException(Location where, String message) {
      super(message);
      this.where = where;
    }
  }

  /** A SafeConstructor that records where each mapping, sequence and key starts. */
  private static final class LocatingConstructor extends SafeConstructor {
    private final Path file;
    final IdentityHashMap<Object, Location> nodes = new IdentityHashMap<>();
    final IdentityHashMap<Object, Map<Object, Location>> keys = new IdentityHashMap<>();
    final List<YamlDocument.Warning> duplicateKeys = new ArrayList<>();

    LocatingConstructor(Path file, LoaderOptions options, Vault vault) {
      super(options);
      this.file = file;
      // Ansible's !vault holds one value encrypted with ansible-vault encrypt_string.
      this.yamlConstructors.put(
          new Tag("!vault"),
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              Location where = at(node.getStartMark());
              if (!(node instanceof ScalarNode scalar)) {
                throw new VaultValueException(where, "!vault must tag a text block ('!vault |')");
              }
              try {
                return vault.decryptText(scalar.getValue());
              } catch (VaultException e) {
                throw new VaultValueException(where, e.getMessage());
              }
            }
          });
      // Ansible's !unsafe marks text that is never templated: a string, or every string of a
      // list or mapping
      this.yamlConstructors.put(
          new Tag("!unsafe"),
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              if (node instanceof ScalarNode scalar) {
                return new Unsafe(scalar.getValue());
              }
              return Unsafe.wrap(
                  node instanceof MappingNode mapping
                      ? constructMapping(mapping)
                      : constructSequence((SequenceNode) node));
            }
          });
    }

    Object build(Node node) {
      return constructDocument(node);
    }

    @Override
    protected Object constructObject(Node node) {
      Object value = super.constructObject(node);
      if ((value instanceof Map || value instanceof java.util.List) && !nodes.containsKey(value)) {
        nodes.put(value, at(node.getStartMark()));
      }
      return value;
    }

    @Override
    protected Map<Object, Object> createDefaultMap(int initSize) {
      return new LinkedHashMap<>(initSize);
    }

    @Override
    protected void constructMapping2ndStep(MappingNode node, Map<Object, Object> mapping) {
      // before SafeConstructor drops the earlier of duplicate keys from the node
      Map<Object, Location> byKey = new LinkedHashMap<>();
      for (NodeTuple tuple : node.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode scalar && !Tag.MERGE.equals(scalar.getTag())) {
          Object key = constructObject(scalar);
          Location where = at(scalar.getStartMark());
          if (byKey.containsKey(key)) {
            duplicateKeys.add(
                new YamlDocument.Warning(
                    where,
                    "found a duplicate dict key ("
                        + key
                        + "); the last value is used (remove one of them)"));
          }
          byKey.put(key, where);
        }
      }
      super.constructMapping2ndStep(node, mapping);
      keys.put(mapping, byKey);
      nodes.put(mapping, at(node.getStartMark()));
    }

    Location at(Mark mark) {
      return mark == null
          ? Location.of(file)
          : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
  }
}
