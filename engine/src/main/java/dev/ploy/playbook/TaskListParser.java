package dev.ploy.playbook;

import dev.ploy.module.ArgChecker;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleDefaults;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Suggest;
import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns task lists as written (tasks, blocks, imports, roles) into {@link TaskItem}s, recording
 * every problem found instead of stopping at the first.
 */
final class TaskListParser {
  /** Actions the executor handles itself; they are not modules. */
  static final Set<String> EXECUTOR_ACTIONS =
      Set.of(
          "include_tasks",
          "include_role",
          "import_tasks",
          "import_role",
          "set_fact",
          "meta",
          "include_vars",
          "import_playbook",
          "include");

  private static final Set<String> META_ACTIONS =
      Set.of(
          "flush_handlers",
          "end_play",
          "end_host",
          "end_batch",
          "noop",
          "clear_facts",
          "clear_host_errors",
          "refresh_inventory",
          "reset_connection");

  private static final Set<String> LOOP_LOOKUPS =
      Set.of(
          "items", "list", "dict", "indexed_items", "together", "nested", "sequence", "fileglob");

  /**
   * Where a task list is read from: its document, the role it belongs to, the directory relative
   * imports resolve against, the chain of files that led here, and where role handlers collect.
   */
  record FileScope(
      YamlDocument doc,
      RoleContext role,
      Path baseDir,
      List<Path> includeChain,
      List<Task> handlerSink,
      Set<String> rolesApplied) {

    FileScope in(YamlDocument other, RoleContext newRole, Path newBase) {
      List<Path> chain = new ArrayList<>(includeChain);
      chain.add(other.file().toAbsolutePath().normalize());
      return new FileScope(other, newRole, newBase, chain, handlerSink, rolesApplied);
    }
  }

  private final LoadContext context;
  private final RoleLoader roles;
  private final Path playbookDir;

  TaskListParser(LoadContext context, Path playbookDir) {
    this.context = context;
    this.roles = new RoleLoader(context);
    this.playbookDir = playbookDir;
  }

