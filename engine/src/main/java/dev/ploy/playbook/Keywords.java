package dev.ploy.playbook;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keywords one play, block, role or task writes for itself. {@link #inherit} combines a
 * parent's effective keywords with a child's own: conditions and tags accumulate, variables and
 * environment layer, settings are overridden by the innermost.
 *
 * @param when conditions that must all hold (raw expressions)
 * @param tags the tags, accumulated from every enclosing level
 * @param vars variables of this level (block vars, task vars)
 * @param environment environment variables for commands
 * @param settings overridable settings; values are raw (may contain {{ }})
 */
public record Keywords(
    List<String> when,
    Set<String> tags,
    Map<String, Object> vars,
    Map<String, Object> environment,
    Map<Keyword, Object> settings) {

  public static final Keywords NONE =
      new Keywords(List.of(), Set.of(), Map.of(), Map.of(), new EnumMap<>(Keyword.class));

  public Keywords {
    when = List.copyOf(when);
    tags = Set.copyOf(new LinkedHashSet<>(tags));
    vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    EnumMap<Keyword, Object> copy = new EnumMap<>(Keyword.class);
    copy.putAll(settings);
    settings = java.util.Collections.unmodifiableMap(copy);
  }

  /** The parent's keywords with this level's own on top. */
  public Keywords inherit(Keywords child) {
    List<String> conditions = new ArrayList<>(when);
    conditions.addAll(child.when);
    Set<String> allTags = new LinkedHashSet<>(tags);
    allTags.addAll(child.tags);
    Map<String, Object> allVars = new LinkedHashMap<>(vars);
    allVars.putAll(child.vars);
    Map<String, Object> env = new LinkedHashMap<>(environment);
    env.putAll(child.environment);
    EnumMap<Keyword, Object> merged = new EnumMap<>(Keyword.class);
    merged.putAll(settings);
    merged.putAll(child.settings);
    if (settings.containsKey(Keyword.MODULE_DEFAULTS)
        && child.settings.containsKey(Keyword.MODULE_DEFAULTS)) {
      merged.put(
          Keyword.MODULE_DEFAULTS,
          mergeDefaults(
              moduleDefaults(settings.get(Keyword.MODULE_DEFAULTS)),
              moduleDefaults(child.settings.get(Keyword.MODULE_DEFAULTS))));
    }
    return new Keywords(conditions, allTags, allVars, env, merged);
  }

  /** The module_defaults these keywords hold: module name to its default arguments. */
  public Map<String, Map<String, Object>> moduleDefaults() {
    return moduleDefaults(settings.get(Keyword.MODULE_DEFAULTS));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> moduleDefaults(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Map<String, Object>>) map : Map.of();
  }

  /**
   * Outer defaults with inner ones on top, module by module: an inner level's entry for a module
   * replaces the outer one whole (an empty one removes it), as Ansible updates its dict of
   * defaults.
   */
  public static Map<String, Map<String, Object>> mergeDefaults(
      Map<String, Map<String, Object>> outer, Map<String, Map<String, Object>> inner) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    outer.forEach((module, args) -> out.put(module, new LinkedHashMap<>(args)));
    inner.forEach((module, args) -> out.put(module, new LinkedHashMap<>(args)));
    return out;
  }

  /** These keywords without their variables (a role entry's vars become role parameters). */
  public Keywords withoutVars() {
    return new Keywords(when, tags, Map.of(), environment, settings);
  }

  /** This level's keywords without its conditions (a loop re-checks them per item). */
  public Keywords withoutWhen() {
    return new Keywords(List.of(), tags, vars, environment, settings);
  }

  public Optional<Object> setting(Keyword keyword) {
    return Optional.ofNullable(settings.get(keyword));
  }
}
