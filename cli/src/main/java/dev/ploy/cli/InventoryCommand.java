package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.config.ConfigException;
import dev.ploy.expr.Json;
import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.vault.Vault;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ploy inventory}: shows an inventory the way {@code ansible-inventory} does. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description = "Shows the hosts, groups and variables of an inventory, like ansible-inventory.")
public final class InventoryCommand implements Callable<Integer> {
  /** Exit code when the inventory cannot be read. */
  static final int INVENTORY_ERROR = 5;

  /** As ansible-inventory writes JSON: sorted keys, four spaces, text beyond ASCII as it is. */
  private static final Json.Format AS_ANSIBLE_INVENTORY =
      Json.Format.DUMPS.indented(4).sorted().unicode();

  @Spec CommandSpec spec;

  @Option(
      names = {"-i", "--inventory"},
      paramLabel = "SOURCE",
      description = "Inventory file, directory or host list (h1,h2,); repeatable.")
  List<String> inventories = new ArrayList<>();

  @Option(
      names = "--playbook-dir",
      paramLabel = "DIR",
      description = "Also read group_vars/ and host_vars/ in this directory.")
  Path playbookDir;

  @Option(
      names = {"-y", "--yaml"},
      description = "Write YAML instead of JSON (with --list or --host).")
  boolean yaml;

  @Mixin VaultOptions vaultOptions = new VaultOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  /** What to show; exactly one. */
  static final class Action {
    @Option(names = "--list", description = "All groups and hosts with their variables.")
    boolean list;

    @Option(names = "--graph", description = "The group tree, optionally from GROUP down.")
    boolean graph;

    @Option(names = "--host", paramLabel = "NAME", description = "The variables of one host.")
    String host;
  }

