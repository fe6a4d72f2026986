package dev.ploy.module;

import dev.ploy.diff.Diff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The difference between a target's state and the desired one, as data: whether anything changes,
 * the diffs a user is shown, the result keys reported, and how to apply it.
 *
 * @param changed whether applying would change the target
 * @param diffs what would change, rendered by {@code --diff}
 * @param result the result keys (for {@code register}) known from probing alone
 * @param apply the change itself; empty when nothing changes
 * @param inCheckMode what check mode does with this plan
 * @param assumptions what the plan takes as there although the target lacks it now; a run fails on
 *     the first, check mode reports the plan (see {@link Assumption})
 * @param checkModeSkip the message of a plan that check mode skips ({@link CheckMode#SKIP}), when
 *     the module has its own; kept out of {@code result}, which a real run reports too
 */
public record Plan(
    boolean changed,
    List<Diff> diffs,
    Map<String, Object> result,
    Optional<Apply> apply,
    CheckMode inCheckMode,
    List<Assumption> assumptions,
    Optional<String> checkModeSkip) {

  /**
   * Ansible's result key that makes the console print the result without -v, indented (assert's
   * unless quiet); a registered result leaves it out, as Ansible's internal keys.
   */
  public static final String VERBOSE_ALWAYS = "_ansible_verbose_always";

  /** How a plan behaves under {@code --check}. */
  public enum CheckMode {
    /** The plan is an exact prediction: report it as the change, apply nothing (most modules). */
    PREDICT,
    /** The outcome cannot be known without running it (command, shell): report skipped. */
    SKIP,
    /**
     * Upkeep that Ansible does not count as a change (a due apt cache refresh beside packages that
     * are already as asked): a real run applies it and reports ok; check mode reports ok.
     */
    UPKEEP
  }

  /**
   * Something the target lacks that an earlier task of the same run may make: a user's group, the
   * file a link points to, the key a request is made with. The module plans as if it were there. A
   * real run, where that task has run, fails with {@code failure} before applying anything; check
   * mode, where it only planned, reports the plan, with {@code warning} when there is one. So a
   * module never asks whether it runs in check mode.
   *
   * @param failure the task's failure when the thing is still missing in a real run
   * @param warning what check mode warns, if anything
   */
  public record Assumption(String failure, Optional<String> warning) {

    /** Missing in a real run: fails with {@code failure}; check mode says nothing. */
    public static Assumption silent(String failure) {
      return new Assumption(failure, Optional.empty());
    }

    /** Missing in a real run: fails with {@code failure}; check mode warns {@code warning}. */
    public static Assumption warned(String failure, String warning) {
      return new Assumption(failure, Optional.of(warning));
    }
  }

  public Plan {
    diffs = List.copyOf(diffs);
    result = new LinkedHashMap<>(result);
    assumptions = List.copyOf(assumptions);
  }

  /** A plan whose check-mode skip, if any, says the usual message. */
  public Plan(
      boolean changed,
      List<Diff> diffs,
      Map<String, Object> result,
      Optional<Apply> apply,
      CheckMode inCheckMode,
      List<Assumption> assumptions) {
    this(changed, diffs, result, apply, inCheckMode, assumptions, Optional.empty());
  }

  /** Nothing to do; the result keys are reported as they are. */
  public static Plan ok(Map<String, Object> result) {
    return new Plan(false, List.of(), result, Optional.empty(), CheckMode.PREDICT, List.of());
  }

  public static Plan ok() {
    return ok(Map.of());
  }

  /** A change, shown by the diffs, made by {@code apply}. */
  public static Plan change(List<Diff> diffs, Map<String, Object> result, Apply apply) {
    return new Plan(true, diffs, result, Optional.of(apply), CheckMode.PREDICT, List.of());
  }

  /**
   * A command whose effect cannot be predicted: runs for real, skipped in check mode (with the
   * result's msg, if it has one).
   */
  public static Plan run(Map<String, Object> result, Apply apply) {
    return new Plan(true, List.of(), result, Optional.of(apply), CheckMode.SKIP, List.of());
  }

  /**
   * As {@link #run(Map, Apply)}, check mode skipping it with {@code checkModeMessage} as its msg
   * (script's "Check mode is not supported for this task."), which a real run does not report.
   */
  public static Plan run(Map<String, Object> result, Apply apply, String checkModeMessage) {
    return new Plan(
        true,
        List.of(),
        result,
        Optional.of(apply),
        CheckMode.SKIP,
        List.of(),
        Optional.of(checkModeMessage));
  }

  /**
   * Nothing done, and the task reported skipped with {@code message}, in a real run as in check
   * mode: as Ansible's script reports a run its creates/removes guard kept from running.
   */
  public static Plan skipped(String message) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("msg", message);
    result.put("skipped", true);
    return ok(result);
  }

  /**
   * Upkeep made by {@code apply} in a real run, which reports ok, as check mode does: not a change
   * of what the task asks for.
   */
  public static Plan upkeep(Map<String, Object> result, Apply apply) {
    return new Plan(true, List.of(), result, Optional.of(apply), CheckMode.UPKEEP, List.of());
  }

  /** This plan reporting {@code result} as the keys known from probing. */
  public Plan withResult(Map<String, Object> result) {
    return new Plan(changed, diffs, result, apply, inCheckMode, assumptions, checkModeSkip);
  }

  /**
   * This plan applied by what {@code around} makes of its apply: one that runs more before or after
   * it, or adds keys to what it returns. A plan that applies nothing is returned as it is.
   */
  public Plan wrappingApply(UnaryOperator<Apply> around) {
    if (apply.isEmpty()) {
      return this;
    }
    return new Plan(
        changed,
        diffs,
        result,
        Optional.of(around.apply(apply.get())),
        inCheckMode,
        assumptions,
        checkModeSkip);
  }

  /** This plan, taking these as there although the target lacks them now. */
  public Plan assuming(List<Assumption> more) {
    List<Assumption> all = new ArrayList<>(assumptions);
    all.addAll(more);
    return new Plan(changed, diffs, result, apply, inCheckMode, all, checkModeSkip);
  }

  public Plan assuming(Assumption assumption) {
    return assuming(List.of(assumption));
  }

  /** Why a real run fails before applying: the first assumption, when the plan makes any. */
  public Optional<String> failureWhenRun() {
    return assumptions.stream().findFirst().map(Assumption::failure);
  }

  /** What check mode warns about the assumptions, in order. */
  public List<String> checkModeWarnings() {
    return assumptions.stream().flatMap(a -> a.warning().stream()).toList();
  }
}
