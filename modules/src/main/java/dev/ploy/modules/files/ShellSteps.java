package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.diff.Diff;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.List;
import java.util.Map;

/** Commands that change one path, run in order as one script; a failure names the path. */
public final class ShellSteps {
  private ShellSteps() {}

  /** Nothing to do without commands; else a change made by running them in order. */
  public static Plan plan(
      List<Diff> diffs, List<String> commands, Map<String, Object> result, String path) {
    if (commands.isEmpty()) {
      return Plan.ok(result);
    }
    List<String> steps = List.copyOf(commands);
    return Plan.change(diffs, result, on -> run(on, steps, path));
  }

  /** Runs the commands joined by {@code &&}, stopping at the first that fails. */
  public static Map<String, Object> run(Target target, List<String> commands, String path)
      throws ModuleException {
    ExecResult done = target.run(Command.of(String.join(" && ", commands)));
    if (!done.ok()) {
      throw ModuleException.commandFailed(
          "could not change " + path + ": " + done.stderr().strip(), done);
    }
    return Map.of();
  }
}
