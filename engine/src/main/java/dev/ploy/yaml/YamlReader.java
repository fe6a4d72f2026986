package dev.ploy.yaml;

import dev.ploy.vault.Vault;
import dev.ploy.vault.VaultException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML the way Ansible does (YAML 1.1: yes/no are booleans, 0644 is octal) into plain values
 * that remember their source locations.
 */
public final class YamlReader {
  private YamlReader() {}

  public static YamlDocument read(Path file) throws YamlException {
    return read(file, Vault.none());
  }

  /**
   * Reads a YAML file that may be vault-encrypted as a whole or hold {@code !vault} values, which
   * the vault's passwords open.
   */
  public static YamlDocument read(Path file, Vault vault) throws YamlException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new YamlException(Location.of(file), "file not found");
    } catch (IOException e) {
      throw new YamlException(Location.of(file), "cannot read: " + e.getMessage());
    }
    return parse(file, text, vault);
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
    options.setMaxAliasesForCollections(200);
    options.setCodePointLimit(64 * 1024 * 1024);
    LocatingConstructor constructor = new LocatingConstructor(file, options, vault);
    Yaml yaml = new Yaml(constructor);
    try (Reader reader = new StringReader(text)) {
      Object root = yaml.load(reader);
      return new YamlDocument(file, root, constructor.nodes, constructor.keys);
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
      // Ansible's !unsafe marks a string that must not be templated; ploy reads it as a string.
      this.yamlConstructors.put(
          new Tag("!unsafe"),
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              return ((ScalarNode) node).getValue();
            }
          });
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
      super.constructMapping2ndStep(node, mapping);
      Map<Object, Location> byKey = new LinkedHashMap<>();
      for (NodeTuple tuple : node.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode scalar) {
          Object key = constructObject(scalar);
          byKey.putIfAbsent(key, at(scalar.getStartMark()));
        }
      }
      keys.put(mapping, byKey);
      nodes.put(mapping, at(node.getStartMark()));
    }

    private Location at(Mark mark) {
      return mark == null
          ? Location.of(file)
          : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
  }
}
