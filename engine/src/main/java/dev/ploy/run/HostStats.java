package dev.ploy.run;

/** The PLAY RECAP counters of one host. Mutable, owned by one host's walker at a time. */
public final class HostStats {
  private int ok;
  private int changed;
  private int unreachable;
  private int failed;
  private int skipped;
  private int rescued;
  private int ignored;
  private boolean processed;
  private int failedYetRescued;

  synchronized void count(TaskResult result) {
    processed = true;
    switch (result.status()) {
      case OK -> ok++;
      case CHANGED -> {
        ok++;
        changed++;
      }
      case SKIPPED -> skipped++;
      case UNREACHABLE -> unreachable++;
      case FAILED -> {
        if (result.ignored()) {
          // as Ansible counts an ignored failure: ok, ignored, and changed when it changed
          ok++;
          ignored++;
          if (Boolean.TRUE.equals(result.data().get("changed"))) {
            changed++;
          }
        } else {
          failed++;
        }
      }
    }
  }

  synchronized void rescue() {
    processed = true;
    rescued++;
    failed = Math.max(0, failed - 1);
  }

  /**
   * A failure that a rescue handled but that stays counted failed (a missing include_tasks file, as
   * ansible-playbook 2.14 counts it): shown in the recap, yet it does not fail the run.
   */
  synchronized void rescueCountedFailed() {
    failedYetRescued++;
  }

  /** Whether a failure fails the run: one not handled by a rescue. */
  synchronized boolean failsTheRun() {
    return failed > failedYetRescued;
  }

  public synchronized int ok() {
    return ok;
  }

  public synchronized int changed() {
    return changed;
  }

  public synchronized int unreachable() {
    return unreachable;
  }

  public synchronized int failed() {
    return failed;
  }

  public synchronized int skipped() {
    return skipped;
  }

  public synchronized int rescued() {
    return rescued;
  }

  public synchronized int ignored() {
    return ignored;
  }

  /** Whether any result was counted: the recap shows only such hosts, as Ansible's. */
  public synchronized boolean processed() {
    return processed;
  }
}
