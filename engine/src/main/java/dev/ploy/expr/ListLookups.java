package dev.ploy.expr;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lookups that shape lists rather than read files, as ansible-core 2.14 runs them: items,
 * indexed_items, list, dict, together, nested, subelements, sequence, random_choice,
 * inventory_hostnames, config, and community.general's flattened. Each takes the terms as {@code
 * lookup('name', a, b)} passes them, which are also the items of {@code with_name: [a, b]}.
 */
final class ListLookups {
  static final List<String> NAMES =
      List.of(
          "items",
          "indexed_items",
          "list",
          "dict",
          "together",
          "nested",
          "subelements",
          "sequence",
          "random_choice",
          "inventory_hostnames",
          "config",
          "flattened");

  /** The settings lookup('config') knows: ansible-core's defaults for those ploy also has. */
  private static final Map<String, Object> CONFIG = config();

  private ListLookups() {}

  static boolean has(String name) {
    return NAMES.contains(name);
  }

  static List<Object> run(String plugin, List<Object> terms, Args a, Lookups.Context context) {
    return switch (plugin) {
      case "items" -> flattenOnce(terms);
      case "indexed_items" -> indexed(flattenOnce(terms));
      case "list" -> new ArrayList<>(terms);
      case "dict" -> dict(terms);
      case "together" -> together(terms);
      case "nested" -> nested(terms);
      case "subelements" -> subelements(terms);
      case "sequence" -> sequence(terms);
      case "random_choice" ->
          terms.isEmpty()
              ? new ArrayList<>()
              : new ArrayList<>(List.of(terms.get(new SecureRandom().nextInt(terms.size()))));
      case "inventory_hostnames" -> inventoryHostnames(terms, context);
      case "config" -> config(terms, a, context);
      case "flattened" -> flattened(terms, context);
      default -> throw new EvalError("lookup plugin '" + plugin + "' is not a list lookup");
    };
  }

