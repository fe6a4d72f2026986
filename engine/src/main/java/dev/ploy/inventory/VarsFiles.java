package dev.ploy.inventory;

import dev.ploy.vault.Vault;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code group_vars/} and {@code host_vars/} beside an inventory source or a playbook. For a
 * name, Ansible reads {@code NAME}, {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json} and
 * every such file under a directory {@code NAME/} (sorted, recursively), later files overriding
 * earlier ones key by key.
 */
final class VarsFiles {
  private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

  private VarsFiles() {}

  /** The vars for one group or host from {@code base/kind/name*}; empty when there is none. */
  static Map<String, Object> load(
      Path base, String kind, String name, Vault vault, List<String> warnings)
      throws InventoryException {
    Map<String, Object> vars = new LinkedHashMap<>();
    Path dir = base.resolve(kind);
    if (!Files.isDirectory(dir) || name.contains("/") || name.startsWith(".")) {
      return vars;
    }
    for (String ext : EXTENSIONS) {
      Path candidate = dir.resolve(name + ext);
      if (Files.isDirectory(candidate)) {
        if (ext.isEmpty()) {
          for (Path file : filesUnder(candidate)) {
            vars.putAll(read(file, vault, warnings));
          }
        }
      } else if (Files.isRegularFile(candidate)) {
        vars.putAll(read(candidate, vault, warnings));
      }
    }
    return vars;
  }

  private static List<Path> filesUnder(Path dir) throws InventoryException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(VarsFiles::isVarsFile)
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new InventoryException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static boolean isVarsFile(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 || EXTENSIONS.contains(name.substring(dot));
  }

  private static Map<String, Object> read(Path file, Vault vault, List<String> warnings)
      throws InventoryException {
    String text;
    YamlDocument doc;
    try {
      text = YamlReader.readText(file);
      doc = YamlReader.parse(file, text, vault);
    } catch (YamlException e) {
      throw new InventoryException(e.getMessage(), e);
    }
    doc.warnings().forEach(warning -> warnings.add(warning.toString()));
    Object root = doc.root();
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new InventoryException(
          doc.locate(root),
          "a vars file must be a mapping of variable names to values (name: value)");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      vars.put(String.valueOf(entry.getKey()), entry.getValue());
    }
    return vars;
  }
}
