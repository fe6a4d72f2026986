package dev.ploy.connection.ssh;

import dev.ploy.connection.ConnectionDefaults.HostKeyChecking;
import dev.ploy.connection.ConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.slf4j.helpers.NOPLogger;

/**
 * Opens authenticated sshj clients: through each jump host in turn, then to the target. Every
 * failure becomes a {@link ConnectionException} that says what went wrong and for which hop.
 */
final class SshClients {
  /** Seconds between keepalive requests on an idle connection. */
  static final int KEEPALIVE_SECONDS = 15;

  /** Environment variable holding the passphrase of encrypted private keys. */
  static final String PASSPHRASE_ENV = "PLOY_SSH_KEY_PASSPHRASE";

  /** Set {@code -Dploy.ssh.debug=true} to see sshj's own log. */
  private static final LoggerFactory LOGGERS =
      Boolean.getBoolean("ploy.ssh.debug")
          ? LoggerFactory.DEFAULT
          : new LoggerFactory() {
            @Override
            public org.slf4j.Logger getLogger(String name) {
              return NOPLogger.NOP_LOGGER;
            }

            @Override
            public org.slf4j.Logger getLogger(Class<?> type) {
              return NOPLogger.NOP_LOGGER;
            }
          };

  private SshClients() {}

  /**
   * Opens the chain for {@code settings}: the jump clients first, the target's client last. On
   * failure every client opened so far is closed.
   */
  static List<SSHClient> open(SshSettings settings) throws ConnectionException {
    List<SSHClient> chain = new ArrayList<>();
    try {
      SSHClient previous = null;
      for (SshSettings.Jump jump : settings.jumps()) {
        SSHClient client =
            connect(settings, previous, jump.endpoint(), jump.identities(), Optional.empty());
        chain.add(client);
        previous = client;
      }
      chain.add(
          connect(
              settings, previous, settings.target(), settings.identities(), settings.password()));
      return chain;
    } catch (ConnectionException | RuntimeException e) {
      closeAll(chain);
      throw e;
    }
  }

