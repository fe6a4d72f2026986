package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.stringKeys;

import dev.ploy.yaml.Location;
import java.util.Map;

/**
 * The module or action a task names, what is written under it, and whether through local_action.
 */
record NamedAction(String module, Object value, Location at, boolean local) {

  /** Finds a task's one module or action, recording a problem where there is none or several. */
  static final class Finder {
    private final LoadContext context;
    private final ActionArgs actions;
    private final UnknownNames unknown;

    Finder(LoadContext context, ActionArgs actions, UnknownNames unknown) {
      this.context = context;
      this.actions = actions;
      this.unknown = unknown;
    }

    /**
     * The one module or action a task names, as a key of its own or through {@code action:} or
     * {@code local_action:}; null (with the problem recorded) when there is none or more than one.
     */
    NamedAction find(Map<String, Object> task, Map<?, ?> original, Location at, FileScope scope) {
      String module = null;
      Object moduleValue = null;
      Location moduleAt = at;
      boolean unknownKeys = false;
      for (Map.Entry<String, Object> entry : task.entrySet()) {
        String key = entry.getKey();
        if (KeywordSets.isTaskKeyword(key)) {
          continue;
        }
        if (actions.isAction(key)) {
          if (module != null) {
            context.problem(
                scope.doc().locateKey(original, key),
                "a task calls one module; this one names both '"
                    + module
                    + "' and '"
                    + key
                    + "': split it into two tasks");
            continue;
          }
          module = key;
          moduleValue = entry.getValue();
          moduleAt = scope.doc().locateKey(original, key);
        } else {
          unknown.keyword(scope, original, key, "task");
          unknownKeys = true;
        }
      }
      if (task.containsKey("action") || task.containsKey("local_action")) {
        String which = task.containsKey("action") ? "action" : "local_action";
        Object spec = task.get(which);
        moduleAt = scope.doc().locateKey(original, which);
        if (module != null) {
          context.problem(
              moduleAt, "a task with '" + which + ":' cannot also name module '" + module + "'");
        }
        if (spec instanceof String text) {
          String[] parts = actionWords(text.trim());
          module = parts[0];
          moduleValue = parts.length > 1 ? parts[1] : null;
        } else if (spec instanceof Map<?, ?> map && map.get("module") != null) {
          Map<String, Object> args = stringKeys(map);
          module = String.valueOf(args.remove("module"));
          moduleValue = args;
        } else {
          context.problem(
              moduleAt, "'" + which + ":' takes 'module args' or a mapping with 'module:'");
          return null;
        }
        // a templated name ("{{ ansible_facts.pkg_mgr }}") names its module when the task runs
        if (!actions.isAction(module) && !YamlValues.isTemplated(module)) {
          unknown.module(moduleAt, module);
          return null;
        }
        return new NamedAction(module, moduleValue, moduleAt, which.equals("local_action"));
      }
      if (module == null && unknownKeys) {
        return null; // the unknown key was reported: most likely the misspelled module
      }
      if (module == null) {
        context.problem(
            at,
            "this task names no module"
                + (task.containsKey("name") ? " ('" + task.get("name") + "')" : "")
                + "; add one, e.g. '  ansible.builtin.command: echo hello'");
        return null;
      }
      return new NamedAction(module, moduleValue, moduleAt, false);
    }
  }

  /**
   * action: text split into the module's name and its arguments; a name that is a template ({{ ...
   * }}, spaces inside) is one word.
   */
  private static String[] actionWords(String text) {
    int end = 0;
    if (text.startsWith("{{") && text.indexOf("}}") > 0) {
      end = text.indexOf("}}") + 2;
    }
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    String rest = text.substring(end).strip();
    return rest.isEmpty()
        ? new String[] {text.substring(0, end)}
        : new String[] {text.substring(0, end), rest};
  }
}
