package dev.ploy.connection.ssh;

import dev.ploy.connection.Become;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ShellQuote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * Commands run each in a session channel of its own: those with input, a become password or a time
 * limit, those sent while the persistent shell is busy, and file transfers through {@code cat}.
 * Several may run at once, up to the channels the transport allows.
 */
final class ChannelCommands {
  /** How long the target's timeout(1) waits after TERM before it sends KILL. */
  static final Duration KILL_AFTER = Duration.ofSeconds(2);

  private final SshTransport transport;
  private final RunningCommands running;

  ChannelCommands(SshTransport transport, RunningCommands running) {
    this.transport = transport;
    this.running = running;
  }

  /**
   * {@code line} under the target's timeout(1) when there is a limit: when time is up it signals
   * the command's whole process group, so its children end too (closing the channel does not end
   * them). Without timeout(1) on the target, the line runs as it is.
   */
  static String limited(String line, Optional<Duration> limit) {
    if (limit.isEmpty()) {
      return line;
    }
    long seconds = Math.max(1, (limit.get().toMillis() + 999) / 1000);
    String quoted = ShellQuote.quote(line);
    return "if command -v timeout >/dev/null 2>&1; then exec timeout -k "
        + KILL_AFTER.toSeconds()
        + " "
        + seconds
        + " /bin/sh -c "
        + quoted
        + "; else exec /bin/sh -c "
        + quoted
        + "; fi";
  }

  /**
   * Runs one command line in a new session channel: {@code prefix} then {@code input} on its
   * standard input, its output streamed into {@code out} and {@code err}. Returns the exit code.
   */
  int run(
      String line,
      byte[] prefix,
      InputStream input,
      OutputStream out,
      OutputStream err,
      Optional<Duration> timeout,
      Optional<Become> become)
      throws ConnectionException {
    transport.acquire();
    GroupLine group = new GroupLine(err, pgid -> running.started(pgid, become));
    try {
      Session session = transport.openSession();
      boolean timedOut = false;
      try {
        Session.Command command;
        try {
          command = session.exec(GroupLine.PRINT + line);
        } catch (IOException e) {
          throw transport.lost("starting a command", e);
        }
        Future<?> stdout = transport.pumps().submit(() -> copy(command.getInputStream(), out));
        Future<?> stderr = transport.pumps().submit(() -> copy(command.getErrorStream(), group));
        Future<?> stdin =
            transport
                .pumps()
                .submit(
                    () -> {
                      try (OutputStream to = command.getOutputStream()) {
                        to.write(prefix);
                        input.transferTo(to);
                        to.flush();
                      } catch (IOException closedEarly) {
                        // the command did not read all of its input; its exit code tells the rest
                      }
                      return null;
                    });
        if (!await(command, timeout)) {
          try {
            command.signal(Signal.KILL);
          } catch (IOException | RuntimeException e) {
            // closing the channel below ends it anyway
          }
          stdin.cancel(true);
          timedOut = true;
          throw new ConnectionException(
              transport.host() + ": command timed out after " + timeout.get().toSeconds() + " s");
        }
        finish(stdout);
        finish(stderr);
        stdin.cancel(true);
        return exitCode(command);
      } finally {
        if (timedOut) {
          // the server answers the close only when the command ends: do not wait for it
          transport.pumps().submit(() -> closeQuietly(session));
        } else {
          closeQuietly(session);
        }
      }
    } finally {
      group.finish();
      running.ended(group.group());
      transport.release();
    }
  }

  private static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (IOException | RuntimeException e) {
      // the channel is gone either way
    }
  }

  /** Waits for the channel to close; false when the time limit passed first. */
  private boolean await(Session.Command command, Optional<Duration> timeout)
      throws ConnectionException {
    try {
      if (timeout.isPresent()) {
        command.join(Math.max(1, timeout.get().toMillis()), TimeUnit.MILLISECONDS);
      } else {
        command.join();
      }
      return true;
    } catch (net.schmizz.sshj.connection.ConnectionException e) {
      if (timeout.isPresent() && command.isOpen() && transport.targetAlive()) {
        return false;
      }
      throw transport.lost("running a command", e);
    }
  }

  private void finish(Future<?> pump) throws ConnectionException {
    try {
      pump.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(transport.host() + ": interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw transport.lost("reading command output", e);
    }
  }

  private static Void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[32768];
    int read;
    while ((read = from.read(buffer)) != -1) {
      to.write(buffer, 0, read);
    }
    return null;
  }

  private static int exitCode(Session.Command command) {
    Integer status = command.getExitStatus();
    if (status != null) {
      return status;
    }
    Signal signal = command.getExitSignal();
    if (signal == null) {
      return -1;
    }
    return 128
        + switch (signal) {
          case HUP -> 1;
          case INT -> 2;
          case QUIT -> 3;
          case ILL -> 4;
          case ABRT -> 6;
          case FPE -> 8;
          case KILL -> 9;
          case USR1 -> 10;
          case SEGV -> 11;
          case USR2 -> 12;
          case PIPE -> 13;
          case ALRM -> 14;
          case TERM -> 15;
          default -> 0;
        };
  }
}
