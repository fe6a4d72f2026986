package dev.ploy.module;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The actions the executor runs itself rather than a module (set_fact, include_vars, meta, the
 * includes and imports, add_host, group_by, pause), declared in one place like modules: the loader
 * knows them by these names (with or without a collection prefix) and checks their arguments
 * against these specs, and the module reference documents them from the same specs. Their names are
 * spelled here only: the loader and the executor ask for a {@link Kind} (and meta's for a {@link
 * Meta}).
 */
public final class ExecutorActions {
  private ExecutorActions() {}

  /** The executor's actions, named as a task names them (ADD_HOST is add_host). */
  public enum Kind {
    ADD_HOST,
    GROUP_BY,
    SET_FACT,
    INCLUDE_VARS,
    META,
    INCLUDE_TASKS,
    IMPORT_TASKS,
    INCLUDE,
    INCLUDE_ROLE,
    IMPORT_ROLE,
    IMPORT_PLAYBOOK,
    PAUSE;

    /** The name a task gives it. */
    public String actionName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a task's action (with or without a collection prefix) is this one. */
    public boolean is(String action) {
      return actionName().equals(ModuleRegistry.withoutCollection(action));
    }

    /** The action a task names, with or without a collection prefix. */
    public static Optional<Kind> of(String action) {
      String name = ModuleRegistry.withoutCollection(action);
      return Arrays.stream(values()).filter(k -> k.actionName().equals(name)).findFirst();
    }

    /**
     * Whether its registered result is kept as it is rather than marked unsafe, as Ansible's task
     * executor keeps the results of set_fact and include_vars (_ACTION_WITH_CLEAN_FACTS): their
     * values come from the playbook's own files, not from a host.
     */
    public boolean cleanResult() {
      return this == SET_FACT || this == INCLUDE_VARS;
    }

    /**
     * Whether the executor runs it as a task of its own, changing the run's variables or inventory
     * (set_fact, include_vars, add_host, group_by), or waits on the control node (pause).
     */
    public boolean changesRun() {
      return this == SET_FACT
          || this == INCLUDE_VARS
          || this == ADD_HOST
          || this == GROUP_BY
          || this == PAUSE;
    }

    /** Whether it reads its tasks when the task runs, per host (include_tasks, include_role). */
    public boolean includesAtRun() {
      return this == INCLUDE_TASKS || this == INCLUDE_ROLE;
    }

    /** Whether it names other task files or a role, which the loader reads. */
    public boolean readsOtherFiles() {
      return includesAtRun() || this == IMPORT_TASKS || this == INCLUDE || this == IMPORT_ROLE;
    }

    /** Whether it names a role (include_role, import_role). */
    public boolean namesRole() {
      return this == INCLUDE_ROLE || this == IMPORT_ROLE;
    }
  }

  /** What meta: may do, named as written (FLUSH_HANDLERS is flush_handlers). */
  public enum Meta {
    FLUSH_HANDLERS,
    END_PLAY,
    END_HOST,
    END_BATCH,
    NOOP,
    CLEAR_FACTS,
    CLEAR_HOST_ERRORS,
    REFRESH_INVENTORY,
    RESET_CONNECTION;

    /** The word written after meta:. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The meta action written, if ploy knows it. */
    public static Optional<Meta> of(Object written) {
      return Arrays.stream(values())
          .filter(m -> m.word().equals(String.valueOf(written)))
          .findFirst();
    }
  }

  /**
   * One executor action.
   *
   * @param spec its declared arguments, as a module's
   * @param variables any argument not declared is a variable (set_fact, add_host), not a mistake
   * @param oncePerTask it runs once per task, whatever the play's hosts (Ansible's bypass-host-loop
   *     actions: add_host)
   * @param checkedWhereRead its arguments are checked where the loader reads the include or import
   *     (the file or role it names), not against the spec
   */
  public record Action(
      Kind kind,
      ModuleSpec spec,
      boolean variables,
      boolean oncePerTask,
      boolean checkedWhereRead) {
    public String name() {
      return spec.name();
    }
  }

  /** What meta: may do, as written. */
  public static final List<String> META_ACTIONS =
      Arrays.stream(Meta.values()).map(Meta::word).toList();

  private static final List<String> ROLE_OPTIONS =
      List.of("tasks_from", "vars_from", "defaults_from", "handlers_from");

