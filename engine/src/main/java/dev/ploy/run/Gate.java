package dev.ploy.run;

import dev.ploy.playbook.Task;
import java.util.List;

/**
 * Decides when a host may run its next task. The linear strategy runs each task on every host
 * before the next starts ({@link LinearGate}); the free strategy lets each host go at its own pace
 * ({@link FreeGate}).
 */
interface Gate {
  /**
   * Waits until the host may run the task at this position of the play. Returns false when the play
   * was stopped for every host meanwhile. {@code title}: the task's header as this host would show
   * it (its name templated with the host's variables).
   */
  boolean enter(HostState host, Task task, List<Integer> path, boolean handler, String title)
      throws InterruptedException;

  /**
   * The hosts that entered the task this host is in together with it, in the batch's order; empty
   * when hosts do not run tasks together (the free strategy).
   */
  List<HostState> round(HostState host);

  /** The host finished the task it entered. */
  void exit(HostState host);

  /** The host has nothing more to run in this play (done, failed or unreachable). */
  void leave(HostState host);

  /** Stops the play for every host: the next enter returns false. */
  void abort();

  boolean aborted();
}
