package dev.ploy.run;

import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.diff.Diff;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.module.ArgChecker;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleDefaults;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.PathExpansion;
import dev.ploy.module.Plan;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Runs one task on one host: conditions, loops, templating of arguments, the module's plan, and —
 * the one place where check mode is decided — applying that plan or only reporting it. Then the
 * task's rules over the result ({@link ResultRules}), register and notify. What the keywords come
 * to is {@link TaskSettings}'; set_fact and include_vars are {@link BuiltinActions}.
 */
final class TaskRunner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskRunner.class);

  private final PlayRun play;
  private final ModuleRegistry modules;
  private final BuiltinActions builtins;

  TaskRunner(PlayRun play, ModuleRegistry modules) {
    this.play = play;
    this.modules = modules;
    this.builtins = new BuiltinActions(play);
  }

  /** Runs the task (all its loop items) and reports, registers and notifies. */
  TaskResult run(HostState host, Task written, Frame outer) {
    if (play.interrupted()) {
      return TaskResult.failed("interrupted"); // the run was stopped: nothing starts, nothing shown
    }
    Frame frame = outer.enter(written.keywords(), written.role());
    Task task = named(host, written, frame);
    TaskResult result;
    Semaphore throttle = null;
    host.setRunningTask(task.displayName());
    try {
      throttle = throttle(host, task, frame);
      result = execute(host, task, frame);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = TaskResult.failed("interrupted").at(where(task));
    } catch (ExprException e) {
      result = TaskResult.failed(e.getMessage()).at(where(task));
    } catch (RuntimeException e) {
      // a bug in a module must fail this task on this host, loudly, and never kill the run
      LOG.error("internal error in {} on {}", task.action().module(), host.name(), e);
      result =
          TaskResult.failed(
                  "internal error in module "
                      + task.action().module()
                      + ": "
                      + e
                      + "; please report it (the stack trace is in the --log-file)")
              .at(where(task));
    } finally {
      if (throttle != null) {
        throttle.release();
      }
      host.setRunningTask(null);
    }
    if (play.interrupted() && (result.isFailed() || result.status() == Status.UNREACHABLE)) {
      // the run was stopped and its command killed: that is no result of the task
      return result;
    }
    return record(host, task, frame, result);
  }

  /** The settings of a task's keywords on a host, templated with this templar. */
  TaskSettings settings(Templar templar, Frame frame) {
    return new TaskSettings(templar, frame.keywords(), play.options());
  }

  /** Whether the task's when: holds on the host (before any loop). */
  boolean conditionsHold(Templar templar, Frame frame) throws ExprException {
    return settings(templar, frame).conditionsHold();
  }

  /**
   * throttle: N lets at most N hosts run this task at once (under -f); the permit taken, or null
   * without throttle.
   */
  private Semaphore throttle(HostState host, Task task, Frame frame)
      throws ExprException, InterruptedException {
    if (frame.keywords().setting(Keyword.THROTTLE).isEmpty()) {
      return null;
    }
    OptionalInt limit = settings(play.variables().templar(host, frame, Map.of()), frame).throttle();
    if (limit.isEmpty()) {
      return null;
    }
    Semaphore permits = play.throttle(task, limit.getAsInt());
    permits.acquire();
    return permits;
  }

  private TaskResult execute(HostState host, Task task, Frame frame) throws ExprException {
    Templar templar = play.variables().templar(host, frame, Map.of());
    if (task.loop() == null) {
      if (!conditionsHold(templar, frame)) {
        return TaskResult.skipped("Conditional result was False");
      }
      return invoke(host, task, frame, templar);
    }
    List<Object> items;
    try {
      items = LoopItems.resolve(task.loop(), templar, play.playbookDir());
    } catch (dev.ploy.expr.UndefinedVariableException e) {
      // as Ansible: a loop over something undefined is an error only if the task would run
      if (!conditionsHold(templar, frame)) {
        return TaskResult.skipped("Conditional result was False");
      }
      throw e;
    }
    List<TaskResult> results = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      Map<String, Object> loopVars = LoopItems.loopVars(task.loop(), items, index);
      // as Ansible: what set_fact or include_vars set for one item, the next item sees
      Templar itemTemplar =
          (index == 0 ? templar : play.variables().templar(host, frame, Map.of())).with(loopVars);
      TaskResult item;
      if (!conditionsHold(itemTemplar, frame)) {
        item = TaskResult.skipped("Conditional result was False");
      } else {
        item = invoke(host, task, frame, itemTemplar);
      }
      if (play.interrupted()) {
        // the run was stopped: no further item starts, and the task has no result (see run)
        return TaskResult.failed("interrupted");
      }
      item.data().put(task.loop().loopVar(), items.get(index));
      item.data().put("ansible_loop_var", task.loop().loopVar());
      if (task.loop().indexVar() != null) {
        item.data().put(task.loop().indexVar(), index);
      }
      item = item.withLabel(label(task, itemTemplar, items.get(index)));
      boolean noLog = settings(itemTemplar, frame).noLog();
      play.listener().itemResult(host.name(), task, noLog ? Secrets.censored(item) : item);
      results.add(item);
      if (item.status() == Status.UNREACHABLE) {
        break;
      }
      if (task.loop().pauseSeconds() > 0 && index + 1 < items.size()) {
        sleep(task.loop().pauseSeconds());
      }
    }
    return LoopItems.aggregate(results);
  }

  /** One call of the module (one loop item), with until/retries. */
  private TaskResult invoke(HostState host, Task task, Frame frame, Templar templar)
      throws ExprException {
    String action = task.action().module();
    if (templated(action)) {
      // named here when the name needs the loop's item, or names nothing (see named)
      String named = actionName(templar, action);
      if (!runnable(named)) {
        // Ansible's words, and like its other failures before a module runs, no "changed"
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("failed", true);
        data.put("msg", "The module " + named + " was not found in configured module paths");
        return TaskResult.of(Status.FAILED, data).at(where(task));
      }
      return invoke(host, task.calling(named), frame, templar);
    }
    if (BuiltinActions.handles(action)) {
      // changed_when and failed_when judge them too, as Ansible's
      return ResultRules.judge(task, templar, builtins.run(host, task, frame, templar), List.of());
    }
    Optional<Module> module = modules.find(action);
    if (module.isEmpty()) {
      return TaskResult.failed("action " + action + " cannot run here").at(where(task));
    }
    return invoke(host, task, frame, templar, module.get());
  }

  private static boolean templated(String action) {
    return action.contains("{{") || action.contains("{%");
  }

  private static String actionName(Templar templar, String action) throws ExprException {
    return ModuleRegistry.withoutCollection(
        String.valueOf(Unsafe.strip(templar.template(action))).strip());
  }

  private boolean runnable(String action) {
    return !templated(action)
        && (BuiltinActions.handles(action) || modules.find(action).isPresent());
  }

  /**
   * A task whose action is a template (action: "{{ ansible_facts.pkg_mgr }}"), calling what it
   * names on this host, as Ansible templates the action: the result is then shown and registered as
   * that module's. The task as written when the name cannot be known before its when: and loop (it
   * needs the item, or names nothing): invoke names it then, or fails.
   */
  private Task named(HostState host, Task task, Frame frame) {
    String action = task.action().module();
    if (!templated(action)) {
      return task;
    }
    try {
      String named = actionName(play.variables().templar(host, frame, Map.of()), action);
      return runnable(named) ? task.calling(named) : task;
    } catch (ExprException e) {
      return task;
    }
  }

  /** One call of {@code module}, with until/retries. */
  private TaskResult invoke(HostState host, Task task, Frame frame, Templar templar, Module module)
      throws ExprException {
    int retries = 0;
    double delay = 0;
    if (task.until() != null) {
      retries = task.retries() == null ? 3 : toInt(templar.template(task.retries()));
      delay = task.delay() == null ? 5 : toDouble(templar.template(task.delay()));
    }
    int attempt = 0;
    while (true) {
      attempt++;
      TaskResult result =
          invokeOnce(host, task, frame, templar, module, task.until() == null ? 0 : attempt);
      if (task.until() == null
          || result.status() == Status.SKIPPED
          || result.status() == Status.UNREACHABLE) {
        return result;
      }
      result.data().put("attempts", attempt);
      if (ResultRules.untilHolds(task, templar, result) || play.interrupted()) {
        return result;
      }
      if (attempt > retries) {
        result.data().put("failed", true);
        result.data().putIfAbsent("msg", "");
        if (result.data().containsKey("failed_when_result")) {
          // as Ansible's TaskResult.is_failed: a failed_when's verdict stands over the retries
          return result;
        }
        return new TaskResult(
            Status.FAILED, result.data(), result.diffs(), false, List.of(), null, result.where());
      }
      play.listener().retry(host.name(), task, attempt, retries);
      sleep(delay);
    }
  }

  /** Runs the module once; the result carries a warning for each argument ploy does not honour. */
  private TaskResult invokeOnce(
      HostState host, Task task, Frame frame, Templar templar, Module module, int attempt)
      throws ExprException {
    List<String> warnings = new ArrayList<>();
    TaskResult result = runModule(host, task, frame, templar, module, warnings, attempt);
    if (!warnings.isEmpty()) {
      List<Object> all = new ArrayList<>(warnings);
      if (result.data().get("warnings") instanceof List<?> own) {
        all.addAll(own);
      }
      result.data().put("warnings", all);
    }
    return result;
  }

  /** attempt: under until, which attempt this is (changed_when/failed_when see it); else 0. */
  private TaskResult runModule(
      HostState host,
      Task task,
      Frame frame,
      Templar templar,
      Module module,
      List<String> warnings,
      int attempt)
      throws ExprException {
    TaskSettings settings = settings(templar, frame);
    boolean check = settings.check();
    Map<String, Object> data = new LinkedHashMap<>();
    Plan plan;
    TaskTarget target;
    Map<String, Object> marked;
    try {
      marked =
          templatedArgs(
              ModuleDefaults.apply(
                  module.spec(),
                  frame.keywords().moduleDefaults().getOrDefault(module.spec().name(), Map.of()),
                  task.action().args()),
              templar);
    } catch (ExprException e) {
      return TaskResult.failed(e.getMessage()).at(where(task));
    }
    try {
      // the module gets unsafe text as its literal text, and never evaluates it (debug var,
      // assert that)
      Map<String, Object> rawArgs = Unsafe.stripValues(marked);
      Args args = Args.bind(module.spec(), rawArgs);
      warnings.addAll(ArgChecker.notHonoured(module.spec(), rawArgs));
      if (play.options().verbosity() >= 2) {
        data.put("invocation", Map.of("module_args", Secrets.shownArgs(module, rawArgs)));
      }
      target = target(host, frame, settings, Secrets.values(module, rawArgs), Unsafe.texts(marked));
      args = PathExpansion.expand(args, PathExpansion.of(target));
      plan = module.plan(target, args);
    } catch (UnreachableException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ConnectionException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ModuleException e) {
      return judge(task, templar, attempt, ResultRules.failure(e), List.of());
    }
    if (!check && plan.failureWhenRun().isPresent()) {
      // what the plan assumed an earlier task makes is still missing: fail as the module would
      ModuleException missing = new ModuleException(plan.failureWhenRun().get());
      return ResultRules.judge(task, templar, ResultRules.failure(missing), List.of());
    }
    if (check) {
      warnings.addAll(plan.checkModeWarnings());
    }
    data.putAll(plan.result());
    List<Diff> diffs = settings.showsDiffs() ? plan.diffs() : List.of();
    if (!diffs.isEmpty() && settings.diffMode()) {
      // a module that returns its own diff (known_hosts) keeps it, as Ansible's does
      data.putIfAbsent("diff", diffResult(diffs));
    }
    if (!plan.changed()) {
      absorbFacts(host, data);
      data.put("changed", false);
      return judge(task, templar, attempt, TaskResult.of(Status.OK, data), diffs);
    }
    if (check) {
      if (plan.inCheckMode() == Plan.CheckMode.SKIP) {
        data.put("changed", false);
        data.put("skipped", true);
        data.put("msg", "skipped, running in check mode");
        return TaskResult.of(Status.SKIPPED, data);
      }
      data.put("changed", true);
      return judge(task, templar, attempt, TaskResult.of(Status.CHANGED, data), diffs);
    }
    try {
      Map<String, Object> applied = plan.apply().orElseThrow().apply(target);
      data.putAll(applied);
    } catch (UnreachableException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ModuleException e) {
      Map<String, Object> failed = new LinkedHashMap<>(data);
      failed.putAll(ResultRules.failure(e).data());
      return judge(task, templar, attempt, TaskResult.of(Status.FAILED, failed), diffs);
    }
    absorbFacts(host, data);
    boolean changed = !Boolean.FALSE.equals(data.get("changed"));
    data.put("changed", changed);
    return judge(
        task, templar, attempt, TaskResult.of(changed ? Status.CHANGED : Status.OK, data), diffs);
  }

  /** changed_when/failed_when on a result, which under until already holds its attempts. */
  private static TaskResult judge(
      Task task, Templar templar, int attempt, TaskResult result, List<Diff> diffs)
      throws ExprException {
    if (attempt > 0) {
      result.data().put("attempts", attempt);
    }
    return ResultRules.judge(task, templar, result, diffs);
  }

  /**
   * The diff a result carries in diff mode, as an Ansible module returns it: one mapping per change
   * with before, after and their headers (a registered {@code result.diff[0].after}).
   */
  static List<Object> diffResult(List<Diff> diffs) {
    List<Object> out = new java.util.ArrayList<>();
    for (Diff diff : diffs) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("before", diff.before());
      one.put("after", diff.after());
      one.put("before_header", diff.subject());
      one.put("after_header", diff.subject());
      out.add(one);
    }
    return out;
  }

  /** Facts a module returns (setup, for one) become the host's facts, as in Ansible. */
  private static void absorbFacts(HostState host, Map<String, Object> data) {
    if (data.get("ansible_facts") instanceof Map<?, ?> facts && !facts.isEmpty()) {
      Map<String, Object> named = new LinkedHashMap<>();
      facts.forEach((k, v) -> named.put(String.valueOf(k), v));
      host.addFacts(Unsafe.wrapValues(named));
    }
  }

  /**
   * After the task (or for a result shared by run_once): ignore_errors, register, notify, report.
   */
  TaskResult record(HostState host, Task task, Frame frame, TaskResult result) {
    Templar templar = play.variables().templar(host, frame, Map.of());
    TaskSettings settings = settings(templar, frame);
    if (result.status() == Status.FAILED && settings.flag(Keyword.IGNORE_ERRORS)) {
      result = result.withIgnored();
    }
    if (result.status() == Status.UNREACHABLE && settings.flag(Keyword.IGNORE_UNREACHABLE)) {
      result =
          new TaskResult(
              Status.FAILED,
              result.data(),
              result.diffs(),
              true,
              result.items(),
              result.label(),
              result.where());
    }
    if (task.register() != null) {
      Map<String, Object> registered = new LinkedHashMap<>(result.data());
      registered.putIfAbsent("changed", result.isChanged());
      registered.putIfAbsent("failed", result.status() == Status.FAILED);
      host.setVariable(task.register(), Unsafe.wrapValues(registered));
    }
    if (result.isChanged() && !task.notifies().isEmpty()) {
      for (String name : task.notifies()) {
        try {
          host.notify(templar.render(name));
        } catch (ExprException e) {
          host.notify(name);
        }
      }
    }
    host.stats().count(result);
    boolean noLog = settings.noLog();
    play.listener().hostResult(host.name(), task, noLog ? Secrets.censored(result) : result);
    return result;
  }

  private static Map<String, Object> templatedArgs(Map<String, Object> written, Templar templar)
      throws ExprException {
    Map<String, Object> args = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : written.entrySet()) {
      Object value;
      try {
        value = templar.templateToStore(entry.getValue());
      } catch (ExprException e) {
        throw new ExprException("argument '" + entry.getKey() + "': " + e.getMessage(), null);
      }
      if (value != Templar.OMIT) {
        args.put(entry.getKey(), value);
      }
    }
    return args;
  }

  private TaskTarget target(
      HostState host,
      Frame frame,
      TaskSettings settings,
      List<String> secrets,
      Set<String> unsafeArgs)
      throws ExprException, ConnectionException {
    Connection connection = play.connectionFor(host, settings.delegate());
    // -vvv and the debug log show each command line sent, except for no_log tasks, secrets masked
    Consumer<String> trace =
        play.listener().wantsCommands() && !settings.noLog()
            ? line -> play.listener().command(host.name(), Secrets.masked(line, secrets))
            : line -> {};
    return new TaskTarget(
        trace,
        host.name(),
        connection,
        play.factCache(connection),
        settings.become(),
        settings.environment(),
        settings.templar(),
        frame.role(),
        play.playbookDir(),
        new ScopeMap(() -> play.variables().scope(host, frame, Map.of()).plain(), Set::of),
        play.vault(),
        settings.deadline(),
        unsafeArgs);
  }

  private static String label(Task task, Templar templar, Object item) {
    if (task.loop().label() != null) {
      try {
        return String.valueOf(templar.render(task.loop().label()));
      } catch (ExprException e) {
        return task.loop().label();
      }
    }
    return LoopItems.display(item);
  }

  private static int toInt(Object value) {
    return value instanceof Number n
        ? n.intValue()
        : Integer.parseInt(String.valueOf(value).trim());
  }

  private static double toDouble(Object value) {
    return value instanceof Number n
        ? n.doubleValue()
        : Double.parseDouble(String.valueOf(value).trim());
  }

  private static void sleep(double seconds) {
    try {
      Thread.sleep(Duration.ofMillis((long) (seconds * 1000)).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where an error ploy raised running the task happened, for TaskResult#where. */
  static String where(Task task) {
    return "task '" + task.displayName() + "' at " + task.location();
  }
}
