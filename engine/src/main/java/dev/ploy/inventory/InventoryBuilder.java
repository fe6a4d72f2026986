package dev.ploy.inventory;

import dev.ploy.vault.Vault;
import dev.ploy.yaml.Location;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory while sources are read: groups, hosts, their parent/child links and inline vars.
 * The parsers fill it; {@link #reconcile()} then applies Ansible's rules (every group under {@code
 * all}, hosts without a group in {@code ungrouped}).
 */
final class InventoryBuilder {
  static final String ALL = "all";
  static final String UNGROUPED = "ungrouped";

  private static final Pattern BRACKETED_IPV6 =
      Pattern.compile("^\\[([0-9A-Fa-f:.]+)\\](?::(\\d+))?$");
  private static final Pattern IPV6 =
      Pattern.compile("^[0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");

  /** A group being built; order of hosts and children is the order they were written. */
  static final class GroupData {
    final String name;
    final Map<String, Object> vars = new LinkedHashMap<>();
    final Set<String> hosts = new LinkedHashSet<>();
    final Set<String> children = new LinkedHashSet<>();
    final Set<String> parents = new LinkedHashSet<>();

    GroupData(String name) {
      this.name = name;
    }
  }

  final Map<String, GroupData> groups = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();
  final List<Path> varsDirs = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  final Vault vault;

  InventoryBuilder(Vault vault) {
    this.vault = vault;
    group(ALL);
    group(UNGROUPED);
    groups.get(ALL).children.add(UNGROUPED);
    groups.get(UNGROUPED).parents.add(ALL);
  }

  GroupData group(String name) {
    return groups.computeIfAbsent(name, GroupData::new);
  }

  boolean hasGroup(String name) {
    return groups.containsKey(name);
  }

  /** Adds a host (once) and, when group is not null, makes it a member of that group. */
  Map<String, Object> addHost(String host, String group) {
    Map<String, Object> vars = hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>());
    if (group != null && !group.equals(ALL)) {
      group(group).hosts.add(host);
    }
    return vars;
  }

  void addChild(String parent, String child, Location where) throws InventoryException {
    if (child.equals(ALL)) {
      throw new InventoryException(
          where, "group 'all' cannot be a child of '" + parent + "'; every group is under 'all'");
    }
    if (child.equals(parent) || descendants(child).contains(parent)) {
      throw new InventoryException(
          where,
          "adding group '"
              + child
              + "' as a child of '"
              + parent
              + "' creates a loop; remove one of the :children entries");
    }
    group(parent).children.add(child);
    group(child).parents.add(parent);
  }

  Set<String> descendants(String name) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(group(name).children);
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (seen.add(next)) {
        todo.addAll(group(next).children);
      }
    }
    return seen;
  }

  /** Ansible's reconcile: top groups go under all; hosts in no group go to ungrouped. */
  void reconcile() {
    for (GroupData group : groups.values()) {
      if (!group.name.equals(ALL) && group.parents.isEmpty()) {
        group.parents.add(ALL);
        groups.get(ALL).children.add(group.name);
      }
    }
    Set<String> grouped = new HashSet<>();
    for (GroupData group : groups.values()) {
      if (!group.name.equals(UNGROUPED)) {
        grouped.addAll(group.hosts);
      }
    }
    GroupData ungrouped = groups.get(UNGROUPED);
    ungrouped.hosts.removeAll(grouped);
    for (String host : hostVars.keySet()) {
      if (!grouped.contains(host)) {
        ungrouped.hosts.add(host);
      }
    }
  }

  /** A host name with an optional port, as in {@code web1:2222} or {@code [::1]:22}. */
  record Address(String host, Integer port) {}

  /**
   * Splits {@code host:port} the way Ansible's parse_address does, leaving ranges such as {@code
   * web[1:3]} and bare IPv6 addresses alone.
   */
  static Address parseAddress(String text, Location where) throws InventoryException {
    Matcher bracketed = BRACKETED_IPV6.matcher(text);
    if (bracketed.matches()) {
      Integer port = bracketed.group(2) == null ? null : Integer.valueOf(bracketed.group(2));
      return new Address(bracketed.group(1), port);
    }
    if (IPV6.matcher(text).matches()) {
      return new Address(text, null);
    }
    int colon = lastColonOutsideBrackets(text);
    if (colon < 0) {
      return new Address(text, null);
    }
    String host = text.substring(0, colon);
    String port = text.substring(colon + 1);
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
      throw new InventoryException(
          where,
          "cannot read host '"
              + text
              + "': after ':' a port number must follow, e.g. web1:2222 (IPv6 addresses go in"
              + " brackets: [2001:db8::1]:22)");
    }
    if (lastColonOutsideBrackets(host) >= 0) {
      throw new InventoryException(
          where,
          "cannot read host '" + text + "': write an IPv6 address with a port as [2001:db8::1]:22");
    }
    return new Address(host, Integer.valueOf(port));
  }

  private static int lastColonOutsideBrackets(String text) {
    int depth = 0;
    int found = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == ':' && depth == 0) {
        found = i;
      }
    }
    return found;
  }
}
