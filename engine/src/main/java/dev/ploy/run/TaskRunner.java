package dev.ploy.run;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;

/**
 * Runs one task on one host: throttle, conditions, loops and until/retries around each call of the
 * module ({@link ModuleCall}: arguments, plan, check mode or apply, changed_when and failed_when),
 * then {@link Recorder} (ignore_errors, register, notify, report). What the keywords come to is
 * {@link TaskSettings}; set_fact, include_vars, add_host and group_by are {@link BuiltinActions}.
 */
final class TaskRunner {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskRunner.class);

  private final PlayRun play;
  private final ModuleRegistry modules;
  private final BuiltinActions builtins;
  private final ModuleCall call;
  private final Recorder recorder;

  TaskRunner(PlayRun play, ModuleRegistry modules, Recorder recorder) {
    this.play = play;
    this.modules = modules;
    this.builtins = new BuiltinActions(play);
    this.call = new ModuleCall(play);
    this.recorder = recorder;
  }

  /** Runs the task (all its loop items) and reports, registers and notifies. */
  TaskResult run(HostState host, Task written, Frame outer) {
    if (play.interrupted()) {
      return TaskResult.failed("interrupted"); // the run was stopped: nothing starts, nothing shown
    }
    Frame frame =
        outer
            .enter(written.keywords(), written.role())
            .running(written.location() == null ? null : written.location().file());
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
    return recorder.record(host, task, frame, result);
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
      items = LoopItems.resolve(task.loop(), templar, play.playbookDir(), task.action().module());
    } catch (dev.ploy.expr.UndefinedVariableException e) {
      // as Ansible: a loop over something undefined is an error only if the task would run
      if (!conditionsHold(templar, frame)) {
        return TaskResult.skipped("Conditional result was False");
      }
      throw e;
    }
    List<TaskResult> results = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      Map<String, Object> loopVars = LoopItems.loopVars(task.loop(), templar, items, index);
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
      String loopVar = String.valueOf(loopVars.get("ansible_loop_var"));
      item.data().put(loopVar, items.get(index));
      item.data().put("ansible_loop_var", loopVar);
      // as Ansible records each item: its index_var and extended loop variables with it
      if (loopVars.containsKey("ansible_index_var")) {
        item.data().put(String.valueOf(loopVars.get("ansible_index_var")), index);
        item.data().put("ansible_index_var", loopVars.get("ansible_index_var"));
      }
      if (loopVars.containsKey("ansible_loop")) {
        item.data().put("ansible_loop", loopVars.get("ansible_loop"));
      }
      item = item.withLabel(LoopItems.label(task.loop(), itemTemplar, loopVars));
      TaskSettings itemSettings = settings(itemTemplar, frame);
      TaskResult shown = Recorder.delegated(host, itemSettings, item);
      play.listener()
          .itemResult(host.name(), task, itemSettings.noLog() ? Secrets.censored(shown) : shown);
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
          call.run(host, task, frame, templar, module, task.until() == null ? 0 : attempt);
      if (task.until() == null
          || result.status() == Status.SKIPPED
          || result.status() == Status.UNREACHABLE) {
        return result;
      }
      result.data().put("attempts", attempt);
      if (retries <= 0) {
        return result; // as Ansible: retries 0 (or less) runs the task once, until unchecked
      }
      if (ResultRules.untilHolds(task, templar, result) || play.interrupted()) {
        return result;
      }
      if (attempt > retries) {
        // out of attempts: Ansible's result says attempts = the retries, not the runs (one more)
        result.data().put("attempts", retries);
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
