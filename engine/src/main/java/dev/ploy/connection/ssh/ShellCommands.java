package dev.ploy.connection.ssh;

import dev.ploy.connection.Become;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import net.schmizz.sshj.SSHClient;

/**
 * Commands without input run in the host's persistent shell ({@link PersistentShell}: no new SSH
 * session per command), one at a time; the shell is opened on first use and again after the
 * transport dropped.
 */
final class ShellCommands {
  private final SshTransport transport;
  private final RunningCommands running;
  private final ReentrantLock lock = new ReentrantLock();
  private PersistentShell shell; // guarded by lock; holds one of the channels while open
  private volatile boolean unavailable;

  ShellCommands(SshTransport transport, RunningCommands running) {
    this.transport = transport;
    this.running = running;
  }

  /**
   * Runs {@code line} in the persistent shell, opening it first when needed. Empty when the shell
   * is busy with another command or cannot be had on this host: the caller then runs the command in
   * a session channel of its own.
   */
  Optional<ExecResult> run(String line, Optional<Become> become) throws ConnectionException {
    if (unavailable || !lock.tryLock()) {
      return Optional.empty();
    }
    try {
      SSHClient client = transport.current();
      if (shell == null || !shell.over(client)) {
        drop();
        transport.acquire();
        try {
          shell =
              PersistentShell.open(client, SshTransport.startSession(client), transport.pumps());
        } catch (IOException e) {
          transport.release();
          if (!SshTransport.transportFailed(client, e)) {
            unavailable = true;
          }
          return Optional.empty();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      long group = shell.pid();
      if (group > 0) {
        running.started(group, become);
      }
      running.shellBusy(shell);
      try {
        int rc = shell.run(line, out, err, transport.pumps());
        return Optional.of(
            new ExecResult(
                rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
      } catch (PersistentShell.NotSent e) {
        // the transport dropped since the last command: a channel of its own reconnects first
        drop();
        return Optional.empty();
      } catch (IOException e) {
        drop();
        if (SshTransport.transportFailed(client, e)) {
          throw transport.lost("running a command", e);
        }
        throw new ConnectionException(
            transport.host()
                + ": the remote shell ended while running a command: "
                + e.getMessage(),
            e);
      } finally {
        running.shellBusy(null);
        running.ended(group);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Closes the persistent shell, if any, and gives its channel back. Under lock. */
  private void drop() {
    if (shell != null) {
      shell.close();
      shell = null;
      transport.release();
    }
  }

  /** Whether commands without input run in a persistent shell now (for tests). */
  boolean isOpen() {
    lock.lock();
    try {
      return shell != null && !unavailable;
    } finally {
      lock.unlock();
    }
  }
}
