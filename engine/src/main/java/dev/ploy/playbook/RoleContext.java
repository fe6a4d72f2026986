package dev.ploy.playbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * A role as applied in a play: where it lives (for files/ and templates/), its defaults and vars,
 * and the parameters it was given.
 */
public record RoleContext(
    String name,
    Path path,
    Map<String, Object> defaults,
    Map<String, Object> vars,
    Map<String, Object> params) {

  public RoleContext {
    defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }
}
