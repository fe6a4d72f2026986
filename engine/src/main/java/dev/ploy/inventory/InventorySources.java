package dev.ploy.inventory;

import dev.ploy.vault.Vault;
import dev.ploy.vault.VaultException;
import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns {@code -i} arguments into inventory data: an INI or YAML file, a directory of them, or a
 * comma-separated host list such as {@code web1,web2,}.
 */
final class InventorySources {
  private static final List<String> IGNORED_ENDINGS =
      List.of(
          "~", ".retry", ".orig", ".pyc", ".pyo", ".swp", ".bak", ".rpm", ".md", ".txt", ".rst",
          ".cfg");

  private InventorySources() {}

  static void read(String source, InventoryBuilder inventory) throws InventoryException {
    Path path = Path.of(source);
    if (Files.isDirectory(path)) {
      readDirectory(path, inventory);
      inventory.varsDirs.add(path);
    } else if (Files.isRegularFile(path)) {
      readFile(path, inventory);
      Path parent = path.toAbsolutePath().getParent();
      inventory.varsDirs.add(parent == null ? Path.of(".") : parent);
    } else if (source.contains(",")) {
      readHostList(source, inventory);
    } else {
      throw new InventoryException(
          "inventory source '"
              + source
              + "' not found; give an INI or YAML file, a directory of them, or a host list"
              + " with a trailing comma such as -i 'web1,'");
    }
  }

  private static void readHostList(String source, InventoryBuilder inventory)
      throws InventoryException {
    Location where = Location.of(null);
    for (String part : source.split(",")) {
      String item = part.strip();
      if (item.isEmpty()) {
        continue;
      }
      InventoryBuilder.Address address = InventoryBuilder.parseAddress(item, where);
      Map<String, Object> vars = inventory.addHost(address.host(), InventoryBuilder.UNGROUPED);
      if (address.port() != null) {
        vars.put("ansible_port", address.port());
      }
    }
  }

  private static void readDirectory(Path dir, InventoryBuilder inventory)
      throws InventoryException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new InventoryException(
          "cannot list inventory directory " + dir + ": " + e.getMessage());
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (ignored(name)) {
        continue;
      }
      if (Files.isDirectory(entry)) {
        if (!name.equals("group_vars") && !name.equals("host_vars")) {
          readDirectory(entry, inventory);
        }
      } else if (Files.isRegularFile(entry)) {
        readFile(entry, inventory);
      }
    }
  }

  static boolean ignored(String name) {
    if (name.startsWith(".") || name.toUpperCase(Locale.ROOT).startsWith("README")) {
      return true;
    }
    for (String ending : IGNORED_ENDINGS) {
      if (name.endsWith(ending)) {
        return true;
      }
    }
    return false;
  }

  static void readFile(Path file, InventoryBuilder inventory) throws InventoryException {
    String text;
    try {
      text = YamlReader.readText(file);
    } catch (YamlException e) {
      throw new InventoryException("cannot read inventory " + e.getMessage(), e);
    }
    if (Vault.isEncrypted(text)) {
      try {
        text = inventory.vault.decryptText(text);
      } catch (VaultException e) {
        throw new InventoryException(file + ": vault-encrypted inventory: " + e.getMessage(), e);
      }
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean yamlName = name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".json");
    if (yamlName) {
      try {
        YamlDocument doc = YamlReader.parse(file, text, inventory.vault);
        doc.warnings().forEach(warning -> inventory.warnings.add(warning.toString()));
        YamlParser.parse(doc, inventory);
      } catch (YamlException e) {
        throw new InventoryException(e.getMessage(), e);
      }
      return;
    }
    YamlDocument doc = looksLikeYamlInventory(file, text, inventory.vault);
    if (doc != null) {
      doc.warnings().forEach(warning -> inventory.warnings.add(warning.toString()));
      YamlParser.parse(doc, inventory);
    } else {
      IniParser.parse(file, text, inventory);
    }
  }

  /** A file without a YAML extension is YAML when it parses as a mapping of groups. */
  private static YamlDocument looksLikeYamlInventory(Path file, String text, Vault vault) {
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
        continue;
      }
      if (trimmed.startsWith("[")) {
        return null;
      }
      break;
    }
    try {
      YamlDocument doc = YamlReader.parse(file, text, vault);
      if (!(doc.root() instanceof Map<?, ?> map) || map.isEmpty()) {
        return null;
      }
      for (Object value : map.values()) {
        if (value != null && !(value instanceof Map)) {
          return null;
        }
      }
      return doc;
    } catch (YamlException e) {
      return null;
    }
  }
}
