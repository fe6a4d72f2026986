package dev.ploy.config;

import dev.ploy.expr.Booleans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of an existing Ansible project that ploy shares: its ansible.cfg (found as Ansible
 * finds it: $ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg, /etc/ansible/ansible.cfg) and its
 * ANSIBLE_* environment variables, read into ploy.yml's keys. Other ansible.cfg settings are not
 * ploy's business and are ignored. Relative paths are made absolute: in ansible.cfg from its
 * directory, in the environment from the current one.
 */
final class AnsibleCfg {
  /** A setting: where it sits in ansible.cfg, its environment variable, and its kind of value. */
  private record Setting(String section, String name, String env, String key, Kind kind) {}

  private enum Kind {
    TEXT,
    PATH,
    PATH_LIST,
    BOOLEAN,
    HOST_KEY_CHECKING
  }

  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("defaults", "inventory", "ANSIBLE_INVENTORY", "inventory", Kind.PATH_LIST),
          new Setting("defaults", "roles_path", "ANSIBLE_ROLES_PATH", "roles_path", Kind.PATH_LIST),
          new Setting("defaults", "forks", "ANSIBLE_FORKS", "forks", Kind.TEXT),
          new Setting("defaults", "remote_user", "ANSIBLE_REMOTE_USER", "remote_user", Kind.TEXT),
          new Setting(
              "defaults",
              "private_key_file",
              "ANSIBLE_PRIVATE_KEY_FILE",
              "private_key_file",
              Kind.PATH),
          new Setting("defaults", "timeout", "ANSIBLE_TIMEOUT", "timeout", Kind.TEXT),
          new Setting(
              "defaults",
              "host_key_checking",
              "ANSIBLE_HOST_KEY_CHECKING",
              "host_key_checking",
              Kind.HOST_KEY_CHECKING),
          new Setting("defaults", "log_path", "ANSIBLE_LOG_PATH", "log_file", Kind.PATH),
          new Setting("defaults", "strategy", "ANSIBLE_STRATEGY", "strategy", Kind.TEXT),
          new Setting(
              "defaults",
              "vault_password_file",
              "ANSIBLE_VAULT_PASSWORD_FILE",
              "vault_password_file",
              Kind.PATH),
          new Setting("privilege_escalation", "become", "ANSIBLE_BECOME", "become", Kind.BOOLEAN),
          new Setting(
              "privilege_escalation",
              "become_user",
              "ANSIBLE_BECOME_USER",
              "become_user",
              Kind.TEXT),
          new Setting(
              "privilege_escalation",
              "become_method",
              "ANSIBLE_BECOME_METHOD",
              "become_method",
              Kind.TEXT));

  private AnsibleCfg() {}

  /** The ansible.cfg Ansible would use when started in {@code dir}. */
  static Optional<Path> find(Path dir, Map<String, String> environment) {
    List<Path> candidates = new ArrayList<>();
    String explicit = environment.get("ANSIBLE_CONFIG");
    if (explicit != null && !explicit.isEmpty()) {
      Path path = dir.resolve(explicit);
      candidates.add(Files.isDirectory(path) ? path.resolve("ansible.cfg") : path);
    }
    candidates.add(dir.resolve("ansible.cfg"));
    String home = environment.get("HOME");
    if (home != null && !home.isEmpty()) {
      candidates.add(Path.of(home, ".ansible.cfg"));
    }
    candidates.add(Path.of("/etc/ansible/ansible.cfg"));
    return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::normalize);
  }

  /** ploy's keys as an ansible.cfg sets them. */
  static Map<String, Object> read(Path file) throws ConfigException {
    Map<String, Map<String, String>> sections = parse(file);
    Map<String, Object> values = new LinkedHashMap<>();
    Path base = file.toAbsolutePath().getParent();
    for (Setting setting : SETTINGS) {
      String raw = sections.getOrDefault(setting.section(), Map.of()).get(setting.name());
      if (raw != null && !raw.isEmpty()) {
        values.put(setting.key(), value(setting, raw, base));
      }
    }
    return values;
  }

  /** ploy's keys as ANSIBLE_* environment variables set them. */
  static Map<String, Object> fromEnvironment(Map<String, String> environment, Path dir) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting setting : SETTINGS) {
      String raw = environment.get(setting.env());
      if (raw != null && !raw.isEmpty()) {
        values.put(setting.key(), value(setting, raw, dir));
      }
    }
    return values;
  }

  private static Object value(Setting setting, String raw, Path base) {
    return switch (setting.kind()) {
      case TEXT -> raw;
      case PATH -> absolute(raw, base);
      case PATH_LIST -> {
        // inventory lists are comma-separated, roles_path colon-separated; a host list such
        // as "web1,web2," stays as written
        if (setting.name().equals("inventory") && raw.strip().endsWith(",")) {
          yield List.of(raw.strip());
        }
        List<String> paths = new ArrayList<>();
        for (String part : raw.split(setting.name().equals("inventory") ? "," : ":")) {
          if (!part.isBlank()) {
            paths.add(absolute(part.strip(), base));
          }
        }
        yield paths;
      }
      case BOOLEAN -> String.valueOf(Booleans.isTrue(raw));
      case HOST_KEY_CHECKING -> Booleans.isTrue(raw) ? "strict" : "off";
    };
  }

  private static String absolute(String path, Path base) {
    if (path.equals("~") || path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return base.resolve(path).normalize().toString();
  }

  /** INI as Python's configparser reads ansible.cfg: [section], key = value or key: value. */
  private static Map<String, Map<String, String>> parse(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (!line.endsWith("]")) {
          throw new ConfigException(file + ":" + (i + 1) + ": a section header is written [name]");
        }
        current =
            sections.computeIfAbsent(
                line.substring(1, line.length() - 1).strip(), s -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      int colon = line.indexOf(':');
      int split = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      if (split <= 0 || current == null) {
        // a continuation line or text outside any section: nothing ploy reads
        continue;
      }
      String value = line.substring(split + 1).strip();
      int comment = value.indexOf(" ;");
      if (comment >= 0) {
        value = value.substring(0, comment).strip();
      }
      current.put(line.substring(0, split).strip().toLowerCase(Locale.ROOT), value);
    }
    return sections;
  }
}
