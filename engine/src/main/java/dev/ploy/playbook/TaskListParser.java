package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.conditionText;
import static dev.ploy.playbook.YamlValues.conditions;
import static dev.ploy.playbook.YamlValues.preview;
import static dev.ploy.playbook.YamlValues.stringKeys;
import static dev.ploy.playbook.YamlValues.strings;

import dev.ploy.module.ExecutorActions.Kind;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns task lists as written (tasks, blocks, handlers, imports, roles) into {@link TaskItem}s,
 * recording every problem found instead of stopping at the first. The keywords, the action's
 * arguments, task files and roles each have a reader of their own; this class walks the lists.
 */
final class TaskListParser {
  private final LoadContext context;
  private final UnknownNames unknown;

  /** How many blocks around the tasks being parsed ignore or rescue their errors. */
  private int tolerant;

  private final KeywordReader keywords;
  private final ActionArgs actions;
  private final TaskFiles files;
  private final TemplateSources templates;
  private final RoleExpander roles;
  private final ExpressionCheck expressions;
  private final NamedAction.Finder naming;

  TaskListParser(LoadContext context, Path playbookDir) {
    this.context = context;
    this.unknown = new UnknownNames(context);
    this.keywords = new KeywordReader(context, unknown);
    this.actions = new ActionArgs(context);
    this.files = new TaskFiles(context, this, playbookDir);
    this.templates = new TemplateSources(context, playbookDir);
    this.roles = new RoleExpander(context, this, keywords, playbookDir);
    this.expressions = new ExpressionCheck(context);
    this.naming = new NamedAction.Finder(context, actions, unknown);
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
      Map<String, Object> task = stringKeys(map);
      Location at = scope.doc().locate(map);
      TaskItem item =
          task.containsKey("block")
              ? parseBlock(task, map, at, scope)
              : parseTask(task, map, at, scope, false);
      if (item != null) {
        items.add(item);
      }
    }
    return items;
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
      Location at = scope.doc().locate(map);
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

  /** The keywords of a play, block or task. */
  Keywords keywords(Map<String, Object> values, Map<?, ?> original, FileScope scope) {
    return keywords.keywords(values, original, scope);
  }

  RoleExpander.RoleEntry roleEntry(Object entry, Location at, YamlDocument doc) {
    return roles.roleEntry(entry, at, doc);
  }

  List<TaskItem> applyRole(
      String name,
      Map<String, Object> params,
      Keywords roleKeywords,
      String tasksFrom,
      Location at,
      FileScope scope,
      RoleContext parent) {
    return roles.applyRole(
        name, params, roleKeywords, tasksFrom, at, scope, new ArrayList<>(), parent);
  }

  private Block parseBlock(
      Map<String, Object> block, Map<?, ?> original, Location at, FileScope outer) {
    for (String key : block.keySet()) {
      if (!KeywordSets.isBlockKeyword(key)) {
        unknown.keyword(outer, original, key, "block");
      }
    }
    Keywords blockKeywords = keywords.keywords(block, original, outer);
    expressions.check(block, original, outer);
    keywords.onlyOnPlays(block, original, outer);
    FileScope scope = outer.withDefaults(blockKeywords);
    boolean ignoring = truthy(block.get("ignore_errors"));
    boolean rescued = block.get("rescue") != null;
    List<TaskItem> body =
        tolerating(
            ignoring || rescued,
            () -> parseList(block.get("block"), scope.doc().locateKey(original, "block"), scope));
    List<TaskItem> rescue =
        tolerating(
            ignoring,
            () -> parseList(block.get("rescue"), scope.doc().locateKey(original, "rescue"), scope));
    List<TaskItem> always =
        tolerating(
            ignoring,
            () -> parseList(block.get("always"), scope.doc().locateKey(original, "always"), scope));
    return new Block(
        (String) block.get("name"), body, rescue, always, blockKeywords, scope.role(), at);
  }

  private <T> T tolerating(boolean tolerate, java.util.function.Supplier<T> parse) {
    tolerant += tolerate ? 1 : 0;
    try {
      return parse.get();
    } finally {
      tolerant -= tolerate ? 1 : 0;
    }
  }

  /** A keyword's value that is true, or may be: a template is only known at run time. */
  private static boolean truthy(Object value) {
    return value instanceof String text && text.contains("{{")
        || value != null && dev.ploy.expr.Booleans.isTrue(value);
  }

  /**
   * Parses one task. A task whose problems Ansible finds only when it runs becomes a task that
   * fails with them when it runs, and they are warnings now: wrong arguments (Ansible's modules and
   * action plugins check theirs when they run: an assert without that under a false when, a
   * command's warn: removed in 2.14), a module Ansible has and ploy does not (a Windows branch
   * never taken on Debian), a module in the role's own library/, and any problem of a task under
   * {@code ignore_errors} or in a block with {@code rescue} (tests give bad arguments on purpose).
   * Any other problem (an unknown name or keyword, conflicting actions, YAML) stops the playbook
   * before it runs, as it stops ansible-playbook, with the arguments' problems as warnings beside
   * it.
   */
  private TaskItem parseTask(
      Map<String, Object> task, Map<?, ?> original, Location at, FileScope scope, boolean handler) {
    if (task.keySet().stream().anyMatch(TaskListParser::readsOtherFiles)) {
      return parseChecked(task, original, at, scope, handler); // their problems are their files'
    }
    TaskItem[] parsed = new TaskItem[1];
    List<Problem> problems =
        context.capturing(() -> parsed[0] = parseChecked(task, original, at, scope, handler));
    if (problems.isEmpty()) {
      return parsed[0];
    }
    // an unknown name (a typo) stops the playbook even under ignore_errors, as in Ansible
    // ("couldn't resolve module/action" at load)
    boolean deferrable =
        ansibleModules(task, scope)
            .map(
                modules ->
                    tolerant > 0
                        || truthy(task.get("ignore_errors"))
                        || !modules.isEmpty()
                        || problems.stream().allMatch(Problem::atRunTime))
            .orElse(false);
    if (!deferrable) {
      for (Problem problem : problems) {
        if (problem.atRunTime()) {
          context.deferred(problem);
        } else {
          context.problem(problem);
        }
      }
      return parsed[0];
    }
    problems.forEach(context::deferred);
    // the loop stays: Ansible resolves the module and checks its arguments for each item, so a
    // loop over nothing skips the task ("No items in the list"), as a false when does
    Loop[] loop = new Loop[1];
    context.capturing(() -> loop[0] = keywords.loop(task, original, scope));
    return failing(task, original, at, scope, handler, problems, loop[0]);
  }

