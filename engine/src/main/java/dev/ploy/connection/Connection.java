package dev.ploy.connection;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The only way the engine and its modules touch a target: commands run through {@code /bin/sh -c}
 * and files moved in and out. One connection is opened per host and reused by every task of a run.
 *
 * <p>Implementations: {@link LocalConnection} (the control node itself) and the SSH connection.
 */
public interface Connection extends AutoCloseable {

  /** The inventory name of the host this connection reaches. */
  String host();

  /** Runs a command and waits for it; a non-zero exit code is a result, not an exception. */
  ExecResult exec(Command command) throws ConnectionException;

  /**
   * Writes {@code size} bytes read from {@code content} to {@code remotePath}, replacing it. The
   * caller is responsible for atomicity (write a temporary name, then rename): this is a plain
   * write.
   */
  void upload(InputStream content, long size, String remotePath, int mode)
      throws ConnectionException;

  /** Streams the content of {@code remotePath} into {@code sink}. */
  void download(String remotePath, OutputStream sink) throws ConnectionException;

  /**
   * Kills the commands running on the target now, with their children, and stops transfers in
   * progress: the calls running them fail with a ConnectionException. Commands sent afterwards run
   * as usual (a task's cleanup may need one). Called from another thread than the commands'.
   */
  default void interrupt() {}

  @Override
  void close();
}
