package dev.ploy.playbook;

import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.Suggest;
import dev.ploy.yaml.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The problems of a name that is neither a module nor a keyword, with the closest known name. */
final class UnknownNames {
  private final LoadContext context;

  UnknownNames(LoadContext context) {
    this.context = context;
  }

  /** The names of the modules ansible-core 2.14 and Debian's ansible collections have. */
  private static final Set<String> ANSIBLE_MODULES = ansibleModules();

  private static Set<String> ansibleModules() {
    try (InputStream in = UnknownNames.class.getResourceAsStream("ansible-modules.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("ansible-modules.txt is missing from ploy's jar", e);
    }
  }

  /** Whether Ansible has a module of this name (with or without its collection) that ploy lacks. */
  boolean isAnsibleOnly(String key) {
    return !context.modules().isModule(key)
        && ANSIBLE_MODULES.contains(ModuleRegistry.withoutCollection(key));
  }

  /**
   * A module or action plugin that the task's role (or a role it runs under) brings: a file of that
   * name in its library/ (Python or not: a shell script with its documentation beside it is a
   * module to Ansible), or action_plugins/; for a role in a collection, its plugins/modules/ or
   * plugins/action/. Null when there is none.
   */
  static Path rolePlugin(FileScope scope, String key) {
    if (scope.role() == null) {
      return null;
    }
    String shortName = key.substring(key.lastIndexOf('.') + 1); // a collection's, by its FQCN
    for (RoleContext role : scope.role().chain()) {
      if (role.path() == null) {
        continue;
      }
      Path found = pluginFile(role.path().resolve("library"), key);
      if (found == null) {
        found = pluginFile(role.path().resolve("action_plugins"), key);
      }
      Path roles = role.path().getParent();
      if (found == null && roles != null && roles.endsWith("roles")) {
        Path collection = roles.getParent();
        found = pluginFile(collection.resolve("plugins/modules"), shortName);
        if (found == null) {
          found = pluginFile(collection.resolve("plugins/action"), shortName);
        }
      }
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The file of {@code dir} named {@code name}, with or without an extension, if any. */
  private static Path pluginFile(Path dir, String name) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (var files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                String fileName = file.getFileName().toString();
                int dot = fileName.lastIndexOf('.');
                return fileName.equals(name) || dot > 0 && fileName.substring(0, dot).equals(name);
              })
          .min(java.util.Comparator.comparingInt(UnknownNames::documentationLast))
          .orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** Orders a module's files: the code before its documentation (timesync_provider.sh, .yml). */
  private static int documentationLast(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml") ? 1 : 0;
  }

  /** A key of a task ({@code level} "task") or block that is no keyword of it. */
  void keyword(FileScope scope, Map<?, ?> original, String key, String level) {
    Path plugin = level.equals("task") ? rolePlugin(scope, key) : null;
    if (plugin != null) {
      context.runTimeProblem(
          scope.doc().locateKey(original, key),
          "module '"
              + key
              + "' is the role's own module "
              + plugin
              + "; ploy runs only its built-in modules, not the modules or action plugins a role"
              + " or collection brings");
      return;
    }
    if (level.equals("task") && isAnsibleOnly(key)) {
      context.problem(
          scope.doc().locateKey(original, key),
          "module '" + key + "' is an Ansible module that ploy does not have");
      return;
    }
    List<String> names = new ArrayList<>(context.modules().names());
    names.addAll(KeywordSets.COMMON);
    names.addAll(level.equals("task") ? KeywordSets.TASK_ONLY : KeywordSets.BLOCK_ONLY);
    String suggestion = Suggest.closest(ModuleRegistry.withoutCollection(key), names);
    String message =
        level.equals("task")
            ? "unknown module or task keyword '" + key + "'"
            : "unknown " + level + " keyword '" + key + "'";
    context.problem(
        scope.doc().locateKey(original, key),
        message + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""));
  }

  void module(Location at, String module) {
    String suggestion =
        Suggest.closest(ModuleRegistry.withoutCollection(module), context.modules().names());
    context.problem(
        at,
        "unknown module '"
            + module
            + "'"
            + (suggestion != null
                ? "; did you mean '" + suggestion + "'?"
                : "; see 'ploy doc --list'"));
  }
}
