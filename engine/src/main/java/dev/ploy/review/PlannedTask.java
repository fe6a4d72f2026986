package dev.ploy.review;

import dev.ploy.diff.Diff;
import dev.ploy.playbook.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a reviewed plan on one host: which task, what its module plans, the state the plan
 * rests on and its fingerprint (see {@link Step}).
 *
 * @param task the task's name as the console shows it
 * @param at the task's file:line
 * @param module the module it calls
 * @param action what applying does
 * @param fingerprint {@link Step#fingerprint()}
 * @param restsOn {@link Step#restsOn()}
 * @param diff the change as --diff shows it; empty for no change or a no_log task
 */
public record PlannedTask(
    String task,
    String at,
    String module,
    Step.Action action,
    String fingerprint,
    List<String> restsOn,
    String diff) {

  public PlannedTask {
    restsOn = List.copyOf(restsOn);
  }

  /** What {@code step} plans for {@code task}. */
  public static PlannedTask of(Task task, Step step) {
    return new PlannedTask(
        task.displayName(),
        task.location().toString(),
        task.action().module(),
        step.action(),
        step.fingerprint(),
        step.secret() ? List.of() : step.restsOn(),
        step.secret() || step.action() == Step.Action.OK ? "" : Diff.render(step.diffs()));
  }

  /** Whether applying changes the host (ok and upkeep do not count as changes). */
  public boolean changes() {
    return action == Step.Action.CHANGE || action == Step.Action.RUNS;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", task);
    json.put("at", at);
    json.put("module", module);
    json.put("action", action.word());
    json.put("fingerprint", fingerprint);
    json.put("rests_on", restsOn);
    if (!diff.isEmpty()) {
      json.put("diff", diff);
    }
    return json;
  }

  static PlannedTask fromJson(Map<?, ?> json) {
    return new PlannedTask(
        text(json, "task"),
        text(json, "at"),
        text(json, "module"),
        Step.Action.of(text(json, "action")),
        text(json, "fingerprint"),
        json.get("rests_on") instanceof List<?> lines
            ? lines.stream().map(String::valueOf).toList()
            : List.of(),
        json.get("diff") == null ? "" : String.valueOf(json.get("diff")));
  }

  private static String text(Map<?, ?> json, String key) {
    Object value = json.get(key);
    if (value == null) {
      throw new IllegalArgumentException("a task of the plan has no " + key);
    }
    return String.valueOf(value);
  }
}
