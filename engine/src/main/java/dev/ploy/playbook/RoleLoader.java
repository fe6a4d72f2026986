package dev.ploy.playbook;

import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds roles on the roles path and reads their files: roles/ beside the playbook first, then the
 * configured paths, then the playbook's own directory; a name that is a path is used as it is.
 */
final class RoleLoader {
  private final LoadContext context;

  RoleLoader(LoadContext context) {
    this.context = context;
  }

  /** The role's directory, or empty with the places searched. */
  Optional<Path> find(String name, Path playbookDir) {
    for (Path candidate : candidates(name, playbookDir)) {
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  List<Path> candidates(String name, Path playbookDir) {
    List<Path> places = new ArrayList<>();
    Path asPath = Path.of(name);
    if (asPath.isAbsolute()) {
      places.add(asPath);
      return places;
    }
    places.add(playbookDir.resolve("roles").resolve(name));
    for (Path dir : context.rolesPath()) {
      places.add(dir.resolve(name));
    }
    places.add(playbookDir.resolve(name));
    return places;
  }

  /** Reads a role directory once; problems in its files are recorded in the context. */
  RoleDefinition load(String name, Path dir) {
    RoleDefinition cached = context.cachedRole(dir);
    if (cached != null) {
      return cached.named(name);
    }
    Map<String, Object> defaults = varsFile(dir.resolve("defaults"), "main");
    Map<String, Object> vars = varsFile(dir.resolve("vars"), "main");
    YamlDocument tasks = yamlFile(dir.resolve("tasks"), "main");
    YamlDocument handlers = yamlFile(dir.resolve("handlers"), "main");
    YamlDocument meta = yamlFile(dir.resolve("meta"), "main");
    List<Object> dependencies = new ArrayList<>();
    boolean allowDuplicates = false;
    if (meta != null && meta.root() instanceof Map<?, ?> metaMap) {
      Object deps = metaMap.get("dependencies");
      if (deps instanceof List<?> list) {
        dependencies.addAll(list);
      } else if (deps != null) {
        context.problem(
            meta.locateKey(metaMap, "dependencies"),
            "dependencies must be a list of role names or mappings with 'role:'");
      }
      allowDuplicates = Boolean.TRUE.equals(metaMap.get("allow_duplicates"));
    }
    String roleName = dir.getFileName().toString();
    RoleDefinition role =
        new RoleDefinition(
            roleName, dir, defaults, vars, tasks, handlers, dependencies, meta, allowDuplicates);
    context.cacheRole(dir, role);
    return role.named(name);
  }

  /** A role's tasks_from / vars_from style file: NAME, NAME.yml or NAME.yaml under a folder. */
  YamlDocument yamlFile(Path folder, String name) {
    for (String candidate : List.of(name + ".yml", name + ".yaml", name)) {
      Path file = folder.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return context.document(file, null);
      }
    }
    return null;
  }

  Map<String, Object> varsFile(Path folder, String name) {
    YamlDocument doc = yamlFile(folder, name);
    if (doc == null || doc.root() == null) {
      return Map.of();
    }
    if (doc.root() instanceof Map<?, ?> map) {
      Map<String, Object> vars = new LinkedHashMap<>();
      map.forEach((k, v) -> vars.put(String.valueOf(k), v));
      return vars;
    }
    context.problem(
        Location.of(doc.file()), "a variables file must be a mapping of names to values");
    return Map.of();
  }
}
