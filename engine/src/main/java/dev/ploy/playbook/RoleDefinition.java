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
    boolean allowDuplicates) {}
