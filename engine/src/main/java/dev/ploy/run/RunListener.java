package dev.ploy.run;

import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.Task;
import java.util.List;
import java.util.Map;

/**
 * Receives what happens during a run. The executor never prints: reporters (console, JSON) are
 * listeners. Calls may come from several threads; implementations synchronize themselves.
 */
public interface RunListener {
  default void playbookStart(Playbook playbook) {}

  default void playStart(Play play, List<String> hosts) {}

  /** No host matched the play's pattern. */
  default void noHostsMatched(Play play) {}

  /** A task (or "Gathering Facts", or a handler) starts on these hosts. */
  default void taskStart(String title, Task task, boolean handler, List<String> hosts) {}

  /** One host finished a task; loops carry their items in the result. */
  default void hostResult(String host, Task task, TaskResult result) {}

  /** One loop item finished on a host (also included in the task's final result). */
  default void itemResult(String host, Task task, TaskResult item) {}

  /** A task is retried (until/retries). */
  default void retry(String host, Task task, int attempt, int retries) {}

  default void warning(String message) {}

  /** The play stopped for every host (any_errors_fatal, max_fail_percentage, end_play). */
  default void playAborted(String reason) {}

  default void recap(Map<String, HostStats> stats) {}
}
