package dev.ploy.playbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A role as applied in a play: where it lives (for files/ and templates/), its defaults and vars,
 * and the parameters it was given.
 *
 * @param dependency whether it was applied as another role's dependency (meta/main.yml), which
 *     Ansible names in ansible_dependent_role_names rather than ansible_play_role_names
 * @param parent the role it runs under: the one whose meta/main.yml depends on it, or whose task
 *     imported or included it; null for a role the play names
 */
public record RoleContext(
    String name,
    Path path,
    Map<String, Object> defaults,
    Map<String, Object> vars,
    Map<String, Object> params,
    boolean dependency,
    RoleContext parent) {

  public RoleContext {
    defaults = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(defaults));
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
  }

  /**
   * The roles that imported or included this one, nearest first, and theirs in turn (Ansible's
   * ansible_parent_role_names); empty for a role the play or a dependency names.
   */
  public List<RoleContext> includers() {
    List<RoleContext> out = new ArrayList<>();
    for (RoleContext r = this; r.parent != null && !r.dependency; r = r.parent) {
      out.add(r.parent);
    }
    return out;
  }

  /** This role and every role it runs under, nearest first (Ansible's dependency chain). */
  public List<RoleContext> chain() {
    List<RoleContext> out = new ArrayList<>();
    for (RoleContext r = this; r != null; r = r.parent) {
      out.add(r);
    }
    return out;
  }
}