  private static boolean readsOtherFiles(String key) {
    return Kind.of(key).map(Kind::readsOtherFiles).orElse(false);
  }

  /**
   * The names of the task that are neither keywords nor ploy actions, if every one is a module
   * Ansible has or one in the role's own library/; empty when another name is there.
   */
  private Optional<List<String>> ansibleModules(Map<String, Object> task, FileScope scope) {
    List<String> modules = new ArrayList<>();
    for (String key : task.keySet()) {
      if (KeywordSets.isTaskKeyword(key) || actions.isAction(key)) {
        continue;
      }
      if (!unknown.isAnsibleOnly(key) && UnknownNames.rolePlugin(scope, key) == null) {
        return Optional.empty();
      }
      modules.add(key);
    }
    return Optional.of(modules);
  }

  /** The task as one that fails with its load-time problems, keeping its keywords and loop. */
  private Task failing(
      Map<String, Object> task,
      Map<?, ?> original,
      Location at,
      FileScope scope,
      boolean handler,
      List<Problem> problems,
      Loop loop) {
    Map<String, Object> kept = new LinkedHashMap<>();
    task.forEach(
        (key, value) -> {
          if (KeywordSets.isTaskKeyword(key) && !key.startsWith("with_")) {
            kept.put(key, value);
          }
        });
    Keywords[] taskKeywords = new Keywords[1];
    context.capturing(() -> taskKeywords[0] = keywords.keywords(kept, original, scope));
    String message = String.join("; ", problems.stream().map(Problem::toString).toList());
    // unnamed, it is shown by the module it calls ("TASK [include_vars]"), as Ansible shows it,
    // not as the fail it became
    String shown =
        task.keySet().stream()
            .filter(key -> !KeywordSets.isTaskKeyword(key))
            .findFirst()
            .orElse(null);
    return new Task(
        task.get("name") == null ? shown : String.valueOf(task.get("name")),
        new Action("fail", Map.of("msg", message), at),
        taskKeywords[0],
        loop,
        task.get("register") == null ? null : String.valueOf(task.get("register")),
        List.of(),
        handler ? strings(task.get("listen")) : List.of(),
        List.of(),
        List.of(),
        null,
        null,
        null,
        scope.role(),
        at);
  }

  /** Parses one task; handlers are tasks with {@code listen}. Returns null when unusable. */
  private TaskItem parseChecked(
      Map<String, Object> task, Map<?, ?> original, Location at, FileScope scope, boolean handler) {
    NamedAction named = naming.find(task, original, at, scope);
    if (named == null) {
      return null;
    }
    String action =
        YamlValues.isTemplated(named.module())
            ? named.module()
            : ModuleRegistry.withoutCollection(named.module());
    Map<String, Object> args =
        actions.parse(action, named.value(), named.at(), task, original, scope);
    Map<String, Object> withExtras = new LinkedHashMap<>(task);
    if (named.local()) {
      withExtras.put("delegate_to", "localhost");
    }
    Keywords taskKeywords = keywords.keywords(withExtras, original, scope);
    keywords.onlyOnPlays(task, original, scope);
    expressions.check(task, original, scope);

    Kind kind = Kind.of(action).orElse(null); // null: a module
    if (kind == Kind.IMPORT_TASKS || kind == Kind.INCLUDE) {
      return files.importTasks(args, taskKeywords, named.at(), scope);
    }
    if (kind == Kind.IMPORT_ROLE) {
      return roles.importRole(args, taskKeywords, named.at(), scope);
    }
    if (kind == Kind.IMPORT_PLAYBOOK) {
      context.problem(named.at(), "import_playbook is only allowed at the top level of a playbook");
      return null;
    }
    if (kind == Kind.INCLUDE_TASKS) {
      files.checkInclude(args, named.at(), scope);
    } else if (kind == Kind.INCLUDE_ROLE) {
      roles.checkInclude(args, named.at(), scope);
    } else {
      actions.check(action, args, taskKeywords, named.value(), named.at(), scope);
      templates.check(context.modules().find(action), args, named.at(), scope);
    }

    Loop loop = keywords.loop(task, original, scope);
    List<String> listen = handler ? strings(task.get("listen")) : List.of();
    if (!handler && task.containsKey("listen")) {
      context.problem(
          scope.doc().locateKey(original, "listen"), "'listen' belongs on handlers, not on tasks");
    }
    return new Task(
        task.get("name") == null ? null : String.valueOf(task.get("name")),
        new Action(action, args, named.at()),
        taskKeywords,
        loop,
        task.get("register") == null ? null : String.valueOf(task.get("register")),
        strings(task.get("notify")),
        listen,
        conditions(task.get("changed_when")),
        conditions(task.get("failed_when")),
        task.get("until") == null ? null : conditionText(task.get("until")),
        task.get("retries"),
        task.get("delay"),
        scope.role(),
        at);
  }
}
