package dev.ploy.playbook;

import dev.ploy.yaml.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A play: which hosts, how to run on them, and its task sections. Roles are already expanded into
 * blocks at the head of {@code tasks}; handlers include the roles' handlers.
 *
 * @param serial batch sizes as written (numbers or "30%"); empty for all hosts at once
 * @param maxFailPercentage the percentage of failed hosts that stops the play, or null
 */
public record Play(
    String name,
    String hosts,
    Path directory,
    Keywords keywords,
    Map<String, Object> vars,
    List<String> varsFiles,
    Object gatherFacts,
    List<Object> serial,
    String strategy,
    Object maxFailPercentage,
    Object forceHandlers,
    List<RoleContext> roles,
    List<TaskItem> preTasks,
    List<TaskItem> tasks,
    List<TaskItem> postTasks,
    List<Task> handlers,
    Location location) {

  public Play {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    varsFiles = List.copyOf(varsFiles);
    serial = List.copyOf(serial);
    roles = List.copyOf(roles);
    preTasks = List.copyOf(preTasks);
    tasks = List.copyOf(tasks);
    postTasks = List.copyOf(postTasks);
    handlers = List.copyOf(handlers);
  }

  /** The name shown in the PLAY header: the name, or the host pattern. */
  public String displayName() {
    return name != null ? name : hosts;
  }
}
