package dev.ploy.modules.commands;

import dev.ploy.connection.ExecResult;
import dev.ploy.module.ModuleException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ansible's result keys for a command that ran unguarded (raw, script): rc, stdout, stderr and
 * their lines, kept as the target printed them; a non-zero exit fails the task.
 */
final class Outcome {
  private Outcome() {}

  /**
   * The result of {@code executed}; throws with the same keys when it exited non-zero. {@code
   * setupFailed} marks failures before the command itself ran (its message then says so).
   */
  static Map<String, Object> of(Object cmd, ExecResult executed, boolean setupFailed)
      throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("changed", true);
    result.put("cmd", cmd);
    result.put("rc", executed.rc());
    result.put("stdout", executed.stdout());
    result.put("stderr", executed.stderr());
    result.put("stdout_lines", executed.stdoutLines());
    result.put("stderr_lines", executed.stderrLines());
    if (setupFailed) {
      String message = executed.stderr().strip().replace(ScriptModule.SETUP, "");
      result.put("msg", message);
      throw new ModuleException(message, result);
    }
    if (executed.rc() != 0) {
      result.put("msg", "non-zero return code");
      throw new ModuleException("non-zero return code", result);
    }
    return result;
  }
}