  private static final Map<String, Action> ACTIONS = new LinkedHashMap<>();

  static {
    add(
        new Action(
            Kind.ADD_HOST,
            ModuleSpec.builder(Kind.ADD_HOST.actionName())
                .description(
                    "Adds a host to the run's inventory (or updates it), in groups, with"
                        + " variables: every argument not listed here becomes a variable of the"
                        + " host. Runs once per task (per loop item), not once per host; later"
                        + " plays may target the host and its groups.")
                .arg(
                    Arg.str("name", "The host's name, with an optional :port.")
                        .aliases("hostname", "host"))
                .arg(
                    Arg.raw(
                            "groups",
                            "The groups it joins (a list, or names separated by commas); new"
                                + " groups are made under all.")
                        .aliases("groupname", "group"))
                .example(
                    "- name: Add the new machine\n"
                        + "  ansible.builtin.add_host:\n"
                        + "    name: \"{{ new_ip }}:2222\"\n"
                        + "    groups: [web]\n"
                        + "    ansible_user: deploy\n")
                .freeForm("_raw_params")
                .build(),
            true,
            true,
            false));
    add(
        new Action(
            Kind.GROUP_BY,
            ModuleSpec.builder(Kind.GROUP_BY.actionName())
                .description(
                    "Puts the host in a group named by key (spaces become dashes), made if new"
                        + " under its parents; later plays may target the group.")
                .arg(Arg.str("key", "The group's name.").required())
                .arg(Arg.raw("parents", "The parent groups (a name or a list).").defaultsTo("all"))
                .example(
                    "- name: Group hosts by distribution\n"
                        + "  ansible.builtin.group_by:\n"
                        + "    key: os_{{ ansible_distribution }}\n")
                .build(),
            false,
            false,
            false));
    add(
        new Action(
            Kind.SET_FACT,
            ModuleSpec.builder(Kind.SET_FACT.actionName())
                .description(
                    "Sets variables of the host for the rest of the run: every argument but"
                        + " cacheable is a variable (its name templated too).")
                .arg(
                    Arg.bool("cacheable", "Also make the variables facts of the host.")
                        .defaultsTo(false))
                .example(
                    "- ansible.builtin.set_fact:\n"
                        + "    app_url: \"https://{{ inventory_hostname }}/\"\n")
                .build(),
            true,
            false,
            false));
    add(
        new Action(
            Kind.INCLUDE_VARS,
            ModuleSpec.builder(Kind.INCLUDE_VARS.actionName())
                .description(
                    "Reads variables from a YAML or JSON file, or every such file of a"
                        + " directory, on the control node, as variables of the host.")
                .arg(
                    Arg.path(
                        "file",
                        "The file (relative: the role's vars/, then beside the playbook's"
                            + " vars/, then beside the playbook)."))
                .arg(Arg.path("dir", "A directory whose files are read, in sorted order."))
                .arg(Arg.str("name", "Put the variables under this one name instead."))
                .arg(
                    Arg.integer("depth", "How many directories deep dir is read (0: all).")
                        .defaultsTo(0))
                .arg(Arg.str("files_matching", "Only the files of dir whose name this finds."))
                .arg(
                    Arg.list("ignore_files", "Regular expressions of dir's files to leave out.")
                        .elements(ArgType.STR))
                .arg(
                    Arg.list("extensions", "The extensions of dir's files that are read.")
                        .elements(ArgType.STR))
                .arg(
                    Arg.bool(
                            "ignore_unknown_extensions",
                            "Leave out dir's files with other extensions instead of failing.")
                        .defaultsTo(false))
                .arg(
                    Arg.str(
                            "hash_behaviour",
                            "merge: a mapping read is merged recursively over the variable's"
                                + " current mapping; replace (the default): it"
                                + " replaces it.")
                        .choices("replace", "merge"))
                .freeForm("file")
                .example("- ansible.builtin.include_vars: vars/{{ ansible_distribution }}.yml\n")
                .build(),
            false,
            false,
            false));
    add(
        new Action(
            Kind.META,
            ModuleSpec.builder(Kind.META.actionName())
                .description("Acts on the run itself: " + String.join(", ", META_ACTIONS) + ".")
                .arg(
                    Arg.str("_raw_params", "What to do, written as meta: ACTION.")
                        .choices(META_ACTIONS.toArray(String[]::new)))
                .freeForm("_raw_params")
                .example("- ansible.builtin.meta: flush_handlers\n")
                .build(),
            false,
            false,
            false));
    add(
        new Action(
            Kind.PAUSE,
            ModuleSpec.builder(Kind.PAUSE.actionName())
                .description(
                    "Waits seconds (or minutes) on the control node, once for all the play's hosts,"
                        + " as Ansible's pause does without a terminal: ploy runs unattended, so a"
                        + " prompt is never answered (user_input is empty; without seconds or"
                        + " minutes it warns and goes on at once).")
                .arg(Arg.raw("seconds", "Seconds to wait (at least 1)."))
                .arg(Arg.raw("minutes", "Minutes to wait."))
                .arg(Arg.str("prompt", "The prompt text (not shown: nothing is read)."))
                .arg(
                    Arg.bool("echo", "Whether input would be shown (returned as echo).")
                        .defaultsTo(true))
                .mutuallyExclusive("minutes", "seconds")
                .example(
                    "- name: Let the cluster settle\n"
                        + "  ansible.builtin.pause:\n"
                        + "    seconds: 30\n")
                .build(),
            false,
            true,
            false));
    add(include(Kind.INCLUDE_TASKS, "Runs the tasks of a file, read when the task runs."));
    add(include(Kind.IMPORT_TASKS, "Puts the tasks of a file here, read when the playbook loads."));
    add(include(Kind.INCLUDE, "Old name of include_tasks."));
    add(role(Kind.INCLUDE_ROLE, "Runs a role's tasks here, when the task runs."));
    add(role(Kind.IMPORT_ROLE, "Puts a role's tasks here, when the playbook loads."));
    add(
        new Action(
            Kind.IMPORT_PLAYBOOK,
            ModuleSpec.builder(Kind.IMPORT_PLAYBOOK.actionName())
                .description("Runs the plays of another playbook (at the top level of a playbook).")
                .arg(Arg.path("_raw_params", "The playbook file."))
                .freeForm("_raw_params")
                .example("- ansible.builtin.import_playbook: webservers.yml\n")
                .build(),
            false,
            false,
            true));
  }

