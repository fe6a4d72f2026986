package dev.ploy.playbook;

import dev.ploy.yaml.YamlDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A role as it is on disk: its directory, defaults, vars, the task and handler files, and the
 * dependencies its meta/main.yml declares.
 *
 * @param tasks tasks/main.yml parsed, or null when the role has none
 * @param handlers handlers/main.yml parsed, or null
 * @param dependencies entries of meta/main.yml's dependencies (a name, or a mapping with role:)
 */
public record RoleDefinition(
    String name,
    Path path,
    Map<String, Object> defaults,
    Map<String, Object> vars,
    YamlDocument tasks,
    YamlDocument handlers,
    List<Object> dependencies,
    YamlDocument meta,
    boolean allowDuplicates) {

  /**
   * The role as a play or task names it: a name that is a path stays that path, as Ansible finds a
   * role by joining its name to each place it looks and keeps the name (task headers and role_name
   * show roles/r or /srv/roles/r); a plain name is the directory's.
   */
  RoleDefinition named(String other) {
    String shown = other.contains("/") ? other : path.getFileName().toString();
    return shown.equals(name)
        ? this
        : new RoleDefinition(
            shown, path, defaults, vars, tasks, handlers, dependencies, meta, allowDuplicates);
  }
}
