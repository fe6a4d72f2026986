package dev.ploy.module;

import dev.ploy.diff.Diff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The difference between a target's state and the desired one, as data: whether anything changes,
 * the diffs a user is shown, the result keys reported, and how to apply it.
 *
 * @param changed whether applying would change the target
 * @param diffs what would change, rendered by {@code --diff}
 * @param result the result keys (for {@code register}) known from probing alone
 * @param apply the change itself; empty when nothing changes
 * @param inCheckMode what check mode does with this plan
 */
public record Plan(
    boolean changed,
    List<Diff> diffs,
    Map<String, Object> result,
    Optional<Apply> apply,
    CheckMode inCheckMode) {

  /** How a plan behaves under {@code --check}. */
  public enum CheckMode {
    /** The plan is an exact prediction: report it as the change, apply nothing (most modules). */
    PREDICT,
    /** The outcome cannot be known without running it (command, shell): report skipped. */
    SKIP
  }

  public Plan {
    diffs = List.copyOf(diffs);
    result = new LinkedHashMap<>(result);
  }

  /** Nothing to do; the result keys are reported as they are. */
  public static Plan ok(Map<String, Object> result) {
    return new Plan(false, List.of(), result, Optional.empty(), CheckMode.PREDICT);
  }

  public static Plan ok() {
    return ok(Map.of());
  }

  /** A change, shown by the diffs, made by {@code apply}. */
  public static Plan change(List<Diff> diffs, Map<String, Object> result, Apply apply) {
    return new Plan(true, diffs, result, Optional.of(apply), CheckMode.PREDICT);
  }

  /** A command whose effect cannot be predicted: runs for real, skipped in check mode. */
  public static Plan run(Map<String, Object> result, Apply apply) {
    return new Plan(true, List.of(), result, Optional.of(apply), CheckMode.SKIP);
  }
}
