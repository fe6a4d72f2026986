package dev.ploy.inventory;

import dev.ploy.yaml.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an INI inventory the way Ansible's ini plugin does: {@code [group]}, {@code
 * [group:children]}, {@code [group:vars]}, hosts with inline {@code key=value} vars, {@code
 * host:port}, host ranges, {@code #} and {@code ;} comment lines.
 */
final class IniParser {
  private static final Pattern SECTION =
      Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:[#;].*)?$");
  private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:[#;].*)?$");

  private final Path file;
  private final InventoryBuilder inventory;

  /** Groups named in :children or :vars before they were declared: name -> where first named. */
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  private record Pending(String state, Location where, List<String> parents) {}

  private IniParser(Path file, InventoryBuilder inventory) {
    this.file = file;
    this.inventory = inventory;
  }

  static void parse(Path file, String text, InventoryBuilder inventory) throws InventoryException {
    new IniParser(file, inventory).run(text);
  }

  private void run(String text) throws InventoryException {
    String group = InventoryBuilder.UNGROUPED;
    String state = "hosts";
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      Location where = new Location(file, i + 1, 0);
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
        continue;
      }
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        group = section.group(1);
        state = section.group(2) == null ? "hosts" : section.group(2);
        openSection(group, state, line, where);
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        throw new InventoryException(
            where,
            "invalid section header '"
                + line
                + "'; write [group], [group:children] or [group:vars] with no spaces inside the"
                + " brackets");
      }
      switch (state) {
        case "hosts":
          hostLine(line, group, where);
          break;
        case "vars":
          varsLine(line, group, where);
          break;
        default:
          childLine(line, group, where);
          break;
      }
    }
    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
      Pending decl = entry.getValue();
      String name = entry.getKey();
      if (decl.state.equals("vars")) {
        throw new InventoryException(
            decl.where,
            "section ["
                + name
                + ":vars] is for a group that is never defined; add a ["
                + name
                + "] section with its hosts, or list it under some [parent:children]");
      }
      throw new InventoryException(
          decl.where,
          "section ["
              + decl.parents.get(decl.parents.size() - 1)
              + ":children] names group '"
              + name
              + "', which is never defined; add a ["
              + name
              + "] section (it may be empty)");
    }
  }

  private void openSection(String group, String state, String line, Location where)
      throws InventoryException {
    if (!state.equals("hosts") && !state.equals("children") && !state.equals("vars")) {
      throw new InventoryException(
          where,
          "section "
              + line
              + " has unknown type '"
              + state
              + "'; use ["
              + group
              + "], ["
              + group
              + ":children] or ["
              + group
              + ":vars]");
    }
    if (!inventory.hasGroup(group) && state.equals("vars") && !pending.containsKey(group)) {
      pending.put(group, new Pending("vars", where, new ArrayList<>()));
    }
    inventory.group(group);
    Pending decl = pending.get(group);
    if (decl != null && !state.equals("vars")) {
      resolve(group);
    }
  }

  /** A group named earlier in :children (or :vars) is now declared: link it to its parents. */
  private void resolve(String group) throws InventoryException {
    Pending decl = pending.remove(group);
    if (decl == null) {
      return;
    }
    for (String parent : decl.parents) {
      inventory.addChild(parent, group, decl.where);
      Pending parentDecl = pending.get(parent);
      if (parentDecl != null && parentDecl.state.equals("children")) {
        resolve(parent);
      }
    }
  }

  private void hostLine(String line, String group, Location where) throws InventoryException {
    List<String> tokens = shellSplit(line, where);
    if (tokens.isEmpty()) {
      return;
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String token : tokens.subList(1, tokens.size())) {
      int eq = token.indexOf('=');
      if (eq <= 0) {
        throw new InventoryException(
            where,
            "expected key=value host variable after the host name, got '"
                + token
                + "'; quote values with spaces: key=\"a b\"");
      }
      vars.put(token.substring(0, eq), IniValues.parse(token.substring(eq + 1)));
    }
    String pattern = tokens.get(0);
    if (pattern.endsWith(":")) {
      throw new InventoryException(
          where, "host '" + pattern + "' ends with ':'; give the port (web1:2222) or remove ':'");
    }
    InventoryBuilder.Address address = InventoryBuilder.parseAddress(pattern, where);
    for (String host : HostRanges.expand(address.host(), where)) {
      Map<String, Object> hostVars = inventory.addHost(host, group);
      if (address.port() != null) {
        hostVars.put("ansible_port", address.port());
      }
      hostVars.putAll(vars);
    }
  }

  private void varsLine(String line, String group, Location where) throws InventoryException {
    int eq = line.indexOf('=');
    if (eq < 0) {
      throw new InventoryException(
          where, "expected key=value in [" + group + ":vars], got '" + line + "'");
    }
    String key = line.substring(0, eq).strip();
    if (key.isEmpty()) {
      throw new InventoryException(
          where, "missing variable name before '=' in [" + group + ":vars]: '" + line + "'");
    }
    inventory.group(group).vars.put(key, IniValues.parse(line.substring(eq + 1).strip()));
  }

  private void childLine(String line, String group, Location where) throws InventoryException {
    Matcher m = GROUP_NAME.matcher(line);
    if (!m.matches()) {
      throw new InventoryException(
          where,
          "expected a group name in ["
              + group
              + ":children], got '"
              + line
              + "'; hosts belong in ["
              + group
              + "], one child group name per line here");
    }
    String child = m.group(1);
    Pending earlier = pending.get(child);
    if (earlier != null && earlier.state.equals("vars")) {
      pending.remove(child);
    }
    if (inventory.hasGroup(child)) {
      inventory.addChild(group, child, where);
      return;
    }
    Pending decl = pending.get(child);
    if (decl == null) {
      pending.put(child, new Pending("children", where, new ArrayList<>(List.of(group))));
    } else {
      decl.parents.add(group);
    }
  }

  /**
   * Splits a host line like a POSIX shell (Python's shlex with comments): quotes group words and
   * disappear, a backslash escapes the next character, an unquoted {@code #} starts a comment.
   */
  static List<String> shellSplit(String line, Location where) throws InventoryException {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inToken = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inToken) {
          tokens.add(current.toString());
          current.setLength(0);
          inToken = false;
        }
        i++;
      } else if (c == '#') {
        break;
      } else if (c == '\\') {
        inToken = true;
        if (i + 1 < line.length()) {
          current.append(line.charAt(i + 1));
        }
        i += 2;
      } else if (c == '\'' || c == '"') {
        inToken = true;
        int close = i + 1;
        while (close < line.length() && line.charAt(close) != c) {
          if (c == '"' && line.charAt(close) == '\\' && close + 1 < line.length()) {
            char next = line.charAt(close + 1);
            if (next == '"' || next == '\\' || next == '$' || next == '`') {
              current.append(next);
              close += 2;
              continue;
            }
          }
          current.append(line.charAt(close));
          close++;
        }
        if (close >= line.length()) {
          throw new InventoryException(
              where, "no closing quotation (" + c + ") on this line; close the quoted value");
        }
        i = close + 1;
      } else {
        inToken = true;
        current.append(c);
        i++;
      }
    }
    if (inToken) {
      tokens.add(current.toString());
    }
    return tokens;
  }
}
