package dev.ploy.config;

import dev.ploy.expr.Booleans;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ploy's settings, like ansible.cfg but YAML: a ploy.yml found in the current directory or its
 * parents, overridden by PLOY_* environment variables (PLOY_FORKS, PLOY_ROLES_PATH...), which the
 * command line overrides in turn.
 */
public final class Config {
  /** Every setting ploy.yml may hold, with what it means. */
  public static final Map<String, String> KEYS =
      Map.ofEntries(
          Map.entry("inventory", "inventory source(s): a path, or a list of paths"),
          Map.entry(
              "roles_path",
              "where roles are searched after roles/ beside the playbook (list or ':'-separated)"),
          Map.entry("forks", "how many hosts are worked on at once (default 25)"),
          Map.entry("remote_user", "the SSH user when the inventory names none"),
          Map.entry("private_key_file", "the SSH key when the inventory names none"),
          Map.entry("timeout", "SSH connect timeout in seconds (default 10)"),
          Map.entry("host_key_checking", "strict (default), accept-new, or off"),
          Map.entry("become", "become for every play (default false)"),
          Map.entry("become_user", "the user to become (default root)"),
          Map.entry("become_method", "sudo (default) or su"),
          Map.entry("log_file", "a file that receives a full debug log"),
          Map.entry("strategy", "linear (default) or free, when a play names none"),
          Map.entry(
              "vault_password_file",
              "vault password file(s) or script(s), used when no --vault-* option is given"));

  private final Map<String, Object> values;
  private final Optional<Path> file;
  private final Optional<Path> ansibleCfg;

  private Config(Map<String, Object> values, Optional<Path> file, Optional<Path> ansibleCfg) {
    this.values = values;
    this.file = file;
    this.ansibleCfg = ansibleCfg;
  }

  /**
   * Finds ploy.yml from {@code start} upwards and applies the PLOY_* environment variables. Under
   * them lie the settings an Ansible project already has: its ansible.cfg, then ANSIBLE_*
   * variables, so that a project moving to ploy keeps its inventory, roles path and SSH settings.
   */
  public static Config load(Path start, Map<String, String> environment) throws ConfigException {
    Map<String, Object> values = new LinkedHashMap<>();
    Path dir = start.toAbsolutePath().normalize();
    Optional<Path> ansibleCfg = AnsibleCfg.find(dir, environment);
    if (ansibleCfg.isPresent()) {
      values.putAll(AnsibleCfg.read(ansibleCfg.get()));
    }
    values.putAll(AnsibleCfg.fromEnvironment(environment, dir));
    Optional<Path> found = find(start);
    if (found.isPresent()) {
      values.putAll(read(found.get()));
    }
    for (String key : KEYS.keySet()) {
      String env = environment.get("PLOY_" + key.toUpperCase(Locale.ROOT));
      if (env != null && !env.isEmpty()) {
        values.put(key, env);
      }
    }
    return new Config(values, found, ansibleCfg);
  }

  private static Optional<Path> find(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    while (dir != null) {
      for (String name : List.of("ploy.yml", "ploy.yaml")) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return Optional.of(candidate);
        }
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  private static Map<String, Object> read(Path file) throws ConfigException {
    YamlDocument doc;
    try {
      doc = YamlReader.read(file);
    } catch (YamlException e) {
      throw new ConfigException(e.getMessage());
    }
    if (doc.root() == null) {
      return Map.of();
    }
    if (!(doc.root() instanceof Map<?, ?> map)) {
      throw new ConfigException(file + ": ploy.yml must be a mapping of settings");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (!KEYS.containsKey(key)) {
        String suggestion = dev.ploy.module.Suggest.closest(key, KEYS.keySet());
        problems.add(
            doc.locateKey(map, key)
                + ": unknown setting '"
                + key
                + "'"
                + (suggestion != null
                    ? "; did you mean '" + suggestion + "'?"
                    : "; known: " + String.join(", ", new java.util.TreeSet<>(KEYS.keySet()))));
      }
      values.put(key, entry.getValue());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
    return values;
  }

  public Optional<Path> file() {
    return file;
  }

  /** The file the settings were read from: ploy.yml, else the ansible.cfg found, if any. */
  public Optional<Path> source() {
    return file.or(() -> ansibleCfg);
  }

  public Optional<String> string(String key) {
    Object value = values.get(key);
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }

  public Optional<Integer> integer(String key) throws ConfigException {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(text.get().trim()));
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "setting " + key + " must be a whole number, not '" + text.get() + "'");
    }
  }

  public boolean flag(String key) {
    return string(key).map(Booleans::isTrue).orElse(false);
  }

  /** A list setting: a YAML list, or a string split on ':' (paths) or ','. */
  public List<String> list(String key) {
    Object value = values.get(key);
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> out.add(String.valueOf(v)));
    } else if (value != null) {
      for (String part : String.valueOf(value).split("[:,]")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  /**
   * The inventory sources, paths relative to ploy.yml's directory; a host list such as {@code
   * web1,web2,} stays as written, as with {@code -i}.
   */
  public List<String> inventories() {
    Object value = values.get("inventory");
    if (value instanceof String text && text.strip().endsWith(",")) {
      return List.of(text.strip());
    }
    List<String> out = new ArrayList<>();
    for (String source : list("inventory")) {
      out.add(source.endsWith(",") ? source : path(source).toString());
    }
    return out;
  }

  /** A path setting relative to ploy.yml's directory. */
  public Path path(String value) {
    Path path =
        Path.of(
            value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value);
    if (path.isAbsolute() || file.isEmpty()) {
      return path;
    }
    return file.get().getParent().resolve(path).normalize();
  }
}
