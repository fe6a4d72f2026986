package dev.ploy.inventory;

import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a YAML inventory the way Ansible's yaml plugin does: top-level keys are groups (usually
 * just {@code all}); each group may have {@code hosts}, {@code vars} and {@code children}; a host
 * maps to its vars or to nothing. Host names may hold ranges and ports.
 */
final class YamlParser {
  private final YamlDocument doc;
  private final InventoryBuilder inventory;

  private YamlParser(YamlDocument doc, InventoryBuilder inventory) {
    this.doc = doc;
    this.inventory = inventory;
  }

  static void parse(YamlDocument doc, InventoryBuilder inventory) throws InventoryException {
    Object root = doc.root();
    if (root == null) {
      inventory.warnings.add(doc.file() + ": empty YAML inventory, no hosts read");
      return;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new InventoryException(
          doc.locate(root),
          "a YAML inventory must be a mapping of groups, e.g. 'all:' with 'hosts:' under it");
    }
    if (map.containsKey("plugin")) {
      throw new InventoryException(
          doc.locateKey(map, "plugin"),
          "this is an inventory plugin configuration, which ploy cannot run; export it with"
              + " 'ansible-inventory -i FILE --list -y' and use that file");
    }
    YamlParser parser = new YamlParser(doc, inventory);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      parser.group(
          String.valueOf(entry.getKey()), entry.getValue(), doc.locateKey(map, entry.getKey()));
    }
  }

  private void group(String name, Object data, Location where) throws InventoryException {
    if (data != null && !(data instanceof Map)) {
      inventory.warnings.add(
          where + ": skipping '" + name + "', a group must map to hosts/vars/children or nothing");
      return;
    }
    inventory.group(name);
    if (data == null) {
      return;
    }
    Map<?, ?> map = (Map<?, ?>) data;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      Location at = doc.locateKey(map, entry.getKey());
      if (!key.equals("hosts") && !key.equals("vars") && !key.equals("children")) {
        inventory.warnings.add(
            at
                + ": skipping unexpected key '"
                + key
                + "' in group '"
                + name
                + "'; only hosts, vars and children are valid");
        continue;
      }
      if (value == null) {
        continue;
      }
      if (value instanceof String single && !key.equals("vars")) {
        Map<Object, Object> one = new LinkedHashMap<>();
        one.put(single, null);
        value = one;
      }
      if (!(value instanceof Map<?, ?> section)) {
        throw new InventoryException(
            at,
            "'"
                + key
                + "' of group '"
                + name
                + "' must be a mapping (name: ...), not a "
                + typeName(value)
                + (value instanceof java.util.List ? "; drop the '- ' before each entry" : ""));
      }
      switch (key) {
        case "vars":
          for (Map.Entry<?, ?> var : section.entrySet()) {
            inventory.group(name).vars.put(String.valueOf(var.getKey()), var.getValue());
          }
          break;
        case "children":
          for (Map.Entry<?, ?> child : section.entrySet()) {
            String childName = String.valueOf(child.getKey());
            Location childAt = doc.locateKey(section, child.getKey());
            group(childName, child.getValue(), childAt);
            if (inventory.hasGroup(childName)) {
              inventory.addChild(name, childName, childAt);
            }
          }
          break;
        default:
          for (Map.Entry<?, ?> host : section.entrySet()) {
            host(
                String.valueOf(host.getKey()),
                host.getValue(),
                name,
                doc.locateKey(section, host.getKey()));
          }
          break;
      }
    }
  }

  private void host(String pattern, Object vars, String group, Location where)
      throws InventoryException {
    if (vars != null && !(vars instanceof Map)) {
      throw new InventoryException(
          where,
          "host '"
              + pattern
              + "' must map to its variables (key: value) or to nothing, not a "
              + typeName(vars)
              + "; write '"
              + pattern
              + ":' alone for a host without vars");
    }
    InventoryBuilder.Address address = InventoryBuilder.parseAddress(pattern, where);
    for (String host : HostRanges.expand(address.host(), where)) {
      Map<String, Object> hostVars = inventory.addHost(host, group);
      if (address.port() != null) {
        hostVars.put("ansible_port", address.port());
      }
      if (vars != null) {
        for (Map.Entry<?, ?> var : ((Map<?, ?>) vars).entrySet()) {
          hostVars.put(String.valueOf(var.getKey()), var.getValue());
        }
      }
    }
  }

  private static String typeName(Object value) {
    if (value instanceof java.util.List) {
      return "list";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return value.getClass().getSimpleName();
  }
}