  List<TaskItem> parseList(Object value, Location where, FileScope scope) {
    List<TaskItem> items = new ArrayList<>();
    if (value == null) {
      return items;
    }
    if (!(value instanceof List<?> list)) {
      context.problem(where, "expected a list of tasks here (each starting with '- ')");
      return items;
    }
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> map)) {
        context.problem(
            where,
            "a task must be a mapping like '- name: ...' with a module, not: " + preview(entry));
        continue;
      }
      TaskItem item = parseItem(stringKeys(map), map, scope);
      if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  private TaskItem parseItem(Map<String, Object> task, Map<?, ?> original, FileScope scope) {
    Location at = scope.doc.locate(original);
    if (task.containsKey("block")) {
      return parseBlock(task, original, at, scope);
    }
    return parseTask(task, original, at, scope, false);
  }

  private Block parseBlock(
      Map<String, Object> block, Map<?, ?> original, Location at, FileScope scope) {
    for (String key : block.keySet()) {
      if (!KeywordSets.isBlockKeyword(key)) {
        unknownKeyword(scope, original, key, "block", KeywordSets::isBlockKeyword);
      }
    }
    Keywords keywords = keywords(block, original, scope);
    onlyOnPlays(block, original, scope);
    Map<String, Map<String, Object>> outer = enterDefaults(keywords);
    try {
      return new Block(
          (String) block.get("name"),
          parseList(block.get("block"), scope.doc.locateKey(original, "block"), scope),
          parseList(block.get("rescue"), scope.doc.locateKey(original, "rescue"), scope),
          parseList(block.get("always"), scope.doc.locateKey(original, "always"), scope),
          keywords,
          scope.role,
          at);
    } finally {
      leaveDefaults(outer);
    }
  }

  /**
   * connection: and port: choose how a host is reached for the whole play; on a block or task they
   * would need a second connection to the same host, which ploy does not open.
   */
  private void onlyOnPlays(Map<String, Object> values, Map<?, ?> original, FileScope scope) {
    for (String key : List.of("connection", "port")) {
      if (values.containsKey(key)) {
        context.problem(
            scope.doc.locateKey(original, key),
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
   * The module_defaults of the plays and blocks being parsed, so that a task whose required
   * argument comes from them is not reported as missing one.
   */
  private Map<String, Map<String, Object>> activeDefaults = Map.of();

  /** Adds a level's module_defaults while its tasks are parsed; returns what to restore. */
  Map<String, Map<String, Object>> enterDefaults(Keywords keywords) {
    Map<String, Map<String, Object>> outer = activeDefaults;
    activeDefaults = Keywords.mergeDefaults(outer, keywords.moduleDefaults());
    return outer;
  }

  void leaveDefaults(Map<String, Map<String, Object>> outer) {
    activeDefaults = outer;
  }

  /** Parses one task; handlers are tasks with {@code listen}. Returns null when unusable. */
  TaskItem parseTask(
      Map<String, Object> task, Map<?, ?> original, Location at, FileScope scope, boolean handler) {
    String module = null;
    Object moduleValue = null;
    Location moduleAt = at;
    Map<String, Object> extraSettings = new LinkedHashMap<>();
    boolean unknownKeys = false;
    for (Map.Entry<String, Object> entry : task.entrySet()) {
      String key = entry.getKey();
      if (KeywordSets.isTaskKeyword(key)) {
        continue;
      }
      if (context.modules().isModule(key) || EXECUTOR_ACTIONS.contains(stripCollection(key))) {
        if (module != null) {
          context.problem(
              scope.doc.locateKey(original, key),
              "a task calls one module; this one names both '"
                  + module
                  + "' and '"
                  + key
                  + "': split it into two tasks");
          continue;
        }
        module = key;
        moduleValue = entry.getValue();
        moduleAt = scope.doc.locateKey(original, key);
      } else {
        unknownKeyword(scope, original, key, "task", KeywordSets::isTaskKeyword);
        unknownKeys = true;
      }
    }
    if (task.containsKey("action") || task.containsKey("local_action")) {
      String which = task.containsKey("action") ? "action" : "local_action";
      Object spec = task.get(which);
      moduleAt = scope.doc.locateKey(original, which);
      if (module != null) {
        context.problem(
            moduleAt, "a task with '" + which + ":' cannot also name module '" + module + "'");
      }
      if (spec instanceof String text) {
        String[] parts = text.trim().split("\\s+", 2);
        module = parts[0];
        moduleValue = parts.length > 1 ? parts[1] : null;
      } else if (spec instanceof Map<?, ?> map && map.get("module") != null) {
        Map<String, Object> args = stringKeys(map);
        module = String.valueOf(args.remove("module"));
        moduleValue = args;
      } else {
        context.problem(
            moduleAt, "'" + which + ":' takes 'module args' or a mapping with 'module:'");
        return null;
      }
      if (which.equals("local_action")) {
        extraSettings.put("delegate_to", "localhost");
      }
      if (!context.modules().isModule(module)
          && !EXECUTOR_ACTIONS.contains(stripCollection(module))) {
        unknownModule(moduleAt, module);
        return null;
      }
    }
    if (module == null && unknownKeys) {
      return null; // the unknown key was reported: most likely the misspelled module
    }
    if (module == null) {
      context.problem(
          at,
          "this task names no module"
              + (task.containsKey("name") ? " ('" + task.get("name") + "')" : "")
              + "; add one, e.g. '  ansible.builtin.command: echo hello'");
      return null;
    }
    String action = stripCollection(module);
    Map<String, Object> args = moduleArgs(action, moduleValue, moduleAt, task, original, scope);
    Map<String, Object> withExtras = new LinkedHashMap<>(task);
    withExtras.putAll(extraSettings);
    Keywords keywords = keywords(withExtras, original, scope);
    onlyOnPlays(task, original, scope);

    if (action.equals("import_tasks") || action.equals("include")) {
      return importTasks(args, keywords, moduleAt, scope);
    }
    if (action.equals("import_role")) {
      return importRole(args, keywords, moduleAt, scope);
    }
    if (action.equals("import_playbook")) {
      context.problem(moduleAt, "import_playbook is only allowed at the top level of a playbook");
      return null;
    }
    checkAction(
        action,
        args,
        Keywords.mergeDefaults(activeDefaults, keywords.moduleDefaults()),
        moduleValue,
        moduleAt,
        scope);

    Loop loop = loop(task, original, scope);
    List<String> listen = handler ? strings(task.get("listen")) : List.of();
    if (!handler && task.containsKey("listen")) {
      context.problem(
          scope.doc.locateKey(original, "listen"), "'listen' belongs on handlers, not on tasks");
    }
    return new Task(
        task.get("name") == null ? null : String.valueOf(task.get("name")),
        new Action(action, args, moduleAt),
        keywords,
        loop,
        task.get("register") == null ? null : String.valueOf(task.get("register")),
        strings(task.get("notify")),
        listen,
        conditions(task.get("changed_when")),
        conditions(task.get("failed_when")),
        task.get("until") == null ? null : conditionText(task.get("until")),
        task.get("retries"),
        task.get("delay"),
        scope.role,
        at);
  }

  private Map<String, Object> moduleArgs(
      String action,
      Object value,
      Location at,
      Map<String, Object> task,
      Map<?, ?> original,
      FileScope scope) {
    Map<String, Object> args = new LinkedHashMap<>();
    Object extra = task.get("args");
    if (extra instanceof Map<?, ?> map) {
      args.putAll(stringKeys(map));
    } else if (extra != null) {
      context.problem(scope.doc.locateKey(original, "args"), "'args:' must be a mapping");
    }
    ModuleSpec spec = context.modules().find(action).map(Module::spec).orElse(null);
    if (value instanceof Map<?, ?> map) {
      args.putAll(stringKeys(map));
    } else if (value instanceof String text) {
      Set<String> known = new HashSet<>();
      String freeForm = freeFormArg(action, spec);
      if (spec != null) {
        spec.args()
            .forEach(
                a -> {
                  known.add(a.name());
                  known.addAll(a.aliases());
                });
      }
      Map<String, Object> parsed = FreeFormArgs.parse(text, known, freeForm);
      Object problem = parsed.remove("");
      if (problem != null) {
        context.problem(at, action + ": " + problem);
      }
      args.putAll(parsed);
    } else if (value != null && !(value instanceof List && action.equals("set_fact"))) {
      String freeForm = freeFormArg(action, spec);
      if (freeForm != null) {
        args.put(freeForm, value);
      } else {
        context.problem(at, action + ": arguments must be a mapping or key=value text");
      }
    }
    return args;
  }

  private static String freeFormArg(String action, ModuleSpec spec) {
    if (spec != null) {
      return spec.freeForm().orElse(null);
    }
    return switch (action) {
      case "include_tasks", "import_tasks", "include", "include_vars" -> "file";
      case "meta" -> "_raw_params";
      default -> null;
    };
  }

  private void checkAction(
      String action,
      Map<String, Object> args,
      Map<String, Map<String, Object>> defaults,
      Object written,
      Location at,
      FileScope scope) {
    var module = context.modules().find(action);
    if (module.isPresent()) {
      ModuleSpec spec = module.get().spec();
      // the module's defaults under the task's own arguments; the defaults themselves were
      // checked where module_defaults is written
      Map<String, Object> effective =
          ModuleDefaults.apply(spec, defaults.getOrDefault(spec.name(), Map.of()), args);
      ArgChecker.problems(
          spec,
          effective,
          (key, problem) -> {
            if (key != null && !args.containsKey(key)) {
              return;
            }
            context.problem(
                key != null && written instanceof Map<?, ?> map && map.containsKey(key)
                    ? scope.doc.locateKey(map, key)
                    : at,
                problem);
          });
      return;
    }
    switch (action) {
      case "meta" -> {
        Object what = args.get("_raw_params");
        if (what == null || !META_ACTIONS.contains(String.valueOf(what))) {
          context.problem(
              at,
              "meta: unknown action '" + what + "'; ploy knows " + String.join(", ", META_ACTIONS));
        }
      }
      case "include_tasks" -> {
        Object file = args.get("file");
        if (file == null) {
          context.problem(at, "include_tasks needs a file: 'include_tasks: other.yml'");
        } else if (!isTemplated(file)) {
          Path path = resolveTaskFile(String.valueOf(file), scope);
          if (path == null) {
            context.problem(
                at,
                "include_tasks: file not found: " + file + searched(String.valueOf(file), scope));
          } else {
            checkIncludedFile(path, at, scope);
          }
        }
      }
      case "include_role" -> {
        Object name = args.get("name");
        if (name == null) {
          context.problem(at, "include_role needs a name: 'include_role: { name: myrole }'");
        } else if (!isTemplated(name) && roles.find(String.valueOf(name), playbookDir).isEmpty()) {
          context.problem(at, roleNotFound(String.valueOf(name)));
        }
      }
      case "include_vars" -> {
        if (args.get("file") == null && args.get("dir") == null) {
          context.problem(at, "include_vars needs a file: 'include_vars: vars/main.yml'");
        }
      }
      default -> {
        // set_fact takes any variable names
      }
    }
  }

  /** Parses an include_tasks target once, so its problems are reported before the run. */
  private void checkIncludedFile(Path path, Location at, FileScope scope) {
    Path normalized = path.toAbsolutePath().normalize();
    if (scope.includeChain.contains(normalized)) {
      context.problem(at, "include cycle: " + chain(scope.includeChain, normalized));
      return;
    }
    YamlDocument doc = context.document(normalized, at);
    if (doc != null) {
      parseList(
          doc.root(), Location.of(doc.file()), scope.in(doc, scope.role, normalized.getParent()));
    }
  }

  private TaskItem importTasks(
      Map<String, Object> args, Keywords keywords, Location at, FileScope scope) {
    Object file = args.get("file");
    if (file == null) {
      context.problem(at, "import_tasks needs a file: 'import_tasks: other.yml'");
      return null;
    }
    if (isTemplated(file)) {
      context.problem(
          at,
          "import_tasks is static and cannot use a templated file name; use include_tasks for that");
      return null;
    }
    Path path = resolveTaskFile(String.valueOf(file), scope);
    if (path == null) {
      context.problem(
          at, "import_tasks: file not found: " + file + searched(String.valueOf(file), scope));
      return null;
    }
    Path normalized = path.toAbsolutePath().normalize();
    if (scope.includeChain.contains(normalized)) {
      context.problem(at, "import cycle: " + chain(scope.includeChain, normalized));
      return null;
    }
    YamlDocument doc = context.document(normalized, at);
    if (doc == null) {
      return null;
    }
    List<TaskItem> items =
        parseList(
            doc.root(), Location.of(doc.file()), scope.in(doc, scope.role, normalized.getParent()));
    return new Block(null, items, List.of(), List.of(), keywords, scope.role, at);
  }

  private TaskItem importRole(
      Map<String, Object> args, Keywords keywords, Location at, FileScope scope) {
    Object name = args.get("name");
    if (name == null) {
      context.problem(at, "import_role needs a name: 'import_role: { name: myrole }'");
      return null;
    }
    Map<String, Object> params = new LinkedHashMap<>(keywords.vars());
    List<TaskItem> items =
        applyRole(
            String.valueOf(name),
            params,
            keywords.withoutVars(),
            String.valueOf(args.getOrDefault("tasks_from", "main")),
            at,
            scope,
            new ArrayList<>());
    return new Block(null, items, List.of(), List.of(), Keywords.NONE, scope.role, at);
  }

  /**
   * Expands a role and its dependencies (dependencies first) into blocks, adding its handlers to
   * the play's. A role already applied with the same parameters is not applied again, unless its
   * meta says allow_duplicates.
   */
  List<TaskItem> applyRole(
      String name,
      Map<String, Object> params,
      Keywords keywords,
      String tasksFrom,
      Location at,
      FileScope scope,
      List<String> roleChain) {
    Map<String, Map<String, Object>> outer = enterDefaults(keywords);
    try {
      return applyRoleWithin(name, params, keywords, tasksFrom, at, scope, roleChain);
    } finally {
      leaveDefaults(outer);
    }
  }

  private List<TaskItem> applyRoleWithin(
      String name,
      Map<String, Object> params,
      Keywords keywords,
      String tasksFrom,
      Location at,
      FileScope scope,
      List<String> roleChain) {
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
    if (!role.allowDuplicates() && !scope.rolesApplied.add(identity)) {
      return List.of();
    }
    List<String> chain = new ArrayList<>(roleChain);
    chain.add(dir.get().toString());
    List<TaskItem> items = new ArrayList<>();
    RoleContext context =
        new RoleContext(role.name(), role.path(), role.defaults(), role.vars(), params);
    for (Object dependency : role.dependencies()) {
      Location depAt = role.meta() == null ? at : role.meta().locate(role.dependencies());
      RoleEntry entry = roleEntry(dependency, depAt, role.meta());
      if (entry != null) {
        items.addAll(
            applyRole(entry.name, entry.params, entry.keywords, "main", depAt, scope, chain));
      }
    }
    YamlDocument tasks =
        tasksFrom.equals("main")
            ? role.tasks()
            : roles.yamlFile(role.path().resolve("tasks"), tasksFrom);
    List<TaskItem> own = new ArrayList<>();
    if (tasks != null) {
      own.addAll(
          parseList(
              tasks.root(),
              Location.of(tasks.file()),
              scope.in(tasks, context, role.path().resolve("tasks"))));
    } else if (!tasksFrom.equals("main")) {
      this.context.problem(at, "role " + role.name() + " has no tasks/" + tasksFrom + ".yml");
    }
    if (role.handlers() != null && scope.handlerSink != null) {
      FileScope handlerScope = scope.in(role.handlers(), context, role.path().resolve("handlers"));
      scope.handlerSink.addAll(
          parseHandlers(role.handlers().root(), Location.of(role.handlers().file()), handlerScope));
    }
    items.add(new Block(role.name(), own, List.of(), List.of(), keywords, context, at));
    return items;
  }

  /** A role as a play or a meta file names it: a string, or a mapping with role: or name:. */
  record RoleEntry(String name, Map<String, Object> params, Keywords keywords) {}

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
      FileScope scope = new FileScope(doc, null, playbookDir, List.of(), null, new HashSet<>());
      return new RoleEntry(String.valueOf(name), params, keywords(keywordValues, map, scope));
    }
    context.problem(at, "a role entry must be a name or a mapping with 'role:'");
    return null;
  }

  List<Task> parseHandlers(Object value, Location where, FileScope scope) {
    List<Task> handlers = new ArrayList<>();
    if (value == null) {
      return handlers;
    }
    if (!(value instanceof List<?> list)) {
      context.problem(where, "handlers must be a list of tasks");
      return handlers;
    }
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> map)) {
        context.problem(where, "a handler must be a mapping with a name and a module");
        continue;
      }
      Map<String, Object> values = stringKeys(map);
      Location at = scope.doc.locate(map);
      if (values.containsKey("block")) {
        context.problem(at, "handlers cannot be blocks; give each handler its own task");
        continue;
      }
      TaskItem item = parseTask(values, map, at, scope, true);
      if (item instanceof Task task) {
        handlers.add(task);
      } else if (item != null) {
        context.problem(at, "handlers cannot import tasks or roles");
      }
    }
    return handlers;
  }

  private Path resolveTaskFile(String file, FileScope scope) {
    for (Path candidate : taskFileCandidates(file, scope)) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private List<Path> taskFileCandidates(String file, FileScope scope) {
    Path asPath = Path.of(file);
    if (asPath.isAbsolute()) {
      return List.of(asPath);
    }
    List<Path> places = new ArrayList<>();
    if (scope.role != null) {
      places.add(scope.role.path().resolve("tasks").resolve(file));
    }
    places.add(scope.baseDir.resolve(file));
    places.add(playbookDir.resolve(file));
    return places;
  }

  private String searched(String file, FileScope scope) {
    List<String> places = new ArrayList<>();
    for (Path p : taskFileCandidates(file, scope)) {
      places.add(p.toString());
    }
    return " (looked in " + String.join(", ", new LinkedHashSet<>(places)) + ")";
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

  Keywords keywords(Map<String, Object> values, Map<?, ?> original, FileScope scope) {
    List<String> when = conditions(values.get("when"));
    Set<String> tags = new LinkedHashSet<>(tagList(values.get("tags")));
    Map<String, Object> vars = new LinkedHashMap<>();
    Object rawVars = values.get("vars");
    if (rawVars instanceof Map<?, ?> map) {
      vars.putAll(stringKeys(map));
    } else if (rawVars != null) {
      context.problem(
          scope.doc.locateKey(original, "vars"), "'vars:' must be a mapping of names to values");
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
          scope.doc.locateKey(original, "environment"),
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
   * module_defaults, checked as a task's arguments are (known modules, known arguments of the right
   * types) and keyed by each module's own name, so that ansible.builtin.apt and apt are one.
   */
  private Map<String, Map<String, Object>> moduleDefaults(
      Object raw, Map<?, ?> original, FileScope scope) {
    Location at = scope.doc.locateKey(original, "module_defaults");
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
        Location keyAt = scope.doc.locateKey(map, entry.getKey());
        if (name.startsWith("group/")) {
          context.problem(
              keyAt, "module_defaults groups (" + name + ") are not supported; name each module");
          continue;
        }
        var module = context.modules().find(name);
        if (module.isEmpty()) {
          unknownModule(keyAt, name);
          continue;
        }
        if (!(entry.getValue() instanceof Map<?, ?> args)) {
          context.problem(keyAt, "the defaults of " + name + " must be a mapping of arguments");
          continue;
        }
        Map<String, Object> given = stringKeys(args);
        ArgChecker.problems(
            module.get().spec(),
            given,
            (key, problem) -> {
              if (key != null) {
                context.problem(scope.doc.locateKey(args, key), "module_defaults: " + problem);
              }
            });
        out.computeIfAbsent(module.get().spec().name(), m -> new LinkedHashMap<>()).putAll(given);
      }
    }
    return out;
  }

  /**
   * The key under which an {@code environment:} given as one expression ("{{ proxy_env }}") is
   * kept; the executor evaluates it to a mapping.
   */
  static final String ENVIRONMENT_EXPRESSION = "";

  private Loop loop(Map<String, Object> task, Map<?, ?> original, FileScope scope) {
    String kind = null;
    Object items = null;
    for (String key : task.keySet()) {
      if (key.equals("loop") || key.startsWith("with_")) {
        if (kind != null) {
          context.problem(
              scope.doc.locateKey(original, key),
              "a task can loop only once; it has both " + kind + " and " + key);
          continue;
        }
        kind = key.equals("loop") ? "loop" : key.substring("with_".length());
        items = task.get(key);
        if (!kind.equals("loop") && !LOOP_LOOKUPS.contains(kind)) {
          context.problem(
              scope.doc.locateKey(original, key),
              key
                  + " is not supported; use loop: with a filter (ploy knows with_"
                  + String.join(", with_", new java.util.TreeSet<>(LOOP_LOOKUPS))
                  + ")");
        }
      }
    }
    Object control = task.get("loop_control");
    if (kind == null) {
      if (control != null) {
        context.problem(
            scope.doc.locateKey(original, "loop_control"), "loop_control without a loop");
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
        if (!Set.of("loop_var", "index_var", "label", "pause", "extended", "extended_allitems")
            .contains(key)) {
          context.problem(
              scope.doc.locateKey(map, key), "unknown loop_control option '" + key + "'");
        }
      }
      loopVar = String.valueOf(c.getOrDefault("loop_var", "item"));
      indexVar = c.get("index_var") == null ? null : String.valueOf(c.get("index_var"));
      label = c.get("label") == null ? null : String.valueOf(c.get("label"));
      pause = c.get("pause") instanceof Number n ? n.doubleValue() : 0;
      extended = Boolean.TRUE.equals(c.get("extended"));
    } else if (control != null) {
      context.problem(
          scope.doc.locateKey(original, "loop_control"), "loop_control must be a mapping");
    }
    return new Loop(kind, items, loopVar, indexVar, label, pause, extended);
  }

  private void unknownKeyword(
      FileScope scope,
      Map<?, ?> original,
      String key,
      String level,
      java.util.function.Predicate<String> valid) {
    List<String> names = new ArrayList<>(context.modules().names());
    names.addAll(KeywordSets.COMMON);
    names.addAll(level.equals("task") ? KeywordSets.TASK_ONLY : KeywordSets.BLOCK_ONLY);
    String bare = stripCollection(key);
    String suggestion = Suggest.closest(bare, names);
    String message =
        level.equals("task")
            ? "unknown module or task keyword '" + key + "'"
            : "unknown " + level + " keyword '" + key + "'";
    context.problem(
        scope.doc.locateKey(original, key),
        message + (suggestion != null ? "; did you mean '" + suggestion + "'?" : ""));
  }

  private void unknownModule(Location at, String module) {
    String suggestion = Suggest.closest(stripCollection(module), context.modules().names());
    context.problem(
        at,
        "unknown module '"
            + module
            + "'"
            + (suggestion != null
                ? "; did you mean '" + suggestion + "'?"
                : "; see 'ploy doc --list'"));
  }

  static String stripCollection(String module) {
    return ModuleRegistry.withoutCollection(module);
  }

  static boolean isTemplated(Object value) {
    return value instanceof String s && (s.contains("{{") || s.contains("{%"));
  }

  static List<String> conditions(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object item : list) {
        out.add(conditionText(item));
      }
      return out;
    }
    return List.of(conditionText(value));
  }

  static String conditionText(Object value) {
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return String.valueOf(value);
  }

  static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object item : list) {
        out.add(String.valueOf(item));
      }
      return out;
    }
    return List.of(String.valueOf(value));
  }

  /** Tags: a list, or a comma-separated string. */
  static List<String> tagList(Object value) {
    if (value instanceof String text) {
      List<String> out = new ArrayList<>();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    return strings(value);
  }

  static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static String chain(List<Path> chain, Path again) {
    List<String> names = new ArrayList<>();
    for (Path p : chain.subList(Math.max(0, chain.indexOf(again)), chain.size())) {
      names.add(p.getFileName().toString());
    }
    names.add(again.getFileName().toString());
    return String.join(" -> ", names);
  }

  private static String preview(Object value) {
    String text = String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
