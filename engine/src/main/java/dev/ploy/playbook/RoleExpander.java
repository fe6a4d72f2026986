package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.isTemplated;
import static dev.ploy.playbook.YamlValues.stringKeys;

import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Roles as plays, import_role and role dependencies name them, expanded into blocks of their tasks
 * (dependencies first), their handlers added to the play's.
 */
final class RoleExpander {
  /** A role as a play or a meta file names it: a string, or a mapping with role: or name:. */
  record RoleEntry(String name, Map<String, Object> params, Keywords keywords) {}

  private final LoadContext context;
  private final TaskListParser parser;
  private final KeywordReader keywords;
  private final RoleLoader roles;
  private final Path playbookDir;
  private final java.util.Set<Path> checking = new HashSet<>();

  /** The roles (and tasks_from) being expanded now: a role importing itself again is a cycle. */
  private final java.util.Set<String> expanding = new HashSet<>();

  RoleExpander(
      LoadContext context, TaskListParser parser, KeywordReader keywords, Path playbookDir) {
    this.context = context;
    this.parser = parser;
    this.keywords = keywords;
    this.roles = new RoleLoader(context);
    this.playbookDir = playbookDir;
  }

  RoleEntry roleEntry(Object entry, Location at, YamlDocument doc) {
    if (entry instanceof String name) {
      return new RoleEntry(name, Map.of(), Keywords.NONE);
    }
    if (entry instanceof Map<?, ?> map) {
      Map<String, Object> values = stringKeys(map);
      Object name = values.containsKey("role") ? values.remove("role") : values.remove("name");
      if (name == null) {
        context.problem(at, "a role entry needs 'role: NAME'");
        return null;
      }
      Map<String, Object> keywordValues = new LinkedHashMap<>();
      Map<String, Object> params = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : values.entrySet()) {
        if (e.getKey().equals("vars") && e.getValue() instanceof Map<?, ?> vars) {
          params.putAll(stringKeys(vars));
        } else if (KeywordSets.COMMON.contains(e.getKey())) {
          keywordValues.put(e.getKey(), e.getValue());
        } else {
          params.put(e.getKey(), e.getValue());
        }
      }
      FileScope scope =
          new FileScope(doc, null, playbookDir, List.of(), null, new HashSet<>(), Map.of());
      return new RoleEntry(
          String.valueOf(name), params, keywords.keywords(keywordValues, map, scope));
    }
    context.problem(at, "a role entry must be a name or a mapping with 'role:'");
    return null;
  }

  /** import_role: the role's tasks, expanded now, as one block. */
  TaskItem importRole(Map<String, Object> args, Keywords keywords, Location at, FileScope scope) {
    Object name = args.get("name");
    if (name == null) {
      context.problem(at, "import_role needs a name: 'import_role: { name: myrole }'");
      return null;
    }
    Map<String, Object> params = new LinkedHashMap<>(keywords.vars());
    List<TaskItem> items =
        expandRole(
            String.valueOf(name),
            params,
            keywords.withoutVars(),
            String.valueOf(args.getOrDefault("tasks_from", "main")),
            at,
            scope,
            new ArrayList<>(),
            scope.role(),
            false);
    return new Block(null, items, List.of(), List.of(), Keywords.NONE, scope.role(), at);
  }

  /**
   * include_role: it needs a name; a role named without templating is looked for and its tasks are
   * parsed now, as include_tasks' file is, so that their problems are known before the run, as
   * warnings: the include is dynamic, and they are errors only if it runs (a task with wrong
   * arguments fails only if it runs). What is parsed here is not kept: the role is loaded again
   * when the include runs.
   */
  void checkInclude(Map<String, Object> args, Location at, FileScope scope) {
    Object name = args.get("name");
    Object tasksFrom = args.getOrDefault("tasks_from", "main");
    if (name == null) {
      context.problem(at, "include_role needs a name: 'include_role: { name: myrole }'");
    } else if (isTemplated(name) || isTemplated(tasksFrom)) {
      return;
    } else if (roles.find(String.valueOf(name), playbookDir).isEmpty()) {
      context.dynamically(() -> context.problem(at, roleNotFound(String.valueOf(name))));
    } else {
      Path dir = roles.find(String.valueOf(name), playbookDir).get();
      if (!checking.add(dir)) {
        return; // a role including itself: checked once
      }
      try {
        FileScope apart =
            new FileScope(
                scope.doc(),
                scope.role(),
                scope.baseDir(),
                scope.includeChain(),
                new ArrayList<>(),
                new HashSet<>(),
                scope.defaults());
        context.dynamically(
            () ->
                applyRole(
                    String.valueOf(name),
                    Map.of(),
                    Keywords.NONE,
                    String.valueOf(tasksFrom),
                    at,
                    apart,
                    new ArrayList<>(),
                    scope.role()));
      } finally {
        checking.remove(dir);
      }
    }
  }

  /**
   * Expands a role and its dependencies (dependencies first) into blocks, adding its handlers to
   * the play's. A role already applied with the same parameters is not applied again, unless its
   * meta says allow_duplicates. {@code parent} is the role it runs under (null for the play's).
   */
  List<TaskItem> applyRole(
      String name,
      Map<String, Object> params,
      Keywords keywords,
      String tasksFrom,
      Location at,
      FileScope outer,
      List<String> roleChain,
      RoleContext parent) {
    return expandRole(name, params, keywords, tasksFrom, at, outer, roleChain, parent, true);
  }

  /**
   * {@link #applyRole}, where {@code once} false (import_role) applies the role again even if it
   * was applied with the same parameters, as Ansible's import_role does (its role allows
   * duplicates), without recording it for a later roles: entry; the role's handlers are added once.
   * Its dependencies are applied once all the same.
   */
  private List<TaskItem> expandRole(
      String name,
      Map<String, Object> params,
      Keywords keywords,
      String tasksFrom,
      Location at,
      FileScope outer,
      List<String> roleChain,
      RoleContext parent,
      boolean once) {
    FileScope scope = outer.withDefaults(keywords);
    var dir = roles.find(name, playbookDir);
    if (dir.isEmpty()) {
      context.problem(at, roleNotFound(name));
      return List.of();
    }
    RoleDefinition role = roles.load(name, dir.get());
    String identity = dir.get() + "|" + tasksFrom + "|" + params;
    if (roleChain.contains(dir.get().toString())) {
      List<String> names = new ArrayList<>();
      for (String p :
          roleChain.subList(roleChain.indexOf(dir.get().toString()), roleChain.size())) {
        names.add(Path.of(p).getFileName().toString());
      }
      names.add(role.name());
      context.problem(at, "role dependency cycle: " + String.join(" -> ", names));
      return List.of();
    }
    if (once && !role.allowDuplicates() && !scope.rolesApplied().add(identity)) {
      return List.of();
    }
    if (!expanding.add(identity)) {
      context.problem(at, "import_role cycle: role " + role.name() + " imports itself");
      return List.of();
    }
    try {
      return expand(
          role, dir.get(), identity, params, keywords, tasksFrom, at, scope, roleChain, parent,
          once);
    } finally {
      expanding.remove(identity);
    }
  }

  private List<TaskItem> expand(
      RoleDefinition role,
      Path dir,
      String identity,
      Map<String, Object> params,
      Keywords keywords,
      String tasksFrom,
      Location at,
      FileScope scope,
      List<String> roleChain,
      RoleContext parent,
      boolean once) {
    boolean handlersNew = scope.rolesApplied().add("handlers of " + identity) || once;
    List<String> chain = new ArrayList<>(roleChain);
    chain.add(dir.toString());
    List<TaskItem> items = new ArrayList<>();
    RoleContext roleContext =
        new RoleContext(
            role.name(),
            role.path(),
            role.defaults(),
            role.vars(),
            params,
            !roleChain.isEmpty(),
            parent);
    for (Object dependency : role.dependencies()) {
      Location depAt = role.meta() == null ? at : role.meta().locate(role.dependencies());
      RoleEntry entry = roleEntry(dependency, depAt, role.meta());
      if (entry != null) {
        items.addAll(
            applyRole(
                entry.name(),
                entry.params(),
                entry.keywords(),
                "main",
                depAt,
                scope,
                chain,
                roleContext));
      }
    }
    YamlDocument tasks =
        tasksFrom.equals("main")
            ? role.tasks()
            : roles.yamlFile(role.path().resolve("tasks"), tasksFrom);
    List<TaskItem> own = new ArrayList<>(argumentSpecCheck(role, tasksFrom, roleContext, scope));
    if (tasks != null) {
      own.addAll(
          parser.parseList(
              tasks.root(),
              Location.of(tasks.file()),
              scope.in(tasks, roleContext, role.path().resolve("tasks"))));
    } else if (!tasksFrom.equals("main")) {
      context.problem(at, "role " + role.name() + " has no tasks/" + tasksFrom + ".yml");
    }
    if (handlersNew && role.handlers() != null && scope.handlerSink() != null) {
      FileScope handlerScope =
          scope.in(role.handlers(), roleContext, role.path().resolve("handlers"));
      scope
          .handlerSink()
          .addAll(
              parser.parseHandlers(
                  role.handlers().root(), Location.of(role.handlers().file()), handlerScope));
    }
    items.add(new Block(role.name(), own, List.of(), List.of(), keywords, roleContext, at));
    return items;
  }

  /**
   * The task Ansible puts first in a role whose argument specs describe the entry point
   * (tasks_from, else main): validate_argument_spec of that entry's options, tagged always. The
   * specs are meta/argument_specs.yml's, or when there is no such file meta/main.yml's. The role's
   * parameters are checked as the variables they are (a parameter the spec does not name is not
   * reported, as Ansible reports it).
   */
  private List<TaskItem> argumentSpecCheck(
      RoleDefinition role, String entry, RoleContext roleContext, FileScope scope) {
    YamlDocument specs = roles.yamlFile(role.path().resolve("meta"), "argument_specs");
    if (specs == null) {
      specs = role.meta();
    }
    if (specs == null
        || !(specs.root() instanceof Map<?, ?> root)
        || !(root.get("argument_specs") instanceof Map<?, ?> entries)
        || !(entries.get(entry) instanceof Map<?, ?> spec)) {
      return List.of();
    }
    String name = "Validating arguments against arg spec '" + entry + "'";
    if (spec.containsKey("short_description")) {
      name += " - " + spec.get("short_description");
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("argument_spec_name", entry);
    context.put("name", role.name());
    context.put("path", role.path().toString());
    context.put("type", "role");
    Map<String, Object> args = new LinkedHashMap<>();
    args.put(
        "argument_spec", spec.get("options") instanceof Map<?, ?> options ? options : Map.of());
    args.put("validate_args_context", context);
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("name", name);
    task.put("ansible.builtin.validate_argument_spec", args);
    task.put("tags", List.of("always"));
    YamlDocument doc = YamlDocument.of(specs.file(), List.of(task));
    return parser.parseList(
        doc.root(),
        Location.of(specs.file()),
        scope.in(doc, roleContext, role.path().resolve("tasks")));
  }

  private String roleNotFound(String name) {
    List<String> places = new ArrayList<>();
    for (Path p : roles.candidates(name, playbookDir)) {
      places.add(p.toString());
    }
    return "role '"
        + name
        + "' not found; looked in "
        + String.join(", ", places)
        + " (set roles_path in ploy.yml or PLOY_ROLES_PATH to add places)";
  }
}
