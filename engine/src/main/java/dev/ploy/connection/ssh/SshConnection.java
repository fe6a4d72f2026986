package dev.ploy.connection.ssh;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A target reached over SSH with sshj. One connection serves every task of a run: a command without
 * input runs in the host's persistent shell ({@link ShellCommands}: no new SSH session per
 * command), others (input, a become password, a time limit, or the shell busy) in a session channel
 * of their own ({@link ChannelCommands}), so several may run at once; files move over SFTP, or
 * through {@code cat} when the server offers no SFTP subsystem ({@link FileTransfer}). If the
 * transport dropped between commands, the next command reconnects once before giving up ({@link
 * SshTransport}). {@link #interrupt()} kills what runs now ({@link RunningCommands}).
 */
public final class SshConnection implements Connection {
  private final SshTransport transport;
  private final RunningCommands running;
  private final ShellCommands shell;
  private final ChannelCommands channels;
  private final FileTransfer files;

  private SshConnection(SshTransport transport) {
    this.transport = transport;
    this.running = new RunningCommands(transport);
    this.shell = new ShellCommands(transport, running);
    this.channels = new ChannelCommands(transport, running);
    this.files = new FileTransfer(transport, channels, running);
  }

  /** Connects and authenticates now, so that an unreachable host is known before any task. */
  public static SshConnection open(SshSettings settings) throws ConnectionException {
    return new SshConnection(new SshTransport(settings, SshClients.open(settings)));
  }

  @Override
  public String host() {
    return transport.host();
  }

  public SshSettings settings() {
    return transport.settings();
  }

  /** False once closed; a dropped transport still counts as open (it reconnects on use). */
  public boolean isOpen() {
    return transport.isOpen();
  }

  @Override
  public ExecResult exec(Command command) throws ConnectionException {
    Command effective = transport.settings().withBecomePassword(command);
    byte[] prefix =
        effective
            .become()
            .flatMap(Become::password)
            .map(password -> (password + "\n").getBytes(StandardCharsets.UTF_8))
            .orElse(new byte[0]);
    InputStream input =
        new ByteArrayInputStream(effective.stdin() == null ? new byte[0] : effective.stdin());
    boolean noInput = effective.stdin() == null || effective.stdin().length == 0;
    if (prefix.length == 0 && noInput && effective.timeout().isEmpty()) {
      Optional<ExecResult> done = shell.run(effective.wrapped(), effective.become());
      if (done.isPresent()) {
        return done.get();
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Optional<Duration> limit = effective.timeout();
    long start = System.nanoTime();
    // the target's timeout(1) ends the command first; the client's own limit is a last resort
    int rc =
        channels.run(
            ChannelCommands.limited(effective.wrapped(), limit),
            prefix,
            input,
            out,
            err,
            limit.map(t -> t.plus(ChannelCommands.KILL_AFTER).plusSeconds(2)),
            effective.become());
    if (limit.isPresent()
        && (rc == 124 || rc == 137)
        && System.nanoTime() - start >= limit.get().toNanos()) {
      throw new ConnectionException(
          host() + ": command timed out after " + limit.get().toSeconds() + " s");
    }
    return new ExecResult(
        rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void upload(InputStream content, long size, String remotePath, int mode)
      throws ConnectionException {
    files.upload(content, size, remotePath, mode);
  }

  @Override
  public void download(String remotePath, OutputStream sink) throws ConnectionException {
    files.download(remotePath, sink);
  }

  /** See {@link RunningCommands#interrupt()}. */
  @Override
  public void interrupt() {
    running.interrupt();
  }

  /** Whether commands without input run in a persistent shell now (for tests). */
  boolean shellOpen() {
    return shell.isOpen();
  }

  /** Makes transfers use exec as if the server had no SFTP subsystem (for tests). */
  void disableSftp() {
    files.disableSftp();
  }

  /** Breaks the transport without telling the server, as a network failure would (for tests). */
  void breakTransport() throws IOException {
    transport.breakTransport();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "SshConnection[" + transport.settings() + "]";
  }
}
