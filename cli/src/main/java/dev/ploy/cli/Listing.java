package dev.ploy.cli;

import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.playbook.Block;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Task;
import dev.ploy.playbook.TaskItem;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** --list-hosts, --list-tasks and --list-tags, printed as ansible-playbook prints them. */
final class Listing {
  private final PrintStream out;
  private final Inventory inventory;
  private final RunOptions options;
  private final PlaybookLoader loader;

  Listing(PrintStream out, Inventory inventory, RunOptions options, PlaybookLoader loader) {
    this.out = out;
    this.inventory = inventory;
    this.options = options;
    this.loader = loader;
  }

  void print(List<Playbook> playbooks, boolean hosts, boolean tasks, boolean tags)
      throws InventoryException, PlaybookException {
    for (Playbook playbook : playbooks) {
      out.println();
      out.println("playbook: " + playbook.file());
      int number = 0;
      for (Play play : playbook.plays()) {
        number++;
        String pattern = PlaybookRunner.hostPattern(play, options, loader);
        out.println();
        out.println(
            "  play #"
                + number
                + " ("
                + pattern
                + "): "
                + (play.name() != null ? play.name() : pattern)
                + "\tTAGS: ["
                + String.join(",", play.keywords().tags())
                + "]");
        if (hosts) {
          List<Host> selected = PlaybookRunner.select(inventory, pattern, options);
          out.println("    pattern: ['" + pattern + "']");
          out.println("    hosts (" + selected.size() + "):");
          selected.forEach(h -> out.println("      " + h.name()));
        }
        if (tasks) {
          out.println("    tasks:");
          for (List<TaskItem> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
            listTasks(section, play.keywords().tags());
          }
        }
        if (tags) {
          Set<String> all = new TreeSet<>(play.keywords().tags());
          for (List<TaskItem> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
            collectTags(section, all);
          }
          out.println("      TASK TAGS: [" + String.join(", ", all) + "]");
        }
      }
    }
  }

  private void listTasks(List<TaskItem> items, Set<String> inherited) {
    for (TaskItem item : items) {
      Set<String> tags = new TreeSet<>(inherited);
      tags.addAll(item.keywords().tags());
      if (item instanceof Block block) {
        listTasks(block.block(), tags);
        listTasks(block.rescue(), tags);
        listTasks(block.always(), tags);
      } else if (item instanceof Task task
          && dev.ploy.run.TagFilter.selected(tags, options.tags(), options.skipTags())) {
        out.println("      " + task.displayName() + "\tTAGS: [" + String.join(", ", tags) + "]");
      }
    }
  }

  private static void collectTags(List<TaskItem> items, Set<String> into) {
    for (TaskItem item : items) {
      into.addAll(item.keywords().tags());
      if (item instanceof Block block) {
        collectTags(block.block(), into);
        collectTags(block.rescue(), into);
        collectTags(block.always(), into);
      }
    }
  }
}
