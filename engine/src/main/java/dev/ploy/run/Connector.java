package dev.ploy.run;

import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import java.util.Map;

/**
 * Opens the connection to a host from its variables (ansible_connection, ansible_host, ...). The
 * same host gets the same open connection for the whole run.
 */
@FunctionalInterface
public interface Connector {
  Connection open(String host, Map<String, Object> hostVars) throws ConnectionException;
}