  private static Action include(Kind kind, String description) {
    String name = kind.actionName();
    return new Action(
        kind,
        ModuleSpec.builder(name)
            .description(description)
            .arg(Arg.path("file", "The task file (relative: the role's tasks/, then beside it)."))
            .arg(Arg.dict("apply", "Keywords given to every included task (include_tasks)."))
            .freeForm("file")
            .example("- ansible.builtin." + name + ": setup-{{ ansible_os_family }}.yml\n")
            .build(),
        false,
        false,
        true);
  }

  private static Action role(Kind kind, String description) {
    String name = kind.actionName();
    ModuleSpec.Builder builder =
        ModuleSpec.builder(name)
            .description(description)
            .arg(Arg.str("name", "The role.").required().aliases("role"));
    for (String option : ROLE_OPTIONS) {
      String file = option.substring(0, option.indexOf('_'));
      builder.arg(Arg.str(option, "The file of the role's " + file + "/ to read, not main."));
    }
    return new Action(
        kind,
        builder
            .arg(Arg.bool("allow_duplicates", "Run the role again with the same parameters."))
            .arg(Arg.bool("public", "Its variables stay visible after it."))
            .arg(Arg.dict("apply", "Keywords given to every task of the role (include_role)."))
            .arg(Arg.bool("rolespec_validate", "Check the role's argument specs."))
            .example("- ansible.builtin." + name + ":\n    name: nginx\n    tasks_from: tls\n")
            .build(),
        false,
        false,
        true);
  }

  private static void add(Action action) {
    ACTIONS.put(action.name(), action);
  }

  /** The action a task names, with or without a collection prefix. */
  public static Optional<Action> find(String name) {
    return Optional.ofNullable(ACTIONS.get(ModuleRegistry.withoutCollection(name)));
  }

  /** Whether the name is one of the executor's actions. */
  public static boolean isAction(String name) {
    return find(name).isPresent();
  }

  /** Every executor action, in the order declared. */
  public static Collection<Action> all() {
    return ACTIONS.values();
  }
}