  static void closeAll(List<SSHClient> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      try {
        chain.get(i).close();
      } catch (IOException | RuntimeException e) {
        // closing anyway
      }
    }
  }

  private static final javax.net.SocketFactory NO_DELAY =
      new javax.net.SocketFactory() {
        private java.net.Socket noDelay(java.net.Socket socket) throws IOException {
          socket.setTcpNoDelay(true);
          return socket;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
          return noDelay(new java.net.Socket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
          return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(
            String host, int port, java.net.InetAddress local, int localPort) throws IOException {
          return noDelay(new java.net.Socket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port)
            throws IOException {
          return noDelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(
            java.net.InetAddress address, int port, java.net.InetAddress local, int localPort)
            throws IOException {
          return noDelay(new java.net.Socket(address, port, local, localPort));
        }
      };

  /**
   * One sshj configuration for every connection: building it probes every cipher and key exchange
   * the JDK offers, a tenth of a second of CPU that would otherwise be spent once per host.
   * Connections only read it (its factories make new objects for each use).
   */
  private static final class SharedConfig {
    static final DefaultConfig INSTANCE = make();

    private static DefaultConfig make() {
      DefaultConfig config = new DefaultConfig();
      config.setLoggerFactory(LOGGERS);
      config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
      return config;
    }
  }

  private static SSHClient connect(
      SshSettings settings,
      SSHClient via,
      SshSettings.Endpoint endpoint,
      List<Path> identities,
      Optional<String> password)
      throws ConnectionException {
    String hop =
        settings.host()
            + (endpoint.equals(settings.target()) ? "" : " (jump host " + endpoint + ")");
    SSHClient client = new SSHClient(SharedConfig.INSTANCE);
    // Commands are small packets answered at once: without TCP_NODELAY, Nagle's algorithm and
    // the server's delayed ACK add tens of milliseconds to every round trip.
    client.setSocketFactory(NO_DELAY);
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
    client.setConnectTimeout(timeoutMs);
    // a read timeout while the handshake runs; lifted once logged in (keepalive takes over)
    client.setTimeout(timeoutMs);
    client.getTransport().setTimeoutMs(timeoutMs);
    client.getConnection().setTimeoutMs(timeoutMs);
    // must be set before connect: sshj starts the keepalive thread on connect
    client.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
    KnownHostsVerifier known = null;
    try {
      if (settings.hostKeyChecking() == HostKeyChecking.OFF) {
        client.addHostKeyVerifier(new PromiscuousVerifier());
      } else {
        known = KnownHostsVerifier.of(settings.knownHosts(), settings.hostKeyChecking(), LOGGERS);
        client.addHostKeyVerifier((HostKeyVerifier) known);
      }
    } catch (IOException e) {
      throw new ConnectionException(
          hop + ": cannot read known_hosts file " + settings.knownHosts() + ": " + e.getMessage(),
          e);
    }
    try {
      if (via == null) {
        client.connect(endpoint.hostname(), endpoint.port());
      } else {
        DirectConnection tunnel = via.newDirectConnection(endpoint.hostname(), endpoint.port());
        client.connectVia(tunnel);
      }
    } catch (UnknownHostException e) {
      close(client);
      throw new ConnectionException(
          hop + ": cannot resolve host name '" + endpoint.hostname() + "' (DNS lookup failed)", e);
    } catch (ConnectException e) {
      close(client);
      throw new ConnectionException(
          hop
              + ": connection refused by "
              + address(endpoint)
              + " (is sshd running and listening on port "
              + endpoint.port()
              + "?)",
          e);
    } catch (SocketTimeoutException e) {
      close(client);
      if (!String.valueOf(e.getMessage()).toLowerCase().contains("connect")) {
        throw handshakeTimeout(hop, endpoint, settings, e);
      }
      throw new ConnectionException(
          hop
              + ": timed out after "
              + settings.connectTimeout().toSeconds()
              + " s connecting to "
              + address(endpoint),
          e);
    } catch (NoRouteToHostException e) {
      close(client);
      throw new ConnectionException(hop + ": no route to " + address(endpoint), e);
    } catch (IOException e) {
      close(client);
      if (known != null && known.refusal().isPresent()) {
        throw new ConnectionException(hop + ": " + known.refusal().get(), e);
      }
      if (via != null && e.getMessage() != null && e.getMessage().contains("open failed")) {
        throw new ConnectionException(
            hop + ": the jump host could not reach " + address(endpoint) + ": " + e.getMessage(),
            e);
      }
      if (isTimeout(e)) {
        throw handshakeTimeout(hop, endpoint, settings, e);
      }
      throw new ConnectionException(
          hop + ": SSH handshake with " + address(endpoint) + " failed: " + describe(e), e);
    }
    authenticate(client, hop, endpoint, identities, password);
    if (client.getSocket() != null) {
      try {
        client.getSocket().setSoTimeout(0);
      } catch (IOException e) {
        close(client);
        throw new ConnectionException(hop + ": connection lost after login: " + describe(e), e);
      }
    }
    return client;
  }

  private static ConnectionException handshakeTimeout(
      String hop, SshSettings.Endpoint endpoint, SshSettings settings, IOException e) {
    return new ConnectionException(
        hop
            + ": "
            + address(endpoint)
            + " accepted the connection but sent no SSH handshake within "
            + settings.connectTimeout().toSeconds()
            + " s",
        e);
  }

  private static void authenticate(
      SSHClient client,
      String hop,
      SshSettings.Endpoint endpoint,
      List<Path> identities,
      Optional<String> password)
      throws ConnectionException {
    List<AuthMethod> methods = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String passphrase = System.getenv(PASSPHRASE_ENV);
    for (Path identity : identities) {
      if (!Files.isRegularFile(identity)) {
        problems.add("key file " + identity + " does not exist");
        continue;
      }
      try {
        PasswordFinder finder =
            passphrase == null ? null : PasswordUtils.createOneOff(passphrase.toCharArray());
        KeyProvider key = client.loadKeys(identity.toString(), finder);
        key.getPrivate();
        methods.add(new AuthPublickey(key));
        tried.add("publickey " + identity);
      } catch (IOException | RuntimeException e) {
        problems.add(
            "key file "
                + identity
                + " cannot be read ("
                + describe(e)
                + (passphrase == null ? "; if it is encrypted, set " + PASSPHRASE_ENV : "")
                + ")");
      }
    }
    if (password.isPresent()) {
      methods.add(new AuthPassword(PasswordUtils.createOneOff(password.get().toCharArray())));
      methods.add(
          new AuthKeyboardInteractive(
              new PasswordResponseProvider(
                  PasswordUtils.createOneOff(password.get().toCharArray()))));
      tried.add("password");
    }
    if (methods.isEmpty()) {
      close(client);
      throw new ConnectionException(
          hop
              + ": no way to authenticate as "
              + endpoint.user()
              + ": no usable private key and no password"
              + (problems.isEmpty()
                  ? " (set ansible_ssh_private_key_file or ansible_password)"
                  : "; " + String.join("; ", problems)));
    }
    try {
      client.auth(endpoint.user(), methods);
    } catch (UserAuthException e) {
      String allowed = String.join(",", client.getUserAuth().getAllowedMethods());
      close(client);
      throw new ConnectionException(
          hop
              + ": authentication failed for "
              + endpoint
              + "; tried "
              + String.join(", ", tried)
              + (allowed.isEmpty() ? "" : "; the server accepts " + allowed)
              + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)),
          e);
    } catch (TransportException e) {
      close(client);
      throw new ConnectionException(
          hop + ": connection lost during authentication: " + describe(e), e);
    }
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException
          || cause instanceof java.util.concurrent.TimeoutException
          || String.valueOf(cause.getMessage()).toLowerCase().contains("timeout")) {
        return true;
      }
    }
    return false;
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage();
    }
    return message;
  }

  private static String address(SshSettings.Endpoint endpoint) {
    return (endpoint.hostname().contains(":")
            ? "[" + endpoint.hostname() + "]"
            : endpoint.hostname())
        + ":"
        + endpoint.port();
  }

  private static void close(SSHClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // already broken
    }
  }
}
