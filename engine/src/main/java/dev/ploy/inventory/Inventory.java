package dev.ploy.inventory;

import dev.ploy.vars.Precedence;
import dev.ploy.vars.Precedence.View;
import dev.ploy.vault.Vault;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hosts, groups and their variables, read from Ansible inventories (INI, YAML, directories, host
 * lists) plus the {@code group_vars/} and {@code host_vars/} beside them and beside the playbook.
 *
 * <p>Behaves as Ansible does: every group is under {@code all}; hosts in no group are in {@code
 * ungrouped}; {@code localhost}, {@code 127.0.0.1} and {@code ::1} exist implicitly (with {@code
 * ansible_connection=local}) when the inventory does not name them, but the implicit one is not in
 * {@code all}. Variables merge in Ansible's default precedence; values are returned untemplated.
 */
public final class Inventory {
  static final Set<String> LOCALHOST_NAMES = Set.of("localhost", "127.0.0.1", "::1");

  /** The vars files of one directory (beside an inventory source or the playbook). */
  private record VarsDir(
      Path dir, Map<String, Map<String, Object>> groups, Map<String, Map<String, Object>> hosts) {}

  private final List<Host> hosts;
  private final Map<String, InventoryBuilder.GroupData> groupData;
  private final Map<String, Map<String, Object>> inlineHostVars;
  private final List<VarsDir> inventoryVars;
  private final List<VarsDir> playbookVars;
  private final List<String> warnings;
  private final Vault vault;
  private final Map<String, Integer> depth = new HashMap<>();
  private final Map<String, Set<String>> groupsOfHost = new HashMap<>();
  private final Map<String, List<String>> hostsOfGroup = new LinkedHashMap<>();

  private Inventory(
      InventoryBuilder builder, List<VarsDir> inventoryVars, List<VarsDir> playbookVars) {
    this.groupData = builder.groups;
    this.inlineHostVars = builder.hostVars;
    this.warnings = List.copyOf(builder.warnings);
    this.vault = builder.vault;
    this.inventoryVars = inventoryVars;
    this.playbookVars = playbookVars;
    List<Host> all = new ArrayList<>();
    for (String name : builder.hostVars.keySet()) {
      all.add(new Host(name));
    }
    this.hosts = List.copyOf(all);
    computeDepths();
    for (String group : groupData.keySet()) {
      hostsOfGroup.put(group, collectHosts(group));
      for (String host : hostsOfGroup.get(group)) {
        groupsOfHost.computeIfAbsent(host, h -> new LinkedHashSet<>()).add(group);
      }
    }
  }

  /**
   * Reads inventory sources, as {@code -i} does: INI or YAML files, directories of them (skipping
   * hidden files, README*, *.retry, *.orig and the like), or host lists such as {@code web1,web2,}.
   * An empty list gives an empty inventory.
   */
  public static Inventory load(List<String> sources) throws InventoryException {
    return load(sources, Vault.none());
  }

  /** As {@link #load(List)}, opening vault-encrypted files and {@code !vault} values. */
  public static Inventory load(List<String> sources, Vault vault) throws InventoryException {
    InventoryBuilder builder = new InventoryBuilder(vault);
    for (String source : sources) {
      InventorySources.read(source, builder);
    }
    builder.reconcile();
    List<VarsDir> dirs = new ArrayList<>();
    for (Path dir : builder.varsDirs) {
      dirs.add(readVarsDir(dir, builder));
    }
    return new Inventory(builder, List.copyOf(dirs), List.of());
  }

  /**
   * This inventory plus the {@code group_vars/} and {@code host_vars/} beside the playbook, which
   * take precedence over those beside the inventory.
   */
  public Inventory withPlaybookVars(Path playbookDir) throws InventoryException {
    InventoryBuilder builder = new InventoryBuilder(vault);
    builder.groups.clear();
    builder.groups.putAll(groupData);
    builder.hostVars.putAll(inlineHostVars);
    builder.warnings.addAll(warnings);
    List<VarsDir> extra = new ArrayList<>(playbookVars);
    extra.add(readVarsDir(playbookDir, builder));
    return new Inventory(builder, inventoryVars, List.copyOf(extra));
  }