  private static List<Object> flattenOnce(List<Object> items) {
    List<Object> flat = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof List<?> inner) {
        flat.addAll(inner);
      } else {
        flat.add(item);
      }
    }
    return flat;
  }

  /**
   * community.general's flattened: the terms' lists flattened at every depth. As that plugin does,
   * a list of one list is its innermost value, a text term that templates to a list is that list,
   * and a term 'None' or 'null' ends the list.
   */
  private static List<Object> flattened(List<?> terms, Lookups.Context context) {
    List<Object> flat = new ArrayList<>();
    for (Object term : terms) {
      while (term instanceof List<?> one && one.size() == 1) {
        term = one.get(0);
      }
      if (term instanceof String || term instanceof Unsafe) {
        String text = Values.str(term);
        if (text.equals("None") || text.equals("null")) {
          break;
        }
        if (context.template(term) instanceof List<?> templated) {
          term = templated;
        }
      }
      if (term instanceof List<?> list) {
        flat.addAll(flattened(list, context));
      } else {
        flat.add(term);
      }
    }
    return flat;
  }

  private static List<Object> indexed(List<Object> items) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(List.of((long) i, items.get(i)));
    }
    return out;
  }

  private static List<Object> dict(List<Object> terms) {
    List<Object> items = new ArrayList<>();
    for (Object term : terms) {
      if (!(term instanceof Map<?, ?> map)) {
        throw new EvalError("with_dict expects a dict, got: " + Values.str(term));
      }
      map.forEach(
          (k, v) -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("key", k);
            pair.put("value", v);
            items.add(pair);
          });
    }
    return items;
  }

  /** Python's zip_longest of the lists, missing places None. */
  private static List<Object> together(List<Object> lists) {
    if (lists.isEmpty()) {
      throw new EvalError("with_together requires at least one element in each list");
    }
    int longest = 0;
    for (Object list : lists) {
      longest = Math.max(longest, list instanceof List<?> l ? l.size() : 1);
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < longest; i++) {
      List<Object> row = new ArrayList<>();
      for (Object list : lists) {
        List<?> l = list instanceof List<?> x ? x : List.of(list);
        row.add(i < l.size() ? l.get(i) : null);
      }
      out.add(row);
    }
    return out;
  }

  /** Every combination, the first list varying slowest. */
  private static List<Object> nested(List<Object> lists) {
    if (lists.isEmpty()) {
      throw new EvalError("with_nested requires at least one element in the nested list");
    }
    List<Object> out = new ArrayList<>();
    out.add(List.of());
    for (Object list : lists) {
      List<Object> next = new ArrayList<>();
      List<?> values = list instanceof List<?> l ? l : List.of(list);
      for (Object prefix : out) {
        for (Object value : values) {
          List<Object> row = new ArrayList<>((List<?>) prefix);
          row.add(value);
          next.add(row);
        }
      }
      out = next;
    }
    return out;
  }

  /**
   * subelements: [list or dict of dicts, 'key' or 'a.b', {skip_missing: bool}] gives a pair (item
   * without that key, one element of its list) per element; skipped results are left out.
   */
  private static List<Object> subelements(List<Object> terms) {
    String usage = "subelements lookup expects a list of two or three items, ";
    if (terms.size() < 2 || terms.size() > 3) {
      throw new EvalError(usage);
    }
    if (!(terms.get(1) instanceof CharSequence || terms.get(1) instanceof Unsafe)) {
      throw new EvalError(usage + "first a dict or a list, second a string pointing to the subkey");
    }
    boolean skipMissing = false;
    if (terms.size() == 3) {
      if (!(terms.get(2) instanceof Map<?, ?> flags)) {
        throw new EvalError(
            usage + "the optional third item must be a dict with flags skip_missing");
      }
      for (Object flag : flags.keySet()) {
        if (!Values.str(flag).equals("skip_missing")) {
          throw new EvalError(
              usage + "the optional third item must be a dict with flags skip_missing");
        }
      }
      skipMissing = Booleans.isTrue(flags.get("skip_missing"));
    }
    Object first = terms.get(0);
    List<Object> elements;
    if (first instanceof Map<?, ?> map) {
      if (map.containsKey("skipped") && !Boolean.FALSE.equals(map.get("skipped"))) {
        return new ArrayList<>();
      }
      elements = new ArrayList<>(map.values());
    } else if (first instanceof List<?> list) {
      elements = new ArrayList<>(list);
    } else {
      elements = new ArrayList<>(List.of(first)); // as Ansible's listify: one value is a list
    }
    String[] path = Values.str(terms.get(1)).split("\\.");
    List<Object> out = new ArrayList<>();
    for (Object element : elements) {
      if (!(element instanceof Map<?, ?> item)) {
        throw new EvalError(
            "subelements lookup expects a dictionary, got '" + Values.str(element) + "'");
      }
      if (item.containsKey("skipped") && !Boolean.FALSE.equals(item.get("skipped"))) {
        continue;
      }
      Map<Object, Object> copy = new LinkedHashMap<>(item);
      Map<Object, Object> holder = copy;
      List<?> sublist = null;
      for (int i = 0; i < path.length; i++) {
        String key = path[i];
        if (!holder.containsKey(key)) {
          if (skipMissing) {
            break;
          }
          throw new EvalError(
              "could not find '" + key + "' key in iterated item '" + Values.str(item) + "'");
        }
        Object value = holder.get(key);
        if (i < path.length - 1) {
          if (!(value instanceof Map<?, ?> inner)) {
            if (skipMissing) {
              break;
            }
            throw new EvalError(
                "the key "
                    + key
                    + " should point to a dictionary, got '"
                    + Values.str(value)
                    + "'");
          }
          Map<Object, Object> innerCopy = new LinkedHashMap<>(inner);
          holder.put(key, innerCopy);
          holder = innerCopy;
        } else {
          if (!(value instanceof List<?> list)) {
            throw new EvalError(
                "the key " + key + " should point to a list, got '" + Values.str(value) + "'");
          }
          // as Ansible, which pops the list out of the item it pairs with each element
          holder.remove(key);
          sublist = list;
        }
      }
      if (sublist != null) {
        for (Object sub : sublist) {
          out.add(new ArrayList<>(List.of(copy, sub)));
        }
      }
    }
    return out;
  }

  /**
   * sequence: per term, start=1 end=10 stride=1 format=%d, or the shortcut
   * [start-]end[/stride][:format].
   */
  private static List<Object> sequence(List<Object> terms) {
    List<Object> out = new ArrayList<>();
    for (Object term : terms) {
      out.addAll(sequence(Values.str(Unsafe.strip(term)).trim()));
    }
    return out;
  }

  private static List<Object> sequence(String spec) {
    long start = 1;
    Long end = null;
    Long count = null;
    long stride = 1;
    String format = "%d";
    // Ansible's shortcut: hex-looking words match it, and then fail to parse as Python's int(x, 0)
    var shortcut =
        Pattern.compile(
                "^(?:(0?x?[0-9a-f]+)-)?(0?x?[0-9a-f]+)(?:/(0?x?[0-9a-f]+))?(?::(.+))?$",
                Pattern.CASE_INSENSITIVE)
            .matcher(spec);
    if (shortcut.matches()) {
      if (shortcut.group(1) != null) {
        start = sequenceInt("start", shortcut.group(1));
      }
      end = sequenceInt("end", shortcut.group(2));
      if (shortcut.group(3) != null) {
        stride = sequenceInt("stride", shortcut.group(3));
      }
      if (shortcut.group(4) != null) {
        format = shortcut.group(4);
      }
    } else {
      for (String word : spec.split("\\s+")) {
        String[] kv = word.split("=", 2);
        if (kv.length != 2) {
          throw new EvalError("can't parse arg '" + word + "' in sequence '" + spec + "'");
        }
        switch (kv[0]) {
          case "start" -> start = sequenceInt(kv[0], kv[1]);
          case "end" -> end = sequenceInt(kv[0], kv[1]);
          case "count" -> count = sequenceInt(kv[0], kv[1]);
          case "stride" -> stride = sequenceInt(kv[0], kv[1]);
          case "format" -> format = kv[1];
          default ->
              throw new EvalError("unrecognized arguments to with_sequence: ['" + kv[0] + "']");
        }
      }
    }
    if (count != null && end != null) {
      throw new EvalError("can't specify both count and end in with_sequence");
    }
    if (count == null && end == null) {
      throw new EvalError("must specify count or end in with_sequence");
    }
    if (count != null) {
      if (count == 0) {
        return new ArrayList<>();
      }
      end = start + count * stride - (stride > 0 ? 1 : -1);
      if (stride == 0) {
        end = start;
      }
    }
    if (stride > 0 && end < start) {
      throw new EvalError("to count backwards make stride negative");
    }
    if (stride < 0 && end > start) {
      throw new EvalError("to count forward don't make stride negative");
    }
    List<Object> out = new ArrayList<>();
    if (stride == 0) {
      return out;
    }
    if (!format.contains("%")) {
      throw new EvalError("bad formatting string: " + format);
    }
    for (long i = start; stride > 0 ? i <= end : i >= end; i += stride) {
      try {
        out.add(Printf.format(format, i));
      } catch (RuntimeException e) {
        throw new EvalError("bad formatting string: " + format);
      }
    }
    return out;
  }

  /** A number of a sequence as Python's int(text, 0) reads it: decimal, 0x, 0o or 0b. */
  private static long sequenceInt(String name, String text) {
    String number = text.strip().replace("_", "");
    boolean negative = number.startsWith("-");
    if (negative || number.startsWith("+")) {
      number = number.substring(1);
    }
    String prefix = number.length() > 2 ? number.substring(0, 2).toLowerCase(Locale.ROOT) : "";
    int radix =
        switch (prefix) {
          case "0x" -> 16;
          case "0o" -> 8;
          case "0b" -> 2;
          default -> 10;
        };
    String digits = radix == 10 ? number : number.substring(2);
    // Python refuses a decimal with a leading zero (010), unless it is all zeros
    boolean leadingZero = radix == 10 && digits.length() > 1 && digits.startsWith("0");
    if (!digits.matches("[0-9a-zA-Z]+") || leadingZero && !digits.matches("0+")) {
      throw new EvalError("can't parse " + name + "=" + text + " as integer");
    }
    try {
      long value = Long.parseLong(digits, radix);
      return negative ? -value : value;
    } catch (NumberFormatException e) {
      throw new EvalError("can't parse " + name + "=" + text + " as integer");
    }
  }

  /**
   * inventory_hostnames: the hosts a pattern names, in inventory order (groups['all']): names of
   * hosts or groups, 'all' or '*', globs, joined by ':' or ','; '!x' leaves out, '&x' intersects.
   */
  private static List<Object> inventoryHostnames(List<Object> terms, Lookups.Context context) {
    Object groupsValue = context.variable("groups");
    if (!(groupsValue instanceof Map<?, ?> groups)) {
      throw new EvalError("lookup('inventory_hostnames'): no inventory groups");
    }
    List<String> all = names(groups.get("all"));
    Set<String> selected = new LinkedHashSet<>();
    for (Object term : terms) {
      for (String part : Values.str(term).split("[:,]")) {
        part = part.strip();
        if (part.isEmpty()) {
          continue;
        }
        char op = part.charAt(0);
        String name = op == '!' || op == '&' ? part.substring(1) : part;
        Set<String> hosts = new LinkedHashSet<>();
        Pattern glob = Pattern.compile(globRegex(name));
        if (name.equals("all") || name.equals("*")) {
          hosts.addAll(all);
        }
        for (Map.Entry<?, ?> group : groups.entrySet()) {
          if (glob.matcher(Values.str(group.getKey())).matches()) {
            hosts.addAll(names(group.getValue()));
          }
        }
        all.stream().filter(h -> glob.matcher(h).matches()).forEach(hosts::add);
        switch (op) {
          case '!' -> selected.removeAll(hosts);
          case '&' -> selected.retainAll(hosts);
          default -> selected.addAll(hosts);
        }
      }
    }
    List<Object> out = new ArrayList<>();
    all.stream().filter(selected::contains).forEach(out::add);
    return out;
  }

  private static String globRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(
          switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf(c));
          });
    }
    return regex.toString();
  }

  private static List<String> names(Object value) {
    return value == null ? List.of() : Values.iterate(value).stream().map(Values::str).toList();
  }

  /**
   * A setting of one of Ansible's plugins, read from the host's variables as Ansible reads it: the
   * last of {@code vars} that is set wins, else {@code dflt}.
   */
  private record PluginSetting(List<String> vars, Object dflt, boolean integer) {}

  /** The plugin settings the config lookup knows, by "type/plugin/setting". */
  private static final Map<String, PluginSetting> PLUGIN_SETTINGS =
      Map.of(
          "connection/ssh/remote_user",
          new PluginSetting(List.of("ansible_user", "ansible_ssh_user"), null, false),
          "connection/ssh/port",
          new PluginSetting(List.of("ansible_port", "ansible_ssh_port"), null, true),
          "connection/ssh/host",
          new PluginSetting(List.of("ansible_host", "ansible_ssh_host"), null, false),
          "connection/ssh/private_key_file",
          new PluginSetting(
              List.of("ansible_private_key_file", "ansible_ssh_private_key_file"), null, false),
          "shell/sh/remote_tmp",
          new PluginSetting(List.of("ansible_remote_tmp"), "~/.ansible/tmp", false),
          "become/sudo/become_user",
          new PluginSetting(List.of("ansible_become_user", "ansible_sudo_user"), "root", false));

  /**
   * config: the value of an ansible-core setting ploy also has, or with plugin_type and plugin_name
   * of a plugin's setting (ssh's remote_user and port, sh's remote_tmp...) from the host's
   * variables; on_missing=error (default), skip or warn for a setting it does not know.
   */
  /** The names in ansible.constants (2.14) that are functions or classes, not settings. */
  private static final Set<String> CALLABLE_CONSTANTS =
      Set.of("ConfigManager", "Sequence", "add_internal_fqcns", "set_constant", "to_text");

  private static List<Object> config(List<Object> terms, Args a, Lookups.Context context) {
    String onMissing = a.string(99, "on_missing", "error");
    if (!List.of("error", "skip", "warn").contains(onMissing)) {
      throw new EvalError( // Ansible's words
          "Invalid value \""
              + onMissing
              + "\" for configuration option \"plugin_type: lookup plugin: config setting:"
              + " on_missing \", valid values are: error, skip, warn");
    }
    String pluginType = a.string(99, "plugin_type", null);
    String pluginName = a.string(99, "plugin_name", null);
    if ((pluginType == null) != (pluginName == null)) {
      throw new EvalError(
          "Both plugin_type and plugin_name are required, cannot use one without the other");
    }
    if (pluginType != null) {
      return pluginConfig(terms, pluginType, pluginName, onMissing, context);
    }
    List<Object> out = new ArrayList<>();
    for (Object term : terms) {
      if (!(term instanceof String || term instanceof Unsafe)) {
        throw new EvalError( // Ansible's words
            "Invalid setting identifier, \""
                + Values.str(term)
                + "\" is not a string, its a <class '"
                + Values.typeName(term)
                + "'>");
      }
      String name = Values.str(term);
      if (CALLABLE_CONSTANTS.contains(name)) {
        // what ansible.constants holds besides settings: functions and classes, no setting
        throw new EvalError("Invalid setting \"" + name + "\" attempted");
      }
      if (CONFIG.containsKey(name)) {
        out.add(CONFIG.get(name));
      } else if (onMissing.equals("error")) {
        throw new EvalError("lookup('config'): Unable to find setting " + name);
      }
    }
    return out;
  }

  private static List<Object> pluginConfig(
      List<Object> terms, String type, String plugin, String onMissing, Lookups.Context context) {
    String prefix = type + "/" + plugin + "/";
    if (PLUGIN_SETTINGS.keySet().stream().noneMatch(key -> key.startsWith(prefix))) {
      throw new EvalError("Unable to load " + type + " plugin \"" + plugin + "\"");
    }
    List<Object> out = new ArrayList<>();
    for (Object term : terms) {
      String name = Values.str(term);
      PluginSetting setting = PLUGIN_SETTINGS.get(prefix + name);
      if (setting == null) {
        if (onMissing.equals("error")) {
          throw new EvalError(
              "Unable to find setting "
                  + name
                  + ". Requested entry (plugin_type: "
                  + type
                  + " plugin: "
                  + plugin
                  + " setting: "
                  + name
                  + " ) was not defined in configuration.");
        }
        continue;
      }
      Object value = setting.dflt();
      for (String variable : setting.vars()) {
        if (context.has(variable)) {
          value = context.variable(variable);
        }
      }
      if (setting.integer() && value != null && !Values.isNumeric(value)) {
        try {
          value = Long.parseLong(Values.str(value).strip());
        } catch (NumberFormatException e) {
          throw new EvalError(
              "Invalid type for configuration option " + prefix + name + ": " + value);
        }
      }
      out.add(value);
    }
    return out;
  }

  private static Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("DEFAULT_BECOME", false);
    c.put("DEFAULT_BECOME_METHOD", "sudo");
    c.put("DEFAULT_BECOME_USER", "root");
    c.put("DEFAULT_FORKS", 5L);
    c.put("DEFAULT_GATHERING", "implicit");
    c.put("DEFAULT_HASH_BEHAVIOUR", "replace");
    c.put("DEFAULT_JINJA2_NATIVE", false);
    c.put("DEFAULT_KEEP_REMOTE_FILES", false);
    c.put("DEFAULT_TIMEOUT", 10L);
    c.put("DEFAULT_UNDEFINED_VAR_BEHAVIOR", true);
    c.put("HOST_KEY_CHECKING", true);
    c.put("RETRY_FILES_ENABLED", false);
    c.put(
        "ANSIBLE_COW_ACCEPTLIST",
        List.of(
            "bud-frogs",
            "bunny",
            "cheese",
            "daemon",
            "default",
            "dragon",
            "elephant-in-snake",
            "elephant",
            "eyes",
            "hellokitty",
            "kitty",
            "luke-koala",
            "meow",
            "milk",
            "moofasa",
            "moose",
            "ren",
            "sheep",
            "small",
            "stegosaurus",
            "stimpy",
            "supermilker",
            "three-eyes",
            "turkey",
            "turtle",
            "tux",
            "udder",
            "vader-koala",
            "vader",
            "www"));
    return Map.copyOf(c);
  }
}
