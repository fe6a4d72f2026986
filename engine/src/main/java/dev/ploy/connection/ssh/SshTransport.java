package dev.ploy.connection.ssh;

import dev.ploy.connection.ConnectionException;
import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;

/**
 * The SSH transport to one host and its lifecycle: the chain of clients (jump hosts, then the
 * target), the channels in use on it, the threads that pump their streams, and the reconnection
 * once when the transport dropped between commands.
 */
final class SshTransport {
  /** OpenSSH allows 10 sessions per connection (MaxSessions); stay below it. */
  private static final int MAX_CHANNELS = 8;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final SshSettings settings;
  private final Semaphore channels = new Semaphore(MAX_CHANNELS, true);
  private final ExecutorService pumps;
  private List<SSHClient> chain; // guarded by this
  private boolean closed; // guarded by this

  SshTransport(SshSettings settings, List<SSHClient> chain) {
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

  String host() {
    return settings.host();
  }

  SshSettings settings() {
    return settings;
  }

  /** The threads that copy the channels' streams and run the kills. */
  ExecutorService pumps() {
    return pumps;
  }

  /** False once closed; a dropped transport still counts as open (it reconnects on use). */
  synchronized boolean isOpen() {
    return !closed;
  }

  /** Takes one of the channels allowed on the connection; give it back with {@link #release}. */
  void acquire() throws ConnectionException {
    try {
      channels.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(host() + ": interrupted", e);
    }
  }

  void release() {
    channels.release();
  }

  /** The target's client, reconnecting first when the transport is known to be down. */
  synchronized SSHClient current() throws ConnectionException {
    if (closed) {
      throw new ConnectionException(host() + ": the connection was closed");
    }
    SSHClient client = target();
    return alive(client) ? client : reconnect(client);
  }

  /** The target's client as it is, connected or not; null once the connection is closed. */
  synchronized SSHClient openClient() {
    return closed ? null : target();
  }

  /** Replaces a broken chain with a new one, once per drop, however many threads notice it. */
  synchronized SSHClient reconnect(SSHClient broken) throws ConnectionException {
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

  /** A new session channel on the target, reconnecting once when the transport dropped. */
  Session openSession() throws ConnectionException {
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
  static Session startSession(SSHClient client) throws IOException {
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

  /** Whether the target's transport is up now. */
  synchronized boolean targetAlive() {
    return alive(target());
  }

  /**
   * Whether a failure is the transport's rather than the channel's. Right after a drop sshj may not
   * know yet that its transport is dead, so the exception itself is looked at too.
   */
  static boolean transportFailed(SSHClient client, IOException e) {
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

  static boolean alive(SSHClient client) {
    return client.isConnected() && client.getTransport().isRunning() && client.isAuthenticated();
  }

  ConnectionException lost(String doing, Throwable e) {
    return new ConnectionException(
        host() + ": connection lost while " + doing + ": " + SshClients.describe(e), e);
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

  void close() {
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
    return settings.toString();
  }
}
