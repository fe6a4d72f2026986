package dev.ploy.modules.net;

import dev.ploy.module.ModuleException;
import java.time.Duration;

/** The pauses of a module that waits for a host to answer again (wait_for_connection, reboot). */
public final class Waiting {
  private Waiting() {}

  /**
   * Sleeps {@code time}; an interrupt (the run is stopping) fails the task, saying it came while
   * {@code what} (waiting for the connection...).
   */
  public static void pause(Duration time, String what) throws ModuleException {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModuleException("interrupted while " + what);
    }
  }
}
