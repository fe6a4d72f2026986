package dev.ploy.connection;

/**
 * The target could not be reached or the transport broke: the host becomes unreachable. A command
 * that ran and failed is an {@link ExecResult} with a non-zero code, never this exception.
 */
public class ConnectionException extends Exception {
  public ConnectionException(String message) {
    super(message);
  }

  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