  @Parameters(
      arity = "0..1",
      paramLabel = "GROUP",
      description = "With --graph: the group to start from (default all).")
  String group;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Vault vault = vaultOptions.vault(Config.load(Path.of("."), System.getenv()));
      Inventory inventory = Inventory.load(inventories, vault);
      if (playbookDir != null) {
        inventory = inventory.withPlaybookVars(playbookDir);
      }
      for (String warning : inventory.warnings()) {
        err.println("[WARNING]: " + warning);
      }
      if (action.graph) {
        String start = group == null ? "all" : group;
        if (!inventory.groups().containsKey(start)) {
          err.println("ERROR: no group named '" + start + "' in the inventory");
          return INVENTORY_ERROR;
        }
        List<String> lines = new ArrayList<>();
        graph(inventory, start, 0, lines);
        lines.forEach(out::println);
      } else if (action.host != null) {
        Optional<Host> host = inventory.host(action.host);
        if (host.isEmpty()) {
          err.println(
              "ERROR: host '" + action.host + "' is not in the inventory; see --list or --graph");
          return INVENTORY_ERROR;
        }
        print(out, inventory.varsOf(host.get()));
      } else {
        print(out, yaml ? yamlTree(inventory) : jsonList(inventory));
      }
      out.flush();
      return 0;
    } catch (InventoryException | UsageException | ConfigException e) {
      err.println("ERROR: " + e.getMessage());
      err.flush();
      return INVENTORY_ERROR;
    }
  }

  private void print(PrintWriter out, Object value) {
    StringBuilder text = new StringBuilder();
    if (yaml) {
      Yaml.write(value, 0, text);
    } else {
      text.append(Json.write(value, AS_ANSIBLE_INVENTORY)).append('\n');
    }
    out.print(text);
  }

  /** The shape of {@code ansible-inventory --list}: _meta.hostvars plus one entry per group. */
  private static Map<String, Object> jsonList(Inventory inventory) {
    Map<String, Object> result = new LinkedHashMap<>();
    Map<String, Object> hostvars = new LinkedHashMap<>();
    for (Host host : inventory.hosts()) {
      hostvars.put(host.name(), inventory.varsOf(host));
    }
    result.put("_meta", Map.of("hostvars", hostvars));
    for (String name : inventory.groups().keySet()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      List<String> hosts = inventory.directHosts(name);
      List<String> children = inventory.children(name);
      if (!hosts.isEmpty()) {
        entry.put("hosts", hosts);
      }
      if (!children.isEmpty()) {
        entry.put("children", children);
      }
      if (!entry.isEmpty()) {
        result.put(name, entry);
      }
    }
    return result;
  }

  /** The shape of {@code ansible-inventory --list -y}: a YAML inventory, vars at first mention. */
  private static Map<String, Object> yamlTree(Inventory inventory) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("all", yamlGroup(inventory, "all", new HashSet<>()));
    return result;
  }

  private static Map<String, Object> yamlGroup(Inventory inventory, String name, Set<String> seen) {
    Map<String, Object> entry = new LinkedHashMap<>();
    Map<String, Object> children = new LinkedHashMap<>();
    for (String child : inventory.children(name)) {
      children.put(child, yamlGroup(inventory, child, seen));
    }
    Map<String, Object> hosts = new LinkedHashMap<>();
    for (String host : inventory.directHosts(name)) {
      hosts.put(host, seen.add(host) ? inventory.varsOf(new Host(host)) : Map.of());
    }
    if (!children.isEmpty()) {
      entry.put("children", children);
    }
    if (!hosts.isEmpty()) {
      entry.put("hosts", hosts);
    }
    return entry;
  }

  /** {@code ansible-inventory --graph}: groups then hosts, each sorted, {@code |--} per level. */
  private static void graph(Inventory inventory, String name, int depth, List<String> lines) {
    lines.add(indent(depth) + "@" + name + ":");
    for (String child : inventory.children(name).stream().sorted().toList()) {
      graph(inventory, child, depth + 1, lines);
    }
    for (String host : inventory.directHosts(name).stream().sorted().toList()) {
      lines.add(indent(depth + 1) + host);
    }
  }

  private static String indent(int depth) {
    return depth == 0 ? "" : "  |".repeat(depth) + "--";
  }

  /** Block-style YAML; strings that could read as something else are written double-quoted. */
  private static final class Yaml {
    private Yaml() {}

    static void write(Object value, int level, StringBuilder out) {
      if (value instanceof Map<?, ?> map && !map.isEmpty()) {
        for (Map.Entry<String, Object> entry : sorted(map).entrySet()) {
          out.append("  ".repeat(level));
          scalar(entry.getKey(), out);
          out.append(':');
          nested(entry.getValue(), level, out);
        }
      } else if (value instanceof List<?> list && !list.isEmpty()) {
        for (Object item : list) {
          out.append("  ".repeat(level)).append('-');
          nested(item, level, out);
        }
      } else {
        scalar(value, out);
        out.append('\n');
      }
    }

    private static void nested(Object value, int level, StringBuilder out) {
      boolean block =
          (value instanceof Map<?, ?> m && !m.isEmpty())
              || (value instanceof List<?> l && !l.isEmpty());
      if (block) {
        out.append('\n');
        write(value, level + 1, out);
      } else {
        out.append(' ');
        scalar(value, out);
        out.append('\n');
      }
    }

    private static void scalar(Object value, StringBuilder out) {
      if (value instanceof Map) {
        out.append("{}");
      } else if (value instanceof List) {
        out.append("[]");
      } else if (value == null) {
        out.append("null");
      } else if (value instanceof Boolean || value instanceof Number) {
        out.append(value);
      } else {
        String text = String.valueOf(value);
        if (text.matches("[A-Za-z_/][A-Za-z0-9_./@-]*")
            && !text.matches("(?i)y|n|yes|no|true|false|on|off|null|~")) {
          out.append(text);
        } else {
          out.append(Json.write(text));
        }
      }
    }
  }

  private static Map<String, Object> sorted(Map<?, ?> map) {
    Map<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      sorted.put(String.valueOf(entry.getKey()), entry.getValue());
    }
    return sorted;
  }
}