  /** An inventory changed during a run, and whether anything differs from the one it came from. */
  public record Update(Inventory inventory, boolean changed) {}

  /**
   * This inventory with a host added or updated as Ansible's add_host does: the host is created if
   * new, {@code vars} merged over its inline variables, and it joins {@code groups} (created under
   * {@code all} if new). Changed when any of these is new.
   */
  public Update withHost(String name, List<String> groups, Map<String, Object> vars) {
    InventoryBuilder builder = copy();
    boolean changed = !builder.hostVars.containsKey(name);
    Map<String, Object> own = builder.addHost(name, null);
    for (Map.Entry<String, Object> entry : vars.entrySet()) {
      if (!own.containsKey(entry.getKey())
          || !java.util.Objects.equals(own.get(entry.getKey()), entry.getValue())) {
        own.put(entry.getKey(), entry.getValue());
        changed = true;
      }
    }
    for (String group : groups) {
      changed |= !builder.hasGroup(group);
      changed |= builder.group(group).hosts.add(name);
    }
    builder.reconcile();
    return new Update(new Inventory(builder, inventoryVars, playbookVars), changed);
  }

  /**
   * This inventory with {@code host} in {@code group}, as Ansible's group_by does: the group and
   * its {@code parents} are created if new (the parents under {@code all}), and the group made a
   * child of each parent.
   */
  public Update withGroup(String host, String group, List<String> parents)
      throws InventoryException {
    InventoryBuilder builder = copy();
    boolean changed = !builder.hasGroup(group);
    builder.group(group);
    for (String parent : parents) {
      changed |= !builder.hasGroup(parent);
      if (!parent.equals(InventoryBuilder.ALL) && !builder.group(parent).children.contains(group)) {
        if (group.equals(InventoryBuilder.ALL)
            || parent.equals(group)
            || builder.descendants(group).contains(parent)) {
          throw new InventoryException(
              "group '" + group + "' cannot be a child of '" + parent + "': that makes a loop");
        }
        builder.group(parent).children.add(group);
        builder.group(group).parents.add(parent);
        changed = true;
      }
    }
    if (!group.equals(InventoryBuilder.ALL)) {
      changed |= builder.group(group).hosts.add(host);
    }
    builder.reconcile();
    return new Update(new Inventory(builder, inventoryVars, playbookVars), changed);
  }

  /** A host name and the port written after it, if any ({@code web1:2222}). */
  public record Address(String host, Integer port) {}

  /**
   * Splits {@code host:port} as Ansible's parse_address does for add_host; text that is no address
   * is the name as it is.
   */
  public static Address parseAddress(String text) {
    try {
      InventoryBuilder.Address address = InventoryBuilder.parseAddress(text, null);
      return new Address(address.host(), address.port());
    } catch (InventoryException e) {
      return new Address(text, null);
    }
  }

  /** A builder holding a deep copy of this inventory's groups and inline host variables. */
  private InventoryBuilder copy() {
    InventoryBuilder builder = new InventoryBuilder(vault);
    builder.groups.clear();
    for (InventoryBuilder.GroupData data : groupData.values()) {
      InventoryBuilder.GroupData copy = builder.group(data.name);
      copy.vars.putAll(data.vars);
      copy.hosts.addAll(data.hosts);
      copy.children.addAll(data.children);
      copy.parents.addAll(data.parents);
    }
    inlineHostVars.forEach((host, vars) -> builder.hostVars.put(host, new LinkedHashMap<>(vars)));
    builder.warnings.addAll(warnings);
    return builder;
  }

  private static VarsDir readVarsDir(Path dir, InventoryBuilder builder) throws InventoryException {
    Map<String, Map<String, Object>> groups = new HashMap<>();
    for (String group : builder.groups.keySet()) {
      Map<String, Object> vars =
          VarsFiles.load(dir, "group_vars", group, builder.vault, builder.warnings);
      if (!vars.isEmpty()) {
        groups.put(group, vars);
      }
    }
    Map<String, Map<String, Object>> hosts = new HashMap<>();
    Set<String> names = new LinkedHashSet<>(builder.hostVars.keySet());
    names.addAll(LOCALHOST_NAMES);
    for (String host : names) {
      Map<String, Object> vars =
          VarsFiles.load(dir, "host_vars", host, builder.vault, builder.warnings);
      if (!vars.isEmpty()) {
        hosts.put(host, vars);
      }
    }
    return new VarsDir(dir, groups, hosts);
  }

