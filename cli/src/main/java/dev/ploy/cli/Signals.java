package dev.ploy.cli;

import dev.ploy.run.Interruption;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM during a run. The first stops the run: no task starts any more, the
 * commands running on the hosts are killed, and the run ends as ansible-playbook's does when
 * interrupted, with 99, after its recap. Should it not have ended within {@link #GRACE}, or at a
 * second signal, ploy exits with 99 at once. A signal that was ignored when ploy started (nohup, a
 * background job of a script) stays ignored.
 */
final class Signals implements AutoCloseable {
  /** How long the run may take to wind down once interrupted. */
  static final Duration GRACE = Duration.ofSeconds(8);

  private static final List<String> NAMES = List.of("INT", "TERM");

  private final Interruption interruption;
  private final PrintStream out;
  private final PrintStream err;
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private Signals(Interruption interruption, PrintStream out, PrintStream err) {
    this.interruption = interruption;
    this.out = out;
    this.err = err;
  }

  /** Makes SIGINT and SIGTERM stop {@code interruption}'s run, until closed. */
  static Signals stopping(Interruption interruption, PrintStream out, PrintStream err) {
    Signals signals = new Signals(interruption, out, err);
    for (String name : NAMES) {
      Signal signal = new Signal(name);
      try {
        SignalHandler old = Signal.handle(signal, signals::received);
        if (old == SignalHandler.SIG_IGN) {
          Signal.handle(signal, old);
        } else {
          signals.previous.put(signal, old);
        }
      } catch (IllegalArgumentException e) {
        // the JVM keeps this signal for itself (-Xrs): it does what it did before
      }
    }
    return signals;
  }

  /** Runs in a thread of its own for each signal received. */
  private void received(Signal signal) {
    String name = "SIG" + signal.getName();
    if (interruption.requested()) {
      exitNow("[ERROR]: " + name + " again: exiting at once; commands may still run on the hosts");
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(GRACE.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              exitNow(
                  "[ERROR]: the run did not stop within "
                      + GRACE.toSeconds()
                      + " s of "
                      + name
                      + "; exiting; commands may still run on the hosts");
            },
            "ploy-interrupt-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    interruption.request(name);
  }

  private void exitNow(String message) {
    out.flush();
    err.println(message);
    err.println("[ERROR]: User interrupted execution");
    err.flush();
    Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
  }

  /** Gives the signals back their handlers of before. */
  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
