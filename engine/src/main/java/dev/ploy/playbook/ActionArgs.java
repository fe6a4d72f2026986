package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.stringKeys;

import dev.ploy.module.ArgChecker;
import dev.ploy.module.ExecutorActions;
import dev.ploy.module.ExecutorActions.Kind;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleDefaults;
import dev.ploy.module.ModuleSpec;
import dev.ploy.yaml.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A task's action and its arguments: the mapping, {@code args:} or free-form {@code k=v} text,
 * checked against the module's declared arguments (under the module_defaults around the task), or
 * against those of the executor's own actions ({@link ExecutorActions}).
 */
final class ActionArgs {
  private final LoadContext context;

  ActionArgs(LoadContext context) {
    this.context = context;
  }

  /** Whether a task key names a module or one of the executor's actions. */
  boolean isAction(String key) {
    return context.modules().isModule(key) || ExecutorActions.isAction(key);
  }

  /** The arguments of {@code action}: {@code args:} under those written with the action. */
  Map<String, Object> parse(
      String action,
      Object value,
      Location at,
      Map<String, Object> task,
      Map<?, ?> original,
      FileScope scope) {
    Map<String, Object> args = new LinkedHashMap<>();
    Object extra = task.get("args");
    if (extra instanceof Map<?, ?> map) {
      args.putAll(stringKeys(map));
    } else if (extra != null) {
      context.problem(scope.doc().locateKey(original, "args"), "'args:' must be a mapping");
    }
    ModuleSpec spec = context.modules().find(action).map(Module::spec).orElse(null);
    if (value instanceof Map<?, ?> map) {
      args.putAll(stringKeys(map));
    } else if (value instanceof String text) {
      // modules with free-form text of their own are command, shell, script and raw
      boolean rawModule = spec != null && spec.freeForm().isPresent();
      Map<String, Object> parsed = FreeFormArgs.parse(text, rawModule, freeFormArg(action, spec));
      if (Kind.INCLUDE_VARS.is(action) && parsed.get("file") instanceof String file) {
        // the file named free-form loses the newlines a YAML block leaves at its end, as Ansible's
        // include_vars strips them ('include_vars: >' on a line of its own)
        parsed.put("file", file.replaceAll("\n+$", ""));
      }
      Object problem = parsed.remove("");
      if (problem != null) {
        context.problem(at, action + ": " + problem);
      }
      args.putAll(parsed);
    } else if (value != null && !(value instanceof List && Kind.SET_FACT.is(action))) {
      String freeForm = freeFormArg(action, spec);
      if (freeForm != null) {
        args.put(freeForm, value);
      } else {
        context.problem(at, action + ": arguments must be a mapping or key=value text");
      }
    }
    if (Kind.of(action).map(Kind::namesRole).orElse(false) && args.containsKey("role")) {
      // Ansible's other name for the role's name; name wins when both are given
      Object role = args.remove("role");
      args.putIfAbsent("name", role);
    }
    return args;
  }

  private static String freeFormArg(String action, ModuleSpec spec) {
    if (spec != null) {
      return spec.freeForm().orElse(null);
    }
    return ExecutorActions.find(action).flatMap(a -> a.spec().freeForm()).orElse(null);
  }

  /**
   * Checks a module's arguments, with the module_defaults in {@code scope} and the task's own under
   * them, or an executor action's against its declared ones (see {@link ExecutorActions}); returns
   * false for the includes and imports, which the caller checks where it reads them. Their problems
   * are ones Ansible finds only when the task runs (its modules and action plugins check their own
   * arguments), but for an unknown meta action, which stops ansible-playbook even under a false
   * when.
   */
  boolean check(
      String action,
      Map<String, Object> args,
      Keywords keywords,
      Object written,
      Location at,
      FileScope scope) {
    var module = context.modules().find(action);
    if (module.isPresent()) {
      ModuleSpec spec = module.get().spec();
      Map<String, Map<String, Object>> defaults =
          Keywords.mergeDefaults(scope.defaults(), keywords.moduleDefaults());
      // the module's defaults under the task's own arguments; a default's problem is the task's,
      // as Ansible fails the task it is applied to
      Map<String, Object> effective =
          ModuleDefaults.apply(spec, defaults.getOrDefault(spec.name(), Map.of()), args);
      ArgChecker.problems(
          spec,
          effective,
          (key, problem) -> {
            if (key != null && !args.containsKey(key)) {
              context.runTimeProblem(at, "module_defaults: " + problem);
              return;
            }
            context.runTimeProblem(
                key != null && written instanceof Map<?, ?> map && map.containsKey(key)
                    ? scope.doc().locateKey(map, key)
                    : at,
                problem);
          });
      return true;
    }
    var builtin = ExecutorActions.find(action);
    if (builtin.isEmpty() || builtin.get().checkedWhereRead()) {
      return false;
    }
    ModuleSpec declared = builtin.get().spec();
    switch (builtin.get().kind()) {
      case META -> {
        Object what = args.get("_raw_params");
        if (what == null || ExecutorActions.Meta.of(what).isEmpty()) {
          context.problem(
              at,
              "meta: unknown action '"
                  + what
                  + "'; ploy knows "
                  + String.join(", ", ExecutorActions.META_ACTIONS));
        }
        return true;
      }
      case ADD_HOST -> {
        // a mapping may come templated, as text: 'add_host: "{{ host_data }}"'
        if (Stream.of("name", "hostname", "host", "_raw_params").noneMatch(args::containsKey)) {
          context.runTimeProblem(
              at, "add_host needs the host's name: 'add_host: name=web3 groups=web'");
        }
      }
      case INCLUDE_VARS -> {
        if (args.get("file") == null && args.get("dir") == null) {
          context.runTimeProblem(at, "include_vars needs a file: 'include_vars: vars/main.yml'");
        }
      }
      default -> {}
    }
    if (!builtin.get().variables()) {
      ArgChecker.problems(
          declared,
          args,
          (key, problem) ->
              context.runTimeProblem(
                  key != null && written instanceof Map<?, ?> map && map.containsKey(key)
                      ? scope.doc().locateKey(map, key)
                      : at,
                  problem));
    }
    return true;
  }
}
