package dev.ploy.playbook;

import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.Suggest;
import dev.ploy.yaml.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The problems of a name that is neither a module nor a keyword, with the closest known name. */
final class UnknownNames {
  private final LoadContext context;

  UnknownNames(LoadContext context) {
    this.context = context;
  }

  /** A key of a task ({@code level} "task") or block that is no keyword of it. */
  void keyword(FileScope scope, Map<?, ?> original, String key, String level) {
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
