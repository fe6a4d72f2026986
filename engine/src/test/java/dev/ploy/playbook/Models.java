package dev.ploy.playbook;

import dev.ploy.yaml.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Plays and tasks built in code, for tests of what runs or reports them: no keywords, no loop, no
 * handlers, nothing but what the test names.
 */
public final class Models {
  private Models() {}

  /** A task calling {@code module} with no arguments. */
  public static Task task(String name, String module, Location at) {
    return task(name, module, null, List.of(), List.of(), at);
  }

  /** A task calling {@code module}, registering its result and judged by these conditions. */
  public static Task task(
      String name,
      String module,
      String register,
      List<String> changedWhen,
      List<String> failedWhen,
      Location at) {
    return new Task(
        name,
        new Action(module, Map.of(), at),
        Keywords.NONE,
        null,
        register,
        List.of(),
        List.of(),
        changedWhen,
        failedWhen,
        null,
        null,
        null,
        null,
        at);
  }

  /** A linear play on all hosts with these vars and roles, no tasks, facts not gathered. */
  public static Play play(
      String name, Path directory, Map<String, Object> vars, List<RoleContext> roles, Location at) {
    return new Play(
        name,
        "all",
        directory,
        Keywords.NONE,
        vars,
        List.of(),
        false,
        List.of(),
        "linear",
        null,
        null,
        roles,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        at);
  }
}
