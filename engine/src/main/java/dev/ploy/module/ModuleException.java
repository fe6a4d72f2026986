package dev.ploy.module;

import dev.ploy.connection.ExecResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** A module failed on a host: the message says why, the result keys (rc, stderr...) say more. */
public class ModuleException extends Exception {
  private final Map<String, Object> result;

  public ModuleException(String message) {
    this(message, Map.of());
  }

  public ModuleException(String message, Map<String, Object> result) {
    super(message);
    this.result = new LinkedHashMap<>(result);
  }

  public ModuleException(String message, Throwable cause) {
    super(message, cause);
    this.result = new LinkedHashMap<>();
  }

  /**
   * A command the module ran failed: the task's result reports its exit status (rc) and its error
   * output (stderr) beside the message.
   */
  public static ModuleException commandFailed(String message, ExecResult command) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rc", command.rc());
    result.put("stderr", command.stderr());
    return new ModuleException(message, result);
  }

  /**
   * As {@link #commandFailed}, with the command's standard output (stdout) reported too: for
   * commands whose output is said to the user, not data the module parses.
   */
  public static ModuleException commandFailedWithOutput(String message, ExecResult command) {
    return commandFailed(message, command).with("stdout", command.stdout());
  }

  /**
   * As {@link #commandFailedWithOutput}, the message saying {@code what} failed, then what the
   * command said (its error output, then its output).
   */
  public static ModuleException failedSaying(String what, ExecResult command) {
    return commandFailedWithOutput(
        what + ": " + (command.stderr() + command.stdout()).strip(), command);
  }

  /** The command's result when it succeeded; else fails as {@link #failedSaying}. */
  public static ExecResult requireOk(ExecResult command, String what) throws ModuleException {
    if (!command.ok()) {
      throw failedSaying(what, command);
    }
    return command;
  }

  /** Reports one more result key with the failure (the path or name it concerns). */
  public ModuleException with(String key, Object value) {
    result.put(key, value);
    return this;
  }

  /** Extra result keys reported with the failure (rc, stdout, stderr, ...). */
  public Map<String, Object> result() {
    return result;
  }
}
