package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.conditions;
import static dev.ploy.playbook.YamlValues.stringKeys;
import static dev.ploy.playbook.YamlValues.tagList;

import dev.ploy.expr.LoopLookups;
import dev.ploy.yaml.Location;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords of plays, blocks, roles and tasks as written ({@code when}, {@code tags}, {@code
 * vars}, {@code environment}, {@code module_defaults}, loops and the settings of {@link Keyword}),
 * each problem recorded with its place.
 */
final class KeywordReader {
  /**
   * The key under which an {@code environment:} given as one expression ("{{ proxy_env }}") is
   * kept; the executor evaluates it to a mapping.
   */
  static final String ENVIRONMENT_EXPRESSION = "";

  private static final Set<String> LOOP_CONTROL =
      Set.of("loop_var", "index_var", "label", "pause", "extended", "extended_allitems");

  private final LoadContext context;
  private final UnknownNames unknown;

  KeywordReader(LoadContext context, UnknownNames unknown) {
    this.context = context;
    this.unknown = unknown;
  }

  Keywords keywords(Map<String, Object> values, Map<?, ?> original, FileScope scope) {
    List<String> when = conditions(values.get("when"));
    Set<String> tags = new LinkedHashSet<>(tagList(values.get("tags")));
    Map<String, Object> vars = new LinkedHashMap<>();
    Object rawVars = values.get("vars");
    if (rawVars instanceof Map<?, ?> map) {
      vars.putAll(stringKeys(map));
    } else if (rawVars != null) {
      context.problem(
          scope.doc().locateKey(original, "vars"), "'vars:' must be a mapping of names to values");
    }
    Map<String, Object> environment = new LinkedHashMap<>();
    Object rawEnv = values.get("environment");
    if (rawEnv instanceof Map<?, ?> map) {
      environment.putAll(stringKeys(map));
    } else if (rawEnv instanceof String expression) {
      environment.put(ENVIRONMENT_EXPRESSION, expression);
    } else if (rawEnv instanceof List<?> list) {
      for (Object part : list) {
        if (part instanceof Map<?, ?> map) {
          environment.putAll(stringKeys(map));
        } else if (part instanceof String expression) {
          environment.put(ENVIRONMENT_EXPRESSION, expression);
        }
      }
    } else if (rawEnv != null) {
      context.problem(
          scope.doc().locateKey(original, "environment"),
          "'environment:' must be a mapping of names to values");
    }
    EnumMap<Keyword, Object> settings = new EnumMap<>(Keyword.class);
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Keyword keyword = Keyword.fromYaml(entry.getKey());
      if (keyword != null && entry.getValue() != null) {
        settings.put(keyword, entry.getValue());
      }
    }
    if (values.get("module_defaults") != null) {
      settings.put(
          Keyword.MODULE_DEFAULTS, moduleDefaults(values.get("module_defaults"), original, scope));
    }
    return new Keywords(when, tags, vars, environment, settings);
  }

  /**
   * connection: and port: choose how a host is reached for the whole play; on a block or task they
   * would need a second connection to the same host, which ploy does not open.
   */
  void onlyOnPlays(Map<String, Object> values, Map<?, ?> original, FileScope scope) {
    for (String key : List.of("connection", "port")) {
      if (values.containsKey(key)) {
        context.problem(
            scope.doc().locateKey(original, key),
            "'"
                + key
                + ":' is taken on a play, not on a block or task; set it on the play, use"
                + " the host's ansible_"
                + key
                + " variable, or delegate_to: localhost");
      }
    }
  }

  /**
   * module_defaults, naming known modules and keyed by each module's own name, so that
   * ansible.builtin.apt and apt are one. Their arguments are checked with each task of the module
   * they apply to (ActionArgs), as Ansible fails only such a task: defaults of a module no task
   * uses are never checked.
   */
  private Map<String, Map<String, Object>> moduleDefaults(
      Object raw, Map<?, ?> original, FileScope scope) {
    Location at = scope.doc().locateKey(original, "module_defaults");
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    List<Object> parts = raw instanceof List<?> list ? new ArrayList<>(list) : List.of(raw);
    for (Object part : parts) {
      if (!(part instanceof Map<?, ?> map)) {
        context.problem(
            at,
            "module_defaults must map module names to their default arguments"
                + " (apt: {cache_valid_time: 3600})");
        continue;
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String name = String.valueOf(entry.getKey());
        Location keyAt = scope.doc().locateKey(map, entry.getKey());
        if (name.startsWith("group/")) {
          context.problem(
              keyAt, "module_defaults groups (" + name + ") are not supported; name each module");
          continue;
        }
        var module = context.modules().find(name);
        if (module.isEmpty()) {
          unknown.module(keyAt, name);
          continue;
        }
        if (!(entry.getValue() instanceof Map<?, ?> args)) {
          context.problem(keyAt, "the defaults of " + name + " must be a mapping of arguments");
          continue;
        }
        Map<String, Object> given = stringKeys(args);
        out.put(module.get().spec().name(), given); // a later entry replaces an earlier one
      }
    }
    return out;
  }

  /** The task's loop ({@code loop:} or one {@code with_*:}) and its loop_control; null if none. */
  Loop loop(Map<String, Object> task, Map<?, ?> original, FileScope scope) {
    String kind = null;
    Object items = null;
    for (String key : task.keySet()) {
      if (key.equals("loop") || key.startsWith("with_")) {
        if (kind != null) {
          context.problem(
              scope.doc().locateKey(original, key),
              "a task can loop only once; it has both " + kind + " and " + key);
          continue;
        }
        kind = key.equals("loop") ? "loop" : key.substring("with_".length());
        items = task.get(key);
        if (!kind.equals("loop") && !LoopLookups.has(kind)) {
          context.problem(
              scope.doc().locateKey(original, key),
              key
                  + " is not supported; use loop: with a filter (ploy knows with_"
                  + String.join(", with_", LoopLookups.names())
                  + ")");
        }
      }
    }
    Object control = task.get("loop_control");
    if (kind == null) {
      if (control != null) {
        context.problem(
            scope.doc().locateKey(original, "loop_control"), "loop_control without a loop");
      }
      return null;
    }
    String loopVar = "item";
    String indexVar = null;
    String label = null;
    double pause = 0;
    boolean extended = false;
    if (control instanceof Map<?, ?> map) {
      Map<String, Object> c = stringKeys(map);
      for (String key : c.keySet()) {
        if (!LOOP_CONTROL.contains(key)) {
          context.problem(
              scope.doc().locateKey(map, key), "unknown loop_control option '" + key + "'");
        }
      }
      loopVar = String.valueOf(c.getOrDefault("loop_var", "item"));
      indexVar = c.get("index_var") == null ? null : String.valueOf(c.get("index_var"));
      label = c.get("label") == null ? null : String.valueOf(c.get("label"));
      pause = c.get("pause") instanceof Number n ? n.doubleValue() : 0;
      extended = Boolean.TRUE.equals(c.get("extended"));
    } else if (control != null) {
      context.problem(
          scope.doc().locateKey(original, "loop_control"), "loop_control must be a mapping");
    }
    return new Loop(kind, items, loopVar, indexVar, label, pause, extended);
  }
}
