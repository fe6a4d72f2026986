package dev.ploy.vars;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Ansible's variable precedence, lowest first: the one table every set of a host's variables is
 * built from. The README's "Variable precedence" lists the same order (its numbers are given
 * below). Each layer names the {@link View}s it is part of; a view reads its layers in this order.
 */
public enum Precedence {
  /** 1. role defaults of every role of the play. */
  PLAY_ROLE_DEFAULTS(View.TASK),
  /** 1. the running role's defaults, over those of the play's other roles. */
  ROLE_DEFAULTS(View.TASK),
  /** 2. group variables written in the inventory file, parent groups before their children. */
  INVENTORY_GROUP_VARS(View.TASK, View.INVENTORY, View.HOSTVARS, View.CONNECTION),
  /** 3. group_vars/all, beside the inventory then beside the playbook. */
  GROUP_VARS_ALL(View.TASK, View.INVENTORY, View.HOSTVARS, View.CONNECTION),
  /** 4. group_vars/GROUP, parent groups before their children. */
  GROUP_VARS(View.TASK, View.INVENTORY, View.HOSTVARS, View.CONNECTION),
  /** 5. host variables written in the inventory file. */
  INVENTORY_HOST_VARS(View.TASK, View.INVENTORY, View.HOSTVARS, View.CONNECTION),
  /** 6. host_vars/HOST, beside the inventory then beside the playbook. */
  HOST_VARS(View.TASK, View.INVENTORY, View.HOSTVARS, View.CONNECTION),
  /** 7. facts: gathered, or returned by setup. */
  FACTS(View.TASK, View.HOSTVARS),
  /** 8. play vars: (not in hostvars[host], as in Ansible: they are the play's, not the host's). */
  PLAY_VARS(View.TASK, View.CONNECTION, View.PLAY),
  /** 9. play vars_files:. */
  PLAY_VARS_FILES(View.TASK, View.PLAY),
  /** 10. role variables (roles/R/vars/main.yml). */
  ROLE_VARS(View.TASK),
  /** 11 and 12. block vars:, then task vars: (inner levels over outer ones). */
  BLOCK_AND_TASK_VARS(View.TASK),
  /** 13. include_vars (below set_fact: a later include_vars does not replace a set_fact). */
  INCLUDE_VARS(View.TASK, View.HOSTVARS, View.CONNECTION),
  /** 14. set_fact and register. */
  SET_FACT_AND_REGISTER(View.TASK, View.HOSTVARS, View.CONNECTION),
  /** 15. role parameters (over set_fact, as in Ansible). */
  ROLE_PARAMS(View.TASK),
  /** 15. include_tasks/include_role parameters. */
  INCLUDE_PARAMS(View.TASK),
  /**
   * Magic variables (inventory_hostname, hostvars, groups, ansible_check_mode...); hostvars[host]
   * holds only those that belong to no play or role.
   */
  MAGIC(View.TASK, View.HOSTVARS),
  /** Loop variables (item, ansible_loop...). */
  LOOP(View.TASK),
  /** 16. extra variables (-e). */
  EXTRA_VARS(View.TASK, View.HOSTVARS, View.CONNECTION, View.PLAY);

  /** Where variables are read: each view is a selection of the layers, in the table's order. */
  public enum View {
    /** A task's variables on a host. */
    TASK,
    /** What the inventory alone gives a host. */
    INVENTORY,
    /**
     * What {@code hostvars[host]} holds: the host's own variables (inventory, facts, set_fact,
     * register, include_vars, -e), never the play's vars, vars_files or its roles' variables.
     */
    HOSTVARS,
    /** Where a host's connection variables ({@code ansible_*}) are read before a task runs. */
    CONNECTION,
    /** What a play's {@code hosts:} and {@code vars_files:} names are templated with. */
    PLAY
  }

  /**
   * How a connection or become setting is settled, as in Ansible: the host's variable ({@code
   * ansible_user}, {@code ansible_become_user}...) beats the keyword ({@code remote_user}, {@code
   * become_user}...), which beats the command line ({@code -u}, {@code --become-user}...).
   */
  public static <T> Optional<T> setting(
      Optional<T> variable, Optional<T> keyword, Optional<T> commandLine) {
    return variable.or(() -> keyword).or(() -> commandLine);
  }

  private final Set<View> views;

  Precedence(View first, View... more) {
    this.views = Collections.unmodifiableSet(EnumSet.of(first, more));
  }

  /** Whether this layer is part of the view. */
  public boolean in(View view) {
    return views.contains(view);
  }

  /** The layers of a view, lowest first. */
  public static List<Precedence> of(View view) {
    List<Precedence> layers = new ArrayList<>();
    for (Precedence layer : values()) {
      if (layer.in(view)) {
        layers.add(layer);
      }
    }
    return layers;
  }

  /** The view's layers, highest first (the first one holding a name wins). */
  public static List<Map<String, ?>> highestFirst(
      View view, Function<Precedence, ? extends Map<String, ?>> source) {
    List<Map<String, ?>> layers = new ArrayList<>();
    for (Precedence layer : of(view)) {
      layers.add(0, source.apply(layer));
    }
    return layers;
  }

  /** The view's layers merged into one map: a higher layer's value replaces a lower one's. */
  public static Map<String, Object> merged(
      View view, Function<Precedence, ? extends Map<String, ?>> source) {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Precedence layer : of(view)) {
      merged.putAll(source.apply(layer));
    }
    return merged;
  }
}
