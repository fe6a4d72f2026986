package dev.ploy.playbook;

import dev.ploy.yaml.Location;
import java.util.Map;

/**
 * The module a task calls and its arguments as written (free-form text already split into named
 * arguments), before templating.
 */
public record Action(String module, Map<String, Object> args, Location location) {
  public Action {
    args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
  }
}
