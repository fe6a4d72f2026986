package dev.ploy.connection;

import dev.ploy.connection.ssh.SshConfig;
import dev.ploy.connection.ssh.SshConnection;
import dev.ploy.connection.ssh.SshSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens one connection per host for a whole run and hands the same one to every task. Thread-safe:
 * hosts open in parallel, and a host asked for twice at once is opened once. {@link #close()}
 * closes them all.
 *
 * <p>{@code ansible_connection} picks the kind: {@code local} runs on the control node, {@code ssh}
 * (the default; {@code smart} and {@code paramiko} are taken as ssh) goes over SSH. The other host
 * variables Ansible's ssh plugin reads are honoured: see {@link SshSettings}.
 */
public final class ConnectionFactory implements AutoCloseable {
  private final ConnectionDefaults defaults;
  private final ConcurrentHashMap<Object, Slot> slots = new ConcurrentHashMap<>();
  private final SshConfig sshConfig;
  private volatile boolean closed;

  public ConnectionFactory(ConnectionDefaults defaults) {
    this.defaults = defaults;
    this.sshConfig = SshConfig.load(defaults.sshConfig());
  }

  public ConnectionDefaults defaults() {
    return defaults;
  }

  /**
   * The open connection to {@code host}, opened now if this is the first time it is asked for.
   *
   * @param hostVars the host's variables, already templated
   * @throws ConnectionException when the host cannot be reached or logged into
   */
  public Connection open(String host, Map<String, Object> hostVars) throws ConnectionException {
    if (closed) {
      throw new ConnectionException(host + ": the run's connections are already closed");
    }
    Object kindValue = hostVars.get("ansible_connection");
    String kind =
        kindValue == null ? "ssh" : String.valueOf(kindValue).strip().toLowerCase(Locale.ROOT);
    switch (kind) {
      case "local":
        return slots
            .computeIfAbsent(List.of("local", host), key -> new Slot())
            .get(() -> local(host));
      case "ssh":
      case "smart":
      case "paramiko":
      case "":
        SshSettings settings = SshSettings.resolve(host, hostVars, defaults, sshConfig);
        // the settings are the key: a host whose variables change gets its own connection
        return slots
            .computeIfAbsent(settings, key -> new Slot())
            .get(() -> SshConnection.open(settings));
      default:
        throw new ConnectionException(
            host
                + ": ansible_connection="
                + kind
                + " is not supported; ploy connects with ssh or local");
    }
  }

  private static Connection local(String host) {
    return new LocalConnection(host);
  }

  /** Closes every connection opened so far; later calls to {@link #open} fail. */
  @Override
  public void close() {
    closed = true;
    List<Slot> all = new ArrayList<>(slots.values());
    slots.clear();
    for (Slot slot : all) {
      slot.close();
    }
  }

  private interface Opener {
    Connection open() throws ConnectionException;
  }

  /** One host's connection; opening is serialised so that it happens once. */
  private static final class Slot {
    private Connection connection;

    synchronized Connection get(Opener opener) throws ConnectionException {
      if (connection instanceof SshConnection ssh && !ssh.isOpen()) {
        connection = null;
      }
      if (connection == null) {
        connection = opener.open();
      }
      return connection;
    }

    synchronized void close() {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }
}
