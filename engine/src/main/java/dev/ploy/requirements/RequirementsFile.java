package dev.ploy.requirements;

import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ansible-galaxy requirements file ({@code requirements.yml}) read for the roles that come from
 * git repositories: a {@code roles:} list (or a top-level list) of entries such as
 *
 * <pre>
 * - src: https://git.example.org/ops/shared-roles-nginx.git
 *   scm: git
 *   version: v1.4
 *   name: nginx
 * - git+https://git.example.org/ops/postgres.git,v2.0,postgres
 * </pre>
 *
 * Every entry is checked before anything is cloned; all problems are reported at once.
 */
public final class RequirementsFile {
  private static final Set<String> KEYS = Set.of("src", "scm", "version", "name");

  private final List<Requirement> roles;
  private final int collections;

  private RequirementsFile(List<Requirement> roles, int collections) {
    this.roles = roles;
    this.collections = collections;
  }

  public List<Requirement> roles() {
    return roles;
  }

  /** How many collections the file lists (ploy has its modules built in and skips them). */
  public int collections() {
    return collections;
  }

  public static RequirementsFile read(Path file) throws RequirementsException {
    YamlDocument doc;
    try {
      doc = YamlReader.read(file);
    } catch (YamlException e) {
      throw new RequirementsException(e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    Object root = doc.root();
    Object roleList;
    int collections = 0;
    if (root instanceof List<?>) {
      roleList = root;
    } else if (root instanceof Map<?, ?> map) {
      roleList = map.get("roles");
      if (map.get("collections") instanceof List<?> listed) {
        collections = listed.size();
      }
      for (Object key : map.keySet()) {
        if (!"roles".equals(key) && !"collections".equals(key)) {
          problems.add(
              doc.locateKey(map, key)
                  + ": unknown key '"
                  + key
                  + "'; a requirements file holds 'roles:' (and 'collections:')");
        }
      }
      if (roleList != null && !(roleList instanceof List<?>)) {
        problems.add(doc.locateKey(map, "roles") + ": 'roles' must be a list of roles");
        roleList = null;
      }
    } else if (root == null) {
      roleList = null;
    } else {
      throw new RequirementsException(
          doc.locate(root) + ": a requirements file is a list of roles or a mapping with 'roles:'");
    }
    List<Requirement> roles = new ArrayList<>();
    if (roleList instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        Object entry = list.get(i);
        Location at = entry instanceof Map<?, ?> ? doc.locate(entry) : doc.locate(list);
        String where = entry instanceof Map<?, ?> ? at.toString() : at + " (entry " + (i + 1) + ")";
        requirement(entry, doc, at, where, problems).ifPresent(roles::add);
      }
    }
    Map<String, Location> seen = new HashMap<>();
    for (Requirement role : roles) {
      Location first = seen.putIfAbsent(role.name(), role.at());
      if (first != null) {
        problems.add(
            role.at()
                + ": role '"
                + role.name()
                + "' is already required at "
                + first
                + "; give one of them another name with name:");
      }
    }
    if (!problems.isEmpty()) {
      throw new RequirementsException(problems);
    }
    return new RequirementsFile(List.copyOf(roles), collections);
  }

  /**
   * What an installed role asks for in turn, as ansible-galaxy follows it: the roles of its {@code
   * meta/requirements.yml}, and the {@code dependencies} of its {@code meta/main.yml} that name a
   * repository ({@code src}). Dependencies given by name only are listed apart: they must come from
   * elsewhere (another requirement, or the same roles directory).
   */
  public record Dependencies(List<Requirement> roles, List<String> byName) {}

  public static Dependencies dependencies(Path roleDir) throws RequirementsException {
    List<Requirement> roles = new ArrayList<>();
    Path requirements = roleDir.resolve("meta/requirements.yml");
    if (Files.isRegularFile(requirements)) {
      roles.addAll(read(requirements).roles());
    }
    List<String> byName = new ArrayList<>();
    Path meta = roleDir.resolve("meta/main.yml");
    if (!Files.isRegularFile(meta)) {
      meta = roleDir.resolve("meta/main.yaml");
    }
    if (!Files.isRegularFile(meta)) {
      return new Dependencies(roles, byName);
    }
    YamlDocument doc;
    try {
      doc = YamlReader.read(meta);
    } catch (YamlException e) {
      throw new RequirementsException(e.getMessage());
    }
    if (!(doc.root() instanceof Map<?, ?> root)
        || !(root.get("dependencies") instanceof List<?> list)) {
      return new Dependencies(roles, byName);
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object entry = list.get(i);
      Location at = entry instanceof Map<?, ?> ? doc.locate(entry) : doc.locate(list);
      String where = entry instanceof Map<?, ?> ? at.toString() : at + " (entry " + (i + 1) + ")";
      if (entry instanceof String text && !text.contains(",") && !looksLikeRepository(text)) {
        byName.add(text);
      } else if (entry instanceof Map<?, ?> map && map.get("src") == null) {
        Object name = map.get("role") != null ? map.get("role") : map.get("name");
        if (name != null) {
          byName.add(String.valueOf(name));
        }
      } else if (entry instanceof Map<?, ?> map) {
        // Role parameters, when: and tags: beside src do not matter to installation.
        Map<Object, Object> spec = new LinkedHashMap<>();
        for (String key : KEYS) {
          if (map.get(key) != null) {
            spec.put(key, map.get(key));
          }
        }
        if (map.get("role") != null && !spec.containsKey("name")) {
          spec.put("name", map.get("role"));
        }
        requirement(spec, doc, at, where, problems).ifPresent(roles::add);
      } else {
        requirement(entry, doc, at, where, problems).ifPresent(roles::add);
      }
    }
    if (!problems.isEmpty()) {
      throw new RequirementsException(problems);
    }
    return new Dependencies(roles, byName);
  }

  private static Optional<Requirement> requirement(
      Object entry, YamlDocument doc, Location at, String where, List<String> problems) {
    String src;
    String scm = null;
    String version = null;
    String name = null;
    if (entry instanceof String text) {
      String[] parts = text.split(",", -1);
      src = parts[0].strip();
      version = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null;
      name = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null;
    } else if (entry instanceof Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          problems.add(
              doc.locateKey(map, key)
                  + ": unknown key '"
                  + key
                  + "' in a role requirement; use src, scm, version and name");
        }
      }
      src = text(map.get("src"));
      scm = text(map.get("scm"));
      version = text(map.get("version"));
      name = text(map.get("name"));
      if (src == null) {
        problems.add(
            where
                + ": a role requirement needs src: the role's git repository"
                + " (src: https://git.example.org/ops/nginx.git)");
        return Optional.empty();
      }
    } else {
      problems.add(
          where + ": a role requirement is a mapping with src: (or a 'url,version,name' line)");
      return Optional.empty();
    }
    if (src.startsWith("git+")) {
      src = src.substring(4);
      scm = scm == null ? "git" : scm;
    }
    if (scm != null && !scm.equals("git")) {
      problems.add(where + ": scm '" + scm + "' is not supported; ploy installs roles from git");
      return Optional.empty();
    }
    if (!looksLikeRepository(src)) {
      problems.add(
          where
              + ": '"
              + src
              + "' is not a git repository; Galaxy names are not looked up: give the role's"
              + " repository (src: https://github.com/owner/ansible-role-x.git, scm: git)");
      return Optional.empty();
    }
    if (scm == null && isArchive(src)) {
      problems.add(
          where + ": '" + src + "' is an archive; ploy installs roles from git repositories");
      return Optional.empty();
    }
    if (src.startsWith("-")) {
      problems.add(where + ": src must not start with '-'");
      return Optional.empty();
    }
    if (version != null && (version.startsWith("-") || version.isBlank())) {
      problems.add(where + ": version '" + version + "' is not a branch, tag or commit");
      return Optional.empty();
    }
    String role = name != null ? name : nameFromRepository(src);
    if (!validName(role)) {
      problems.add(
          where
              + ": '"
              + role
              + "' cannot be a role's directory name; set name: to a plain name such as nginx");
      return Optional.empty();
    }
    return Optional.of(new Requirement(role, src, Optional.ofNullable(version), at));
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value).strip();
  }

  static boolean looksLikeRepository(String src) {
    return src.contains("://")
        || src.matches("[A-Za-z0-9._-]+@[^:/]+:.*")
        || src.startsWith("/")
        || src.startsWith("./")
        || src.startsWith("../")
        || src.startsWith("~/");
  }

  private static boolean isArchive(String src) {
    return src.matches(".*\\.(tar\\.gz|tgz|tar|zip|tar\\.bz2|tar\\.xz)$");
  }

  /** ansible-galaxy's rule: the repository's last path part, without ".git". */
  static String nameFromRepository(String src) {
    String trimmed = src.replaceAll("/+$", "");
    String last =
        trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1);
    return last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
  }

  static boolean validName(String name) {
    return !name.isEmpty()
        && !name.startsWith(".")
        && !name.contains("/")
        && !name.contains("\\")
        && name.chars().noneMatch(c -> c < 0x20);
  }
}
