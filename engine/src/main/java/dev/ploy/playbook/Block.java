package dev.ploy.playbook;

import dev.ploy.yaml.Location;
import java.util.List;
import java.util.Optional;

/**
 * A block: tasks, tasks run when one of them fails (rescue), and tasks run in any case (always),
 * with keywords that apply to all of them. Roles and static imports become blocks too.
 *
 * @param role set when the block is a role's tasks
 */
public record Block(
    String name,
    List<TaskItem> block,
    List<TaskItem> rescue,
    List<TaskItem> always,
    Keywords keywords,
    RoleContext role,
    Location location)
    implements TaskItem {

  public Block {
    block = List.copyOf(block);
    rescue = List.copyOf(rescue);
    always = List.copyOf(always);
  }

  public Optional<RoleContext> optRole() {
    return Optional.ofNullable(role);
  }
}
