package dev.ploy.run;

import dev.ploy.diff.Diff;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.module.ExecutorActions;
import dev.ploy.module.ModuleException;
import dev.ploy.playbook.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task's own rules over its result: changed_when, failed_when and until, each evaluated with the
 * result bound to the register name (and its keys as bare names).
 */
final class ResultRules {
  private ResultRules() {}

  /** changed_when and failed_when applied to a module's result. */
  static TaskResult judge(Task task, Templar templar, TaskResult result, List<Diff> diffs)
      throws ExprException {
    Map<String, Object> data = result.data();
    Status status = result.status();
    // as in Ansible, changed_when decides 'changed' even for a failed result, and failed_when
    // then sees that value
    if (!task.changedWhen().isEmpty()) {
      Templar withResult = bindRegister(templar, task, result);
      boolean changed;
      try {
        changed = allHold(withResult, task.changedWhen());
      } catch (ExprException e) {
        return unjudged(result, "changed_when_result", e, diffs);
      }
      data.put("changed", changed);
      if (status != Status.FAILED) {
        status = changed ? Status.CHANGED : Status.OK;
      }
    }
    if (!task.failedWhen().isEmpty()) {
      Templar withResult = bindRegister(templar, task, TaskResult.of(status, data));
      boolean failed;
      try {
        failed = allHold(withResult, task.failedWhen());
      } catch (ExprException e) {
        return unjudged(result, "failed_when_result", e, diffs);
      }
      data.put("failed_when_result", failed);
      if (failed) {
        data.put("failed", true);
        data.putIfAbsent("msg", "failed_when condition was true");
        status = Status.FAILED;
      } else {
        data.put("failed", false);
        if (status == Status.FAILED) {
          status = Boolean.TRUE.equals(data.get("changed")) ? Status.CHANGED : Status.OK;
        }
      }
    }
    if (status == Status.FAILED) {
      data.put("failed", true);
    }
    return new TaskResult(status, data, diffs, false, List.of(), null, result.where());
  }

  /**
   * A condition that cannot be evaluated fails the task, keeping the module's result, with the
   * error as the condition's result (Ansible's {@code failed_when_result}: the error's text).
   */
  private static TaskResult unjudged(
      TaskResult result, String verdict, ExprException error, List<Diff> diffs) {
    Map<String, Object> data = result.data();
    data.put("failed", true);
    data.put(verdict, error.getMessage());
    return new TaskResult(Status.FAILED, data, diffs, false, List.of(), null, result.where());
  }

  /** Whether the task's until: holds for this attempt's result. */
  static boolean untilHolds(Task task, Templar templar, TaskResult result) throws ExprException {
    return bindRegister(templar, task, result).condition(task.until());
  }

  /** A module's failure as a result: its message and whatever it returned with it. */
  static TaskResult failure(ModuleException e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.putAll(e.result());
    data.put("failed", true);
    data.put("msg", e.getMessage());
    return TaskResult.of(Status.FAILED, data);
  }

  static boolean allHold(Templar templar, List<String> conditions) throws ExprException {
    for (String condition : conditions) {
      if (!templar.condition(condition)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A result as register stores it: marked unsafe, as what comes back from a host, except the
   * results Ansible keeps clean (set_fact, include_vars).
   */
  static Map<String, Object> registered(Task task, Map<String, Object> data) {
    boolean clean =
        ExecutorActions.Kind.of(task.action().module())
            .map(ExecutorActions.Kind::cleanResult)
            .orElse(false);
    return clean ? new LinkedHashMap<>(data) : Unsafe.wrapValues(data);
  }

  private static Templar bindRegister(Templar templar, Task task, TaskResult result) {
    Map<String, Object> bound = registered(task, result.data());
    bound.putIfAbsent("failed", result.status() == Status.FAILED);
    Map<String, Object> inner = new LinkedHashMap<>(bound);
    if (task.register() != null) {
      inner.put(task.register(), bound);
    }
    return templar.with(inner);
  }
}
