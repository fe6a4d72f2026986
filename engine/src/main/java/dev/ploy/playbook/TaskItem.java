package dev.ploy.playbook;

import dev.ploy.yaml.Location;

/** One entry of a task list: a task, or a block of tasks. */
public sealed interface TaskItem permits Task, Block {
  Location location();

  Keywords keywords();
}
