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

  /** A Python module or action plugin that a role brings in its library/ or action_plugins/. */
  static Path rolePlugin(FileScope scope, String key) {
    if (scope.role() == null || scope.role().path() == null) {
      return null;
    }
    for (String dir : List.of("library", "action_plugins")) {
      Path file = scope.role().path().resolve(dir).resolve(key + ".py");
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  /** A key of a task ({@code level} "task") or block that is no keyword of it. */
  void keyword(FileScope scope, Map<?, ?> original, String key, String level) {
    Path plugin = level.equals("task") ? rolePlugin(scope, key) : null;
    if (plugin != null) {
      context.problem(
          scope.doc().locateKey(original, key),
          "module '"
              + key
              + "' is the role's own Python plugin "
              + plugin
              + "; ploy runs only its built-in modules and cannot run Python modules or action"
              + " plugins");
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
