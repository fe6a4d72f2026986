package dev.ploy.run;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.module.ExecutorActions.Kind;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads include_tasks and include_role at run time. The same file or role is parsed once per run,
 * so every host that includes it runs the same tasks (and the linear strategy keeps them together).
 */
final class Includes {
  private final PlaybookLoader loader;
  private final Map<String, PlaybookLoader.TaskFileLoad> taskFiles = new ConcurrentHashMap<>();
  private final Map<String, PlaybookLoader.RoleLoad> roles = new ConcurrentHashMap<>();

  Includes(PlaybookLoader loader) {
    this.loader = loader;
  }

  dev.ploy.vault.Vault vault() {
    return loader.vault();
  }

  /** A vars file (include_vars), opened with the run's vault passwords. */
  Map<String, Object> readVars(Path file) throws PlaybookException {
    return loader.readVarsFile(file);
  }

  List<PlayRun.Included> load(PlayRun play, HostState host, Task task, Frame frame)
      throws ExprException, PlaybookException {
    Templar templar = play.variables().templar(host, frame, Map.of());
    List<Map<String, Object>> itemVars = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (task.loop() == null) {
      if (!allHold(templar, frame.keywords().when())) {
        return List.of();
      }
      itemVars.add(Map.of());
      labels.add(null);
    } else {
      List<Object> items =
          LoopItems.resolve(task.loop(), templar, play.playbookDir(), task.action().module());
      for (int i = 0; i < items.size(); i++) {
        Map<String, Object> vars = LoopItems.loopVars(task.loop(), templar, items, i);
        if (allHold(templar.with(vars), frame.keywords().when())) {
          itemVars.add(vars);
          labels.add(LoopItems.label(task.loop(), templar.with(vars), vars));
        }
      }
    }
    List<PlayRun.Included> parts = new ArrayList<>();
    for (int i = 0; i < itemVars.size(); i++) {
      Templar itemTemplar = templar.with(itemVars.get(i));
      Map<String, Object> args = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : task.action().args().entrySet()) {
        // include_role's vars become role parameters: they keep their unsafe marks
        args.put(
            entry.getKey(),
            entry.getKey().equals("vars")
                ? itemTemplar.templateToStore(entry.getValue())
                : itemTemplar.template(entry.getValue()));
      }
      Map<String, Object> params = new LinkedHashMap<>(itemVars.get(i));
      // the module_defaults around the include apply to what it loads, as at load time
      Map<String, Map<String, Object>> defaults = frame.keywords().moduleDefaults();
      if (Kind.INCLUDE_TASKS.is(task.action().module())) {
        String file = String.valueOf(args.get("file"));
        Path from =
            task.location().file() == null
                ? play.playbookDir()
                : task.location().file().getParent();
        // the role is part of what is loaded (its tasks run as the role, under its parents)
        String key = file + "|" + from + "|" + roleChain(frame) + "|" + defaults;
        PlaybookLoader.TaskFileLoad load = taskFiles.get(key);
        if (load == null) {
          load = loader.loadTaskFile(file, frame.role(), from, play.playbookDir(), defaults);
          PlaybookLoader.TaskFileLoad previous = taskFiles.putIfAbsent(key, load);
          load = previous != null ? previous : load;
        }
        parts.add(
            new PlayRun.Included(
                load.items(), null, params, load.file().toString(), labels.get(i)));
      } else {
        String name = String.valueOf(args.get("name"));
        String tasksFrom = String.valueOf(args.getOrDefault("tasks_from", "main"));
        Map<String, Object> roleParams = new LinkedHashMap<>(task.keywords().vars());
        if (args.get("vars") instanceof Map<?, ?> vars) {
          vars.forEach((k, v) -> roleParams.put(String.valueOf(k), v));
        }
        // the including role is part of what is loaded (the included role's parent)
        String key =
            name + "|" + tasksFrom + "|" + roleParams + "|" + roleChain(frame) + "|" + defaults;
        PlaybookLoader.RoleLoad role = roles.get(key);
        if (role == null) {
          role =
              loader.loadRole(
                  name,
                  roleParams,
                  tasksFrom,
                  play.playbookDir(),
                  task.location(),
                  frame.role(),
                  defaults);
          PlaybookLoader.RoleLoad previous = roles.putIfAbsent(key, role);
          role = previous != null ? previous : role;
        }
        play.addHandlers(role.handlers());
        parts.add(new PlayRun.Included(role.items(), null, params, name, labels.get(i)));
      }
    }
    return parts;
  }

  /** The paths of the frame's role and the roles it runs under, as part of a cache key. */
  private static String roleChain(Frame frame) {
    if (frame.role() == null) {
      return "";
    }
    return frame.role().chain().stream()
        .map(r -> r.path() + (r.dependency() ? " (dependency)" : ""))
        .toList()
        .toString();
  }

  private static boolean allHold(Templar templar, List<String> conditions) throws ExprException {
    for (String condition : conditions) {
      if (!templar.condition(condition)) {
        return false;
      }
    }
    return true;
  }
}
