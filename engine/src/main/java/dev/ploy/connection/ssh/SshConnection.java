package dev.ploy.connection.ssh;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.TransportException;

/**
 * A target reached over SSH with sshj. One connection serves every task of a run: a command without
 * input runs in the host's persistent shell ({@link PersistentShell}: no new SSH session per
 * command), others (input, a become password, a time limit, or the shell busy) in a session channel
 * of their own, so several may run at once; files move over SFTP, or through {@code cat} when the
 * server offers no SFTP subsystem. If the transport dropped between commands, the next command
 * reconnects once before giving up.
 */
public final class SshConnection implements Connection {
  /** OpenSSH allows 10 sessions per connection (MaxSessions); stay below it. */
  private static final int MAX_CHANNELS = 8;

  private static final int SFTP_PIPELINE = 16;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final SshSettings settings;
  private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);
  private final ExecutorService pumps;
  private List<SSHClient> chain; // guarded by this
  private boolean closed; // guarded by this
  private volatile boolean sftpUnavailable;
  private final ReentrantLock shellLock = new ReentrantLock();
  private PersistentShell shell; // guarded by shellLock; holds one of the channels while open
  private volatile boolean shellUnavailable;

  /**
   * The process groups on the target of the commands running now, with how each became another user
   * (the kill must too), for {@link #interrupt()}.
   */
  private final Map<Long, Optional<Become>> runningGroups = new ConcurrentHashMap<>();

  /** The persistent shell while it runs a command. */
  private volatile PersistentShell busyShell;

  /** The SFTP clients moving a file now, closed by {@link #interrupt()}. */
  private final Set<SFTPClient> transfers = ConcurrentHashMap.newKeySet();

  private SshConnection(SshSettings settings, List<SSHClient> chain) {
    this.settings = settings;
    this.chain = chain;
    this.pumps =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "ploy-ssh-" + settings.host() + "-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Connects and authenticates now, so that an unreachable host is known before any task. */
  public static SshConnection open(SshSettings settings) throws ConnectionException {
    return new SshConnection(settings, SshClients.open(settings));
  }

  @Override
  public String host() {
    return settings.host();
  }

  public SshSettings settings() {
    return settings;
  }

  /** False once closed; a dropped transport still counts as open (it reconnects on use). */
  public synchronized boolean isOpen() {
    return !closed;
  }

  @Override
  public ExecResult exec(Command command) throws ConnectionException {
    Command effective = withDefaultBecomePassword(command);
    byte[] prefix =
        effective
            .become()
            .flatMap(Become::password)
            .map(password -> (password + "\n").getBytes(StandardCharsets.UTF_8))
            .orElse(new byte[0]);
    InputStream input =
        new java.io.ByteArrayInputStream(
            effective.stdin() == null ? new byte[0] : effective.stdin());
    boolean noInput = effective.stdin() == null || effective.stdin().length == 0;
    if (prefix.length == 0 && noInput && effective.timeout().isEmpty()) {
      Optional<ExecResult> done = inShell(effective.wrapped(), effective.become());
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
        run(
            limited(effective.wrapped(), limit),
            prefix,
            input,
            out,
            err,
            limit.map(t -> t.plus(KILL_AFTER).plusSeconds(2)),
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

  /** How long the target's timeout(1) waits after TERM before it sends KILL. */
  private static final Duration KILL_AFTER = Duration.ofSeconds(2);

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
   * Runs {@code line} in the host's persistent shell (see {@link PersistentShell}), opening it
   * first when needed. Empty when the shell is busy with another command or cannot be had on this
   * host: the caller then runs the command in a session channel of its own.
   */
  private Optional<ExecResult> inShell(String line, Optional<Become> become)
      throws ConnectionException {
    if (shellUnavailable || !shellLock.tryLock()) {
      return Optional.empty();
    }
    try {
      SSHClient client = current();
      if (shell == null || !shell.over(client)) {
        dropShell();
        acquire();
        try {
          shell = PersistentShell.open(client, startSession(client), pumps);
        } catch (IOException e) {
          channels.release();
          if (!transportFailed(client, e)) {
            shellUnavailable = true;
          }
          return Optional.empty();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      long group = shell.pid();
      if (group > 0) {
        runningGroups.put(group, become);
      }
      busyShell = shell;
      try {
        int rc = shell.run(line, out, err, pumps);
        return Optional.of(
            new ExecResult(
                rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)));
      } catch (PersistentShell.NotSent e) {
        // the transport dropped since the last command: a channel of its own reconnects first
        dropShell();
        return Optional.empty();
      } catch (IOException e) {
        dropShell();
        if (transportFailed(client, e)) {
          throw lost("running a command", e);
        }
        throw new ConnectionException(
            host() + ": the remote shell ended while running a command: " + e.getMessage(), e);
      } finally {
        busyShell = null;
        runningGroups.remove(group);
      }
    } finally {
      shellLock.unlock();
    }
  }

  /** Closes the persistent shell, if any, and gives its channel back. Under shellLock. */
  private void dropShell() {
    if (shell != null) {
      shell.close();
      shell = null;
      channels.release();
    }
  }

  /** A sudo without a password of its own gets the host's become password, when one is set. */
  private Command withDefaultBecomePassword(Command command) {
    if (command.become().isEmpty()
        || command.become().get().password().isPresent()
        || settings.becomePassword().isEmpty()) {
      return command;
    }
    Become how = command.become().get();
    return command.withBecome(
        Optional.of(new Become(how.user(), how.method(), settings.becomePassword())));
  }

  @Override
  public void upload(InputStream content, long size, String remotePath, int mode)
      throws ConnectionException {
    ExactLength input = new ExactLength(content, size);
    if (!sftpUnavailable) {
      acquire();
      try {
        SFTPClient sftp = openSftp();
        if (sftp != null) {
          IOException failure = null;
          transfers.add(sftp);
          try {
            uploadSftp(sftp, input, remotePath, mode);
          } catch (IOException e) {
            failure = e;
          } finally {
            transfers.remove(sftp);
          }
          failure = closeAfter(sftp, failure);
          if (failure != null) {
            throw new ConnectionException(
                host() + ": cannot write " + remotePath + ": " + SshClients.describe(failure),
                failure);
          }
          return;
        }
      } finally {
        channels.release();
      }
    }
    String octal = String.format("%04o", mode & 07777);
    String script =
        "cat > "
            + ShellQuote.quote(remotePath)
            + " && chmod "
            + octal
            + " "
            + ShellQuote.quote(remotePath);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        run(
            ShellQuote.join("/bin/sh", "-c", script),
            new byte[0],
            input,
            OutputStream.nullOutputStream(),
            err,
            Optional.empty(),
            Optional.empty());
    if (input.remaining() > 0) {
      throw new ConnectionException(
          host() + ": cannot write " + remotePath + ": " + input.shortMessage());
    }
    if (rc != 0) {
      throw new ConnectionException(
          host()
              + ": cannot write "
              + remotePath
              + ": "
              + err.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private void uploadSftp(SFTPClient sftp, ExactLength input, String remotePath, int mode)
      throws IOException {
    FileAttributes attributes = new FileAttributes.Builder().withPermissions(mode & 07777).build();
    RemoteFile file =
        sftp.open(
            remotePath, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC), attributes);
    // Not try-with-resources: once the connection drops, sshj throws the same exception instance
    // from the write and from every close, and adding an exception to itself as suppressed fails
    // with an IllegalArgumentException that hid the real cause.
    IOException failure = null;
    try {
      int chunk = sftp.getSFTPEngine().getSubsystem().getRemoteMaxPacketSize();
      chunk = Math.max(1024, Math.min(32768, chunk) - file.getOutgoingPacketOverhead());
      byte[] buffer = new byte[chunk];
      OutputStream out = file.new RemoteFileOutputStream(0, SFTP_PIPELINE);
      try {
        int read;
        while ((read = input.read(buffer)) != -1) {
          out.write(buffer, 0, read);
        }
      } catch (IOException e) {
        failure = e;
      }
      failure = closeAfter(out, failure);
    } finally {
      failure = closeAfter(file, failure);
    }
    if (failure != null) {
      throw failure;
    }
    // open() applies the mode to new files only, and through the server's umask
    sftp.chmod(remotePath, mode & 07777);
  }

  @Override
  public void download(String remotePath, OutputStream sink) throws ConnectionException {
    if (!sftpUnavailable) {
      acquire();
      try {
        SFTPClient sftp = openSftp();
        if (sftp != null) {
          transfers.add(sftp);
          try (sftp;
              RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.READ));
              InputStream in = file.new ReadAheadRemoteFileInputStream(SFTP_PIPELINE)) {
            in.transferTo(sink);
          } catch (IOException e) {
            throw new ConnectionException(
                host() + ": cannot read " + remotePath + ": " + SshClients.describe(e), e);
          } finally {
            transfers.remove(sftp);
          }
          return;
        }
      } finally {
        channels.release();
      }
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        run(
            ShellQuote.join("cat", "--", remotePath),
            new byte[0],
            InputStream.nullInputStream(),
            sink,
            err,
            Optional.empty(),
            Optional.empty());
    if (rc != 0) {
      throw new ConnectionException(
          host()
              + ": cannot read "
              + remotePath
              + ": "
              + err.toString(StandardCharsets.UTF_8).strip());
    }
  }

  /** An SFTP client, or null when the server has no SFTP subsystem (then exec is used). */
  private SFTPClient openSftp() throws ConnectionException {
    SSHClient client = current();
    try {
      return client.newSFTPClient();
    } catch (IOException e) {
      if (transportFailed(client, e)) {
        SSHClient fresh = reconnect(client);
        try {
          return fresh.newSFTPClient();
        } catch (IOException again) {
          if (transportFailed(fresh, again)) {
            throw lost("opening SFTP", again);
          }
        }
      }
      sftpUnavailable = true;
      return null;
    }
  }

  /**
   * Runs one command line in a new session channel: {@code prefix} then {@code input} on its
   * standard input, its output streamed into {@code out} and {@code err}. Returns the exit code.
   */
  private int run(
      String line,
      byte[] prefix,
      InputStream input,
      OutputStream out,
      OutputStream err,
      Optional<Duration> timeout,
      Optional<Become> become)
      throws ConnectionException {
    acquire();
    GroupLine group = new GroupLine(err, pgid -> runningGroups.put(pgid, become));
    try {
      Session session = openSession();
      boolean timedOut = false;
      try {
        Session.Command command;
        try {
          command = session.exec(GroupLine.PRINT + line);
        } catch (IOException e) {
          throw lost("starting a command", e);
        }
        Future<?> stdout = pumps.submit(() -> copy(command.getInputStream(), out));
        Future<?> stderr = pumps.submit(() -> copy(command.getErrorStream(), group));
        Future<?> stdin =
            pumps.submit(
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
              host() + ": command timed out after " + timeout.get().toSeconds() + " s");
        }
        finish(stdout);
        finish(stderr);
        stdin.cancel(true);
        return exitCode(command);
      } finally {
        if (timedOut) {
          // the server answers the close only when the command ends: do not wait for it
          pumps.submit(() -> closeQuietly(session));
        } else {
          closeQuietly(session);
        }
      }
    } finally {
      group.finish();
      runningGroups.remove(group.group());
      channels.release();
    }
  }

  /**
   * Kills the commands running on the target with all their descendants (see {@link #killScript}),
   * as the login user and as each user a running command became (sudo runs a command in a session
   * of its own, as root). The kills go over channels of their own, outside the limit of channels in
   * use. Transfers in progress are stopped by closing their SFTP channels.
   */
  @Override
  public void interrupt() {
    PersistentShell busy = busyShell;
    if (busy != null) {
      busy.markBroken();
    }
    for (SFTPClient transfer : List.copyOf(transfers)) {
      try {
        transfer.close();
      } catch (IOException | RuntimeException e) {
        // the transfer fails either way
      }
    }
    Map<Long, Optional<Become>> running = Map.copyOf(runningGroups);
    if (running.isEmpty()) {
      return;
    }
    SSHClient client;
    synchronized (this) {
      if (closed) {
        return;
      }
      client = target();
    }
    if (!alive(client)) {
      return;
    }
    Command kill = Command.of(killScript(List.copyOf(running.keySet())));
    Set<Optional<Become>> ways = new java.util.LinkedHashSet<>();
    ways.add(Optional.empty());
    ways.addAll(running.values());
    List<Future<?>> kills = new java.util.ArrayList<>();
    for (Optional<Become> way : ways) {
      Command as = withDefaultBecomePassword(kill.withBecome(way));
      kills.add(pumps.submit(() -> runKill(client, as)));
    }
    for (Future<?> done : kills) {
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // the connection is gone: so is what ran over it, unless it ignored SIGHUP
      }
    }
  }

  private static Void runKill(SSHClient client, Command kill) throws IOException {
    try (Session session = client.startSession()) {
      Session.Command running = session.exec(kill.wrapped());
      try (OutputStream in = running.getOutputStream()) {
        if (kill.become().flatMap(Become::password).isPresent()) {
          in.write((kill.become().get().password().get() + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      running.join(10, TimeUnit.SECONDS);
    }
    return null;
  }

  /**
   * A shell script that ends these process groups and every descendant of their leaders (a command
   * run through sudo leaves the group): all get TERM at once, and KILL when still there after a
   * second. The tree is read from /proc, so the target needs no ps.
   */
  static String killScript(List<Long> groups) {
    StringBuilder roots = new StringBuilder();
    StringBuilder targets = new StringBuilder();
    for (long group : groups) {
      roots.append(roots.length() == 0 ? "" : " ").append(group);
      targets.append(" -").append(group);
    }
    return "tree=$(grep -H '^PPid:' /proc/[0-9]*/status 2>/dev/null"
        + " | sed -n 's|^/proc/\\([0-9]*\\)/status:PPid:[[:space:]]*\\([0-9]*\\)$|\\1 \\2|p'"
        + " | awk -v roots='"
        + roots
        + "' 'BEGIN { n = split(roots, r, \" \"); for (i = 1; i <= n; i++) keep[r[i]] = 1 }"
        + " { parent[$1] = $2 }"
        + " END { more = 1; while (more) { more = 0; for (p in parent)"
        + " if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; more = 1 } }"
        + " for (p in keep) print p }')\n"
        + "kill -TERM"
        + targets
        + " $tree 2>/dev/null\n"
        + "n=0\n"
        + "while [ $n -lt 10 ]; do\n"
        + "  left=\n"
        + "  for p in $tree; do kill -0 $p 2>/dev/null && left=1; done\n"
        + "  [ -z \"$left\" ] && break\n"
        + "  sleep 0.1; n=$((n+1))\n"
        + "done\n"
        + "kill -KILL"
        + targets
        + " $tree 2>/dev/null\n"
        + "exit 0\n";
  }

  /**
   * Closes {@code resource} after work that ended with {@code failure} (null when it succeeded);
   * returns the failure to report, the close's own when the work had none.
   */
  private static IOException closeAfter(java.io.Closeable resource, IOException failure) {
    try {
      resource.close();
    } catch (IOException e) {
      if (failure == null) {
        return e;
      }
      if (e != failure) {
        failure.addSuppressed(e);
      }
    }
    return failure;
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
      if (timeout.isPresent() && command.isOpen() && alive(target())) {
        return false;
      }
      throw lost("running a command", e);
    }
  }

  private void finish(Future<?> pump) throws ConnectionException {
    try {
      pump.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(host() + ": interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw lost("reading command output", e);
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

  private Session openSession() throws ConnectionException {
    SSHClient client = current();
    try {
      return startSession(client);
    } catch (IOException e) {
      if (!transportFailed(client, e)) {
        throw new ConnectionException(
            host() + ": cannot open a session channel: " + SshClients.describe(e), e);
      }
    }
    try {
      return startSession(reconnect(client));
    } catch (IOException again) {
      throw lost("opening a session channel", again);
    }
  }

  /**
   * Opens a session channel. sshd may refuse one for a moment while it still counts a session that
   * just closed against MaxSessions; such refusals are retried briefly.
   */
  private static Session startSession(SSHClient client) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.startSession();
      } catch (OpenFailException e) {
        if (attempt == 5 || !alive(client)) {
          throw e;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void acquire() throws ConnectionException {
    try {
      channels.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(host() + ": interrupted", e);
    }
  }

  /** The target's client, reconnecting first when the transport is known to be down. */
  private synchronized SSHClient current() throws ConnectionException {
    if (closed) {
      throw new ConnectionException(host() + ": the connection was closed");
    }
    SSHClient client = target();
    return alive(client) ? client : reconnect(client);
  }

  /** Replaces a broken chain with a new one, once per drop, however many threads notice it. */
  private synchronized SSHClient reconnect(SSHClient broken) throws ConnectionException {
    if (closed) {
      throw new ConnectionException(host() + ": the connection was closed");
    }
    if (target() != broken && alive(target())) {
      return target();
    }
    SshClients.closeAll(chain);
    try {
      chain = SshClients.open(settings);
    } catch (ConnectionException e) {
      throw new ConnectionException(
          "connection to " + host() + " was lost, and reconnecting failed: " + e.getMessage(), e);
    }
    return target();
  }

  private synchronized SSHClient target() {
    return chain.get(chain.size() - 1);
  }

  /**
   * Whether a failure is the transport's rather than the channel's. Right after a drop sshj may not
   * know yet that its transport is dead, so the exception itself is looked at too.
   */
  private static boolean transportFailed(SSHClient client, IOException e) {
    if (!alive(client) || e instanceof TransportException) {
      return true;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketException || cause instanceof TransportException) {
        return true;
      }
    }
    return false;
  }

  private static boolean alive(SSHClient client) {
    return client.isConnected() && client.getTransport().isRunning() && client.isAuthenticated();
  }

  private ConnectionException lost(String doing, Throwable e) {
    return new ConnectionException(
        host() + ": connection lost while " + doing + ": " + SshClients.describe(e), e);
  }

  /** Whether commands without input run in a persistent shell now (for tests). */
  boolean shellOpen() {
    shellLock.lock();
    try {
      return shell != null && !shellUnavailable;
    } finally {
      shellLock.unlock();
    }
  }

  /** Makes transfers use exec as if the server had no SFTP subsystem (for tests). */
  void disableSftp() {
    sftpUnavailable = true;
  }

  /** Breaks the transport without telling the server, as a network failure would (for tests). */
  synchronized void breakTransport() throws IOException {
    SSHClient client = target();
    if (client.getSocket() != null) {
      client.getSocket().close();
    } else {
      client.getTransport().disconnect();
    }
  }

  @Override
  public void close() {
    List<SSHClient> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = chain;
    }
    SshClients.closeAll(toClose);
    pumps.shutdownNow();
  }

  @Override
  public String toString() {
    return "SshConnection[" + settings + "]";
  }

  /** Reads exactly {@code size} bytes of the caller's content, never more. */
  private static final class ExactLength extends InputStream {
    private final InputStream in;
    private final long size;
    private long remaining;

    ExactLength(InputStream in, long size) {
      this.in = in;
      this.size = size;
      this.remaining = size;
    }

    long remaining() {
      return remaining;
    }

    String shortMessage() {
      return "the content ended after " + (size - remaining) + " of " + size + " bytes";
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int read = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (read == -1) {
        throw new IOException(shortMessage());
      }
      remaining -= read;
      return read;
    }
  }
}
