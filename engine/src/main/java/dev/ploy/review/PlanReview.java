package dev.ploy.review;

import dev.ploy.playbook.Task;
import java.util.Optional;

/**
 * Sees each module's plan on each host before check mode reports it or a run applies it: what
 * {@code ploy plan} records and what {@code ploy apply} holds a run to. Calls for one host come in
 * the order its tasks run; calls for different hosts may come from several threads.
 */
@FunctionalInterface
public interface PlanReview {
  /** Lets every plan through: an ordinary run. */
  PlanReview NONE = (host, task, step) -> Optional.empty();

  /**
   * Returns why this plan must not be applied (the task then fails on that host with it, and
   * nothing of it is applied), or empty to go on.
   */
  Optional<String> review(String host, Task task, Step step);
}
