package dev.ploy.connection.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One {@code /bin/sh} kept open on a target for the whole run. A command without input runs in it
 * as a subshell, so it costs a fork on the target instead of a new SSH session (sshd's session
 * set-up, PAM and the login shell: most of a converged task's time).
 *
 * <p>Each command is preceded by a start marker line and followed by an end marker line (with the
 * exit code), on standard output and on standard error; markers hold a random token, so no
 * command's output can fake them. What arrives before a command's start marker is dropped: output
 * of the login shell at start-up, or late output of a background process an earlier command left
 * running. Not thread-safe: the connection runs one command at a time in it.
 *
 * <p>The shell leads its own process group on the target (sshd makes each session a session of its
 * own, and the login shell execs it), and every command it runs stays in that group: killing the
 * group ({@link #pid()}) ends the running command, its children and the shell.
 */
final class PersistentShell implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SSHClient client;
  private final Session session;
  private final Session.Command shell;
  private final OutputStream input;
  private final Marked stdout;
  private final Marked stderr;
  private final String token;
  private long count;
  private volatile boolean broken;
  private long pid;

  private PersistentShell(SSHClient client, Session session, Session.Command shell) {
    this.client = client;
    this.session = session;
    this.shell = shell;
    this.input = shell.getOutputStream();
    this.stdout = new Marked(shell.getInputStream());
    this.stderr = new Marked(shell.getErrorStream());
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    this.token = "ploy-" + HexFormat.of().formatHex(random);
  }

  /**
   * Starts the shell and waits until it answers; whatever the login shell printed at start-up goes
   * with the first command's output, which is dropped.
   */
  static PersistentShell open(SSHClient client, Session session, ExecutorService pumps)
      throws IOException {
    PersistentShell opened = new PersistentShell(client, session, session.exec("exec /bin/sh"));
    ByteArrayOutputStream pid = new ByteArrayOutputStream();
    opened.run("echo $$", pid, OutputStream.nullOutputStream(), pumps);
    try {
      opened.pid = Long.parseLong(pid.toString(StandardCharsets.US_ASCII).strip());
    } catch (NumberFormatException e) {
      opened.pid = 0;
    }
    return opened;
  }

  /** The shell's process id on the target, which is its process group's; 0 when not known. */
  long pid() {
    return pid;
  }

  /** The shell is being killed: the connection must not send it another command. */
  void markBroken() {
    broken = true;
  }

  /** Whether this shell runs over {@code current}, the connection's live client. */
  boolean over(SSHClient current) {
    return client == current && !broken && shell.isOpen();
  }

  /**
   * Runs {@code line} (a command line for /bin/sh) in a subshell with no input; its output goes to
   * {@code out} and {@code err}. Returns the exit code. An IOException means the shell is broken
   * and must not be used again: {@link NotSent} when the command did not run, otherwise it may
   * have.
   */
  int run(String line, OutputStream out, OutputStream err, ExecutorService pumps)
      throws IOException {
    String tag = token + "-" + ++count;
    String start = tag + "-start";
    String script =
        "printf '%s\\n' "
            + start
            + "\nprintf '%s\\n' "
            + start
            + " >&2\n(\n"
            + line
            + "\n) </dev/null\nprintf '\\n%s %s\\n' "
            + tag
            + " \"$?\"\nprintf '\\n%s\\n' "
            + tag
            + " >&2\n";
    Future<String> exit =
        pumps.submit(
            () -> {
              stdout.copyUntil(start + "\n", OutputStream.nullOutputStream(), false);
              return stdout.copyUntil("\n" + tag + " ", out, true);
            });
    Future<String> done =
        pumps.submit(
            () -> {
              stderr.copyUntil(start + "\n", OutputStream.nullOutputStream(), false);
              return stderr.copyUntil("\n" + tag + "\n", err, false);
            });
    try {
      try {
        input.write(script.getBytes(StandardCharsets.UTF_8));
        input.flush();
      } catch (IOException e) {
        throw new NotSent(e);
      }
      String code = exit.get();
      done.get();
      return Integer.parseInt(code);
    } catch (InterruptedException e) {
      broken = true;
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | NumberFormatException | IOException e) {
      broken = true;
      exit.cancel(true);
      done.cancel(true);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    }
  }

  /**
   * The command could not be handed to the shell (its channel or transport was already gone): it
   * did not run. A shell only runs the subshell once its closing line has arrived.
   */
  static final class NotSent extends IOException {
    NotSent(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    broken = true;
    try {
      session.close();
    } catch (IOException | RuntimeException e) {
      // the channel is gone either way
    }
  }

  /** One of the shell's output streams, read marker by marker. */
  private static final class Marked {
    private final InputStream in;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Marked(InputStream in) {
      this.in = in;
    }

    /**
     * Copies the stream to {@code sink} up to {@code marker}, which is consumed; with {@code
     * withCode}, the rest of the marker's line is consumed too and returned (the exit code). Only a
     * marker's length of output is held back at any time, so large outputs stream through.
     */
    String copyUntil(String marker, OutputStream sink, boolean withCode) throws IOException {
      byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
      byte[] buffer = new byte[32768];
      while (true) {
        byte[] data = pending.toByteArray();
        int at = indexOf(data, needle, 0);
        if (at >= 0) {
          int end = at + needle.length;
          String code = "";
          if (withCode) {
            int newline = indexOf(data, new byte[] {'\n'}, end);
            if (newline < 0) {
              if (!fill(buffer)) {
                throw new IOException("the shell's output ended inside a marker");
              }
              continue;
            }
            code = new String(data, end, newline - end, StandardCharsets.US_ASCII).strip();
            end = newline + 1;
          }
          sink.write(data, 0, at);
          pending.reset();
          pending.write(data, end, data.length - end);
          return code;
        }
        int keep = Math.min(data.length, needle.length - 1);
        sink.write(data, 0, data.length - keep);
        pending.reset();
        pending.write(data, data.length - keep, keep);
        if (!fill(buffer)) {
          throw new IOException("the shell ended before its command finished");
        }
      }
    }

    private boolean fill(byte[] buffer) throws IOException {
      int read = in.read(buffer);
      if (read < 0) {
        return false;
      }
      pending.write(buffer, 0, read);
      return true;
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
      outer:
      for (int i = Math.max(0, from); i <= data.length - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (data[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
