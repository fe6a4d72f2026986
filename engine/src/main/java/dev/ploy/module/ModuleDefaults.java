package dev.ploy.module;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** module_defaults applied to one call: the defaults under the task's own arguments. */
public final class ModuleDefaults {
  private ModuleDefaults() {}

  /**
   * The arguments a call gets: {@code defaults}, then {@code args} on top. A default is dropped
   * when the task gives the same argument, under its name or an alias (pkg for name...).
   */
  public static Map<String, Object> apply(
      ModuleSpec spec, Map<String, Object> defaults, Map<String, Object> args) {
    if (defaults.isEmpty()) {
      return args;
    }
    Set<String> given = new HashSet<>();
    for (String key : args.keySet()) {
      given.add(spec.arg(key).map(Arg::name).orElse(key));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    defaults.forEach(
        (key, value) -> {
          if (!given.contains(spec.arg(key).map(Arg::name).orElse(key))) {
            out.put(key, value);
          }
        });
    out.putAll(args);
    return out;
  }
}
