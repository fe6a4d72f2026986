package dev.ploy.review;

import dev.ploy.playbook.Task;
import dev.ploy.run.RunListener;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records a check-mode run as the steps of a plan, host by host, and which hosts failed or were
 * unreachable: what {@code ploy plan} writes and {@code ploy apply} plans again to compare.
 */
public final class PlanRecorder implements PlanReview, RunListener {
  private final Map<String, List<PlannedTask>> hosts = new LinkedHashMap<>();
  private final Map<String, String> problems = new LinkedHashMap<>();

  @Override
  public synchronized Optional<String> review(String host, Task task, Step step) {
    hosts.computeIfAbsent(host, h -> new ArrayList<>()).add(PlannedTask.of(task, step));
    return Optional.empty();
  }

  @Override
  public synchronized void playStart(dev.ploy.playbook.Play play, List<String> names) {
    names.forEach(name -> hosts.computeIfAbsent(name, h -> new ArrayList<>()));
  }

  @Override
  public synchronized void hostResult(String host, Task task, TaskResult result) {
    if (result.isFailed() || result.status() == Status.UNREACHABLE) {
      String what = task == null ? "Gathering Facts" : task.displayName();
      problems.putIfAbsent(
          host,
          (result.status() == Status.UNREACHABLE ? "unreachable at " : "failed at ")
              + "'"
              + what
              + "': "
              + result.message());
    }
  }

  /** Each host's steps so far, in the order they ran. */
  public synchronized Map<String, List<PlannedTask>> hosts() {
    Map<String, List<PlannedTask>> copy = new LinkedHashMap<>();
    hosts.forEach((host, steps) -> copy.put(host, List.copyOf(steps)));
    return copy;
  }

  /** Each host that failed or was unreachable, with why. */
  public synchronized Map<String, String> problems() {
    return new LinkedHashMap<>(problems);
  }
}
