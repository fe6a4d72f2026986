package dev.ploy.connection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Opens one connection per host for a run and closes them all at the end. */
public final class ConnectionFactory implements AutoCloseable {
  private final ConnectionDefaults defaults;
  private final Map<String, Connection> open = new ConcurrentHashMap<>();

  public ConnectionFactory(ConnectionDefaults defaults) {
    this.defaults = defaults;
  }

  public Connection open(String host, Map<String, Object> hostVars) throws ConnectionException {
    Object kind = hostVars.getOrDefault("ansible_connection", "ssh");
    if (!"local".equals(String.valueOf(kind))) {
      throw new ConnectionException(
          host + ": the ssh connection is not in this build yet; use ansible_connection=local");
    }
    return open.computeIfAbsent(host, LocalConnection::new);
  }

  ConnectionDefaults defaults() {
    return defaults;
  }

  @Override
  public void close() {
    open.values().forEach(Connection::close);
    open.clear();
  }
}