  /** Every host the inventory names, in the order first defined; never the implicit localhost. */
  public List<Host> hosts() {
    return hosts;
  }

  /**
   * The named host; for {@code localhost}, {@code 127.0.0.1} or {@code ::1} the inventory's
   * localhost when it names one, else the implicit localhost.
   */
  public Optional<Host> host(String name) {
    if (inlineHostVars.containsKey(name)) {
      return Optional.of(new Host(name));
    }
    if (LOCALHOST_NAMES.contains(name)) {
      for (Host host : hosts) {
        if (LOCALHOST_NAMES.contains(host.name())) {
          return Optional.of(host);
        }
      }
      return Optional.of(new Host(name));
    }
    return Optional.empty();
  }

  /** Whether the host is the implicit localhost, which no group contains. */
  public boolean isImplicit(Host host) {
    return !inlineHostVars.containsKey(host.name()) && LOCALHOST_NAMES.contains(host.name());
  }

  /**
   * The hosts an Ansible host pattern matches: {@code all}, {@code *}, groups, hosts, {@code a:b}
   * or {@code a,b} (union), {@code a:&b} (intersection), {@code a:!b} (exclusion), globs, {@code
   * ~regex}, subscripts {@code web[0]}, {@code web[1:3]}. A name that matches nothing adds nothing.
   */
  public List<Host> select(String pattern) throws InventoryException {
    return new HostPatterns(this).select(HostPatterns.split(pattern));
  }

  /**
   * The given hosts that also match a {@code --limit} pattern, in their given order; {@code @FILE}
   * reads one pattern per line (as in a .retry file).
   */
  public List<Host> limit(List<Host> hosts, String pattern) throws InventoryException {
    Set<Host> allowed =
        new LinkedHashSet<>(new HostPatterns(this).select(HostPatterns.limitTerms(pattern)));
    List<Host> kept = new ArrayList<>();
    for (Host host : hosts) {
      if (allowed.contains(host)) {
        kept.add(host);
      }
    }
    return kept;
  }

  /**
   * The host's variables: its inventory layers of {@link Precedence} merged in that order (group
   * vars written in the inventory, group_vars/all, group_vars of its groups, its own inventory
   * vars, host_vars). Values are untemplated. Empty for a host the inventory does not know.
   */
  public Map<String, Object> varsOf(Host host) {
    Map<Precedence, Map<String, Object>> layers = layersOf(host);
    return Precedence.merged(View.INVENTORY, layer -> layers.getOrDefault(layer, Map.of()));
  }

  /**
   * The host's inventory layers of {@link Precedence}, each merged within itself: groups by depth,
   * {@code ansible_group_priority} and name; the vars files beside the inventory, then beside the
   * playbook. Empty for a host the inventory does not know.
   */
  public Map<Precedence, Map<String, Object>> layersOf(Host host) {
    Map<Precedence, Map<String, Object>> layers = new EnumMap<>(Precedence.class);
    boolean implicit = isImplicit(host);
    if (!implicit && !inlineHostVars.containsKey(host.name())) {
      return layers;
    }
    List<String> groups = implicit ? List.of(InventoryBuilder.ALL) : sortedGroups(host);
    for (Precedence layer : Precedence.of(View.INVENTORY)) {
      Map<String, Object> vars = new LinkedHashMap<>();
      switch (layer) {
        case INVENTORY_GROUP_VARS ->
            groups.forEach(group -> vars.putAll(groupData.get(group).vars));
        case GROUP_VARS_ALL ->
            varsDirs()
                .forEach(
                    dir -> vars.putAll(dir.groups().getOrDefault(InventoryBuilder.ALL, Map.of())));
        case GROUP_VARS ->
            varsDirs()
                .forEach(
                    dir ->
                        groups.stream()
                            .filter(group -> !group.equals(InventoryBuilder.ALL))
                            .forEach(
                                group -> vars.putAll(dir.groups().getOrDefault(group, Map.of()))));
        case INVENTORY_HOST_VARS ->
            vars.putAll(
                implicit ? Map.of("ansible_connection", "local") : inlineHostVars.get(host.name()));
        case HOST_VARS ->
            varsDirs().forEach(dir -> vars.putAll(dir.hosts().getOrDefault(host.name(), Map.of())));
        default -> throw new IllegalStateException(layer + " is not read from the inventory");
      }
      layers.put(layer, vars);
    }
    return layers;
  }

