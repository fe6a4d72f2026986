package dev.ploy.run;

import dev.ploy.diff.Diff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task did on one host: its status, the result keys a {@code register} sees (changed,
 * failed, msg, rc, stdout, results for loops...), the diffs (only of a task that ran in diff mode:
 * its diff: keyword, else --diff; the reporters show them as they are), and for loops each item's
 * result.
 *
 * @param ignored a failure that ignore_errors turned into a warning
 * @param label for a loop item, what the console shows for it
 * @param where for an error ploy raised running the task (an expression, an argument, a loop), the
 *     task and its file:line, which the console shows beside the result; null otherwise. It stays
 *     out of {@code msg}, which a registered result compares as Ansible's bare message
 * @param delegatedTo the host delegate_to ran the task on, when it is not the task's own host (the
 *     console shows {@code [h1 -> h2]} as Ansible does); null otherwise
 */
public record TaskResult(
    Status status,
    Map<String, Object> data,
    List<Diff> diffs,
    boolean ignored,
    List<TaskResult> items,
    String label,
    String where,
    String delegatedTo) {

  public TaskResult(
      Status status,
      Map<String, Object> data,
      List<Diff> diffs,
      boolean ignored,
      List<TaskResult> items,
      String label,
      String where) {
    this(status, data, diffs, ignored, items, label, where, null);
  }

  public TaskResult {
    data = new LinkedHashMap<>(data);
    diffs = List.copyOf(diffs);
    items = List.copyOf(items);
  }

  public static TaskResult of(Status status, Map<String, Object> data) {
    return new TaskResult(status, data, List.of(), false, List.of(), null, null);
  }

  public static TaskResult skipped(String reason) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("skipped", true);
    data.put("skip_reason", reason);
    return of(Status.SKIPPED, data);
  }

  public static TaskResult failed(String message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("failed", true);
    data.put("msg", message);
    return of(Status.FAILED, data);
  }

  public static TaskResult unreachable(String message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("unreachable", true);
    data.put("msg", message);
    return of(Status.UNREACHABLE, data);
  }

  public boolean isFailed() {
    return status == Status.FAILED && !ignored;
  }

  public boolean isChanged() {
    return status == Status.CHANGED;
  }

  public String message() {
    Object msg = data.get("msg");
    return msg == null ? "" : String.valueOf(msg);
  }

  public TaskResult withIgnored() {
    return new TaskResult(status, data, diffs, true, items, label, where, delegatedTo);
  }

  public TaskResult withLabel(String itemLabel) {
    return new TaskResult(status, data, diffs, ignored, items, itemLabel, where, delegatedTo);
  }

  /** This result, of a task delegate_to ran on {@code host} (see delegatedTo). */
  public TaskResult delegatedTo(String host) {
    return new TaskResult(status, data, diffs, ignored, items, label, where, host);
  }

  /** This result, raised by ploy while running the task at {@code taskWhere} (see where). */
  public TaskResult at(String taskWhere) {
    return new TaskResult(status, data, diffs, ignored, items, label, taskWhere, delegatedTo);
  }
}
