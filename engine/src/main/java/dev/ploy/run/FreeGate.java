package dev.ploy.run;

import dev.ploy.playbook.Task;
import java.util.List;

/** The free strategy: every host runs its tasks as fast as it can, without waiting for others. */
final class FreeGate implements Gate {
  private final RunListener listener;
  private final Runnable afterTask;
  private volatile boolean aborted;

  FreeGate(RunListener listener, Runnable afterTask) {
    this.listener = listener;
    this.afterTask = afterTask;
  }

  @Override
  public boolean enter(
      HostState host, Task task, List<Integer> path, boolean handler, String title) {
    if (aborted) {
      return false;
    }
    listener.taskStart(title, task, handler, List.of(host.name()));
    return true;
  }

  @Override
  public List<HostState> round(HostState host) {
    return List.of();
  }

  @Override
  public void exit(HostState host) {
    synchronized (this) {
      afterTask.run();
    }
  }

  @Override
  public void leave(HostState host) {}

  @Override
  public void abort() {
    aborted = true;
  }

  @Override
  public boolean aborted() {
    return aborted;
  }
}
