package dev.ploy.yaml;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed YAML file as plain Java values (maps, lists, strings, numbers, booleans, null) that
 * still knows where each mapping, list and key came from, so errors can name file:line:column.
 */
public final class YamlDocument {
  private final Path file;
  private final Object root;
  private final IdentityHashMap<Object, Location> nodes;
  private final IdentityHashMap<Object, Map<Object, Location>> keys;
  private final List<Warning> warnings;

  /** Something the file says that is read, but probably not what its author meant. */
  public record Warning(Location location, String message) {
    @Override
    public String toString() {
      return location + ": " + message;
    }
  }

  YamlDocument(
      Path file,
      Object root,
      IdentityHashMap<Object, Location> nodes,
      IdentityHashMap<Object, Map<Object, Location>> keys,
      List<Warning> warnings) {
    this.file = file;
    this.root = root;
    this.nodes = nodes;
    this.keys = keys;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * A document built in memory rather than read from a file (an ad-hoc command's play): every value
   * is located at {@code file} alone.
   */
  public static YamlDocument of(Path file, Object root) {
    return new YamlDocument(
        file, root, new IdentityHashMap<>(), new IdentityHashMap<>(), List.of());
  }

  /** What Ansible warns about in this file too (duplicate keys), in the order met. */
  public List<Warning> warnings() {
    return warnings;
  }

  public Path file() {
    return file;
  }

  /** The document's top value: a Map, a List, a scalar, or null for an empty file. */
  public Object root() {
    return root;
  }

  /** Where a mapping or list starts; the file alone when unknown. */
  public Location locate(Object value) {
    Location location = value == null ? null : nodes.get(value);
    return location == null ? Location.of(file) : location;
  }

  /** Where a key of a mapping is written; the mapping's own place when unknown. */
  public Location locateKey(Map<?, ?> map, Object key) {
    Map<Object, Location> byKey = keys.get(map);
    Location location = byKey == null ? null : byKey.get(key);
    return location == null ? locate(map) : location;
  }

  /** Whether this value (a mapping or list) was read from this document. */
  public boolean contains(Object value) {
    return value != null && nodes.containsKey(value);
  }

  /** The root as a list of mappings, or empty when it is something else. */
  public Optional<List<?>> rootList() {
    return root instanceof List<?> list ? Optional.of(list) : Optional.empty();
  }
}
