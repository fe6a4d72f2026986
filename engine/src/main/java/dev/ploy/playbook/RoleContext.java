package dev.ploy.playbook;

import java.nio.file.Path;
import java.util.Map;

/**
 * A role as applied in a play: where it lives (for files/ and templates/), its defaults and vars,
 * and the parameters it was given.
 *
 * @param dependency whether it was applied as another role's dependency (meta/main.yml), which
 *     Ansible names in ansible_dependent_role_names rather than ansible_play_role_names
 */
public record RoleContext(
    String name,
    Path path,
    Map<String, Object> defaults,
    Map<String, Object> vars,
    Map<String, Object> params,
    boolean dependency) {

  public RoleContext {
    defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }
}