  /** The directories of vars files: beside the inventory sources, then beside the playbook. */
  private List<VarsDir> varsDirs() {
    List<VarsDir> dirs = new ArrayList<>(inventoryVars);
    dirs.addAll(playbookVars);
    return dirs;
  }

  /** Ansible's {@code group_names}: the host's groups and their ancestors, sorted, without all. */
  public List<String> groupNames(Host host) {
    Set<String> names = new TreeSet<>(groupsOfHost.getOrDefault(host.name(), Set.of()));
    names.remove(InventoryBuilder.ALL);
    return List.copyOf(names);
  }

  /**
   * Ansible's {@code groups}: every group (all and ungrouped first) to the names of its hosts,
   * including the hosts of its child groups.
   */
  public Map<String, List<String>> groups() {
    return Collections.unmodifiableMap(hostsOfGroup);
  }

  /** A group's direct child groups, in the order written; empty for an unknown group. */
  public List<String> children(String group) {
    InventoryBuilder.GroupData data = groupData.get(group);
    return data == null ? List.of() : List.copyOf(data.children);
  }

  /** A group's own hosts (not those of its children), in the order written. */
  public List<String> directHosts(String group) {
    if (group.equals(InventoryBuilder.ALL)) {
      return List.of();
    }
    InventoryBuilder.GroupData data = groupData.get(group);
    return data == null ? List.of() : List.copyOf(data.hosts);
  }

  /** The variables written for a group in the inventory itself (not group_vars/). */
  public Map<String, Object> groupVars(String group) {
    InventoryBuilder.GroupData data = groupData.get(group);
    return data == null ? Map.of() : Collections.unmodifiableMap(data.vars);
  }

  /** Problems Ansible would warn about, such as unexpected keys in a YAML inventory. */
  public List<String> warnings() {
    return warnings;
  }

  List<String> groupNamesInOrder() {
    return List.copyOf(groupData.keySet());
  }

  List<Host> hostsOf(String group) {
    List<Host> out = new ArrayList<>();
    for (String name : hostsOfGroup.getOrDefault(group, List.of())) {
      out.add(new Host(name));
    }
    return out;
  }

  private List<String> sortedGroups(Host host) {
    List<String> groups = new ArrayList<>(groupsOfHost.getOrDefault(host.name(), Set.of()));
    groups.sort(
        Comparator.comparingInt((String g) -> depth.getOrDefault(g, 0))
            .thenComparingInt(this::priority)
            .thenComparing(Comparator.naturalOrder()));
    return groups;
  }

  private int priority(String group) {
    Object value = groupData.get(group).vars.get("ansible_group_priority");
    if (value instanceof Number number) {
      return number.intValue();
    }
    if (value instanceof String text) {
      try {
        return Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        return 1;
      }
    }
    return 1;
  }

  /** Depth as Ansible counts it: all is 0, a group is one deeper than its deepest parent. */
  private void computeDepths() {
    depth.put(InventoryBuilder.ALL, 0);
    Deque<String> todo = new ArrayDeque<>();
    todo.add(InventoryBuilder.ALL);
    while (!todo.isEmpty()) {
      String group = todo.poll();
      int next = depth.get(group) + 1;
      for (String child : groupData.get(group).children) {
        if (depth.getOrDefault(child, -1) < next) {
          depth.put(child, next);
          todo.add(child);
        }
      }
    }
  }

  /** A group's hosts: its own first, then those of its descendants, breadth first. */
  private List<String> collectHosts(String group) {
    if (group.equals(InventoryBuilder.ALL)) {
      return List.copyOf(inlineHostVars.keySet());
    }
    Set<String> out = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(group);
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (seen.add(next)) {
        out.addAll(groupData.get(next).hosts);
        todo.addAll(groupData.get(next).children);
      }
    }
    return List.copyOf(out);
  }
}
