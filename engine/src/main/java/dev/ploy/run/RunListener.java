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

  /**
   * A pause waits on the control node for this many seconds (0: not at all, a prompt alone), once
   * for the play's hosts; {@code prompt} is its templated prompt, or null; {@code echo} false when
   * its input would be hidden.
   */
  default void pausing(Task task, long seconds, String prompt, boolean echo) {}

  /** A command line sent to a host (never for no_log tasks); sent only if a listener wants it. */
  default void command(String host, String line) {}

  /** Whether this listener shows command lines (the console with -vvv, the debug log). */
  default boolean wantsCommands() {
    return false;
  }

  /** The play stopped for every host (any_errors_fatal, max_fail_percentage, end_play). */
  default void playAborted(String reason) {}

  /**
   * The run was stopped from outside ({@code cause}: SIGINT, SIGTERM); {@code tasksByHost} names
   * the task each host was running then. The recap follows.
   */
  default void interrupted(String cause, Map<String, String> tasksByHost) {}

  default void recap(Map<String, HostStats> stats) {}

  /** Forwards every event to each listener in turn. */
  static RunListener all(List<RunListener> listeners) {
    List<RunListener> copy = List.copyOf(listeners);
    return new RunListener() {
      @Override
      public void playbookStart(Playbook playbook) {
        copy.forEach(l -> l.playbookStart(playbook));
      }

      @Override
      public void playStart(Play play, List<String> hosts) {
        copy.forEach(l -> l.playStart(play, hosts));
      }

      @Override
      public void noHostsMatched(Play play) {
        copy.forEach(l -> l.noHostsMatched(play));
      }

      @Override
      public void taskStart(String title, Task task, boolean handler, List<String> hosts) {
        copy.forEach(l -> l.taskStart(title, task, handler, hosts));
      }

      @Override
      public void hostResult(String host, Task task, TaskResult result) {
        copy.forEach(l -> l.hostResult(host, task, result));
      }

      @Override
      public void itemResult(String host, Task task, TaskResult item) {
        copy.forEach(l -> l.itemResult(host, task, item));
      }

      @Override
      public void retry(String host, Task task, int attempt, int retries) {
        copy.forEach(l -> l.retry(host, task, attempt, retries));
      }

      @Override
      public boolean wantsCommands() {
        return copy.stream().anyMatch(RunListener::wantsCommands);
      }

      @Override
      public void command(String host, String line) {
        copy.forEach(l -> l.command(host, line));
      }

      @Override
      public void warning(String message) {
        copy.forEach(l -> l.warning(message));
      }

      @Override
      public void pausing(Task task, long seconds, String prompt, boolean echo) {
        copy.forEach(l -> l.pausing(task, seconds, prompt, echo));
      }

      @Override
      public void playAborted(String reason) {
        copy.forEach(l -> l.playAborted(reason));
      }

      @Override
      public void interrupted(String cause, Map<String, String> tasksByHost) {
        copy.forEach(l -> l.interrupted(cause, tasksByHost));
      }

      @Override
      public void recap(Map<String, HostStats> stats) {
        copy.forEach(l -> l.recap(stats));
      }
    };
  }
}
