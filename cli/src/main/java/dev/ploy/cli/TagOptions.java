package dev.ploy.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The tags that choose a playbook's tasks: {@code ploy} and {@code ploy plan} both take them. */
final class TagOptions {
  @Option(
      names = {"-t", "--tags"},
      paramLabel = "TAGS",
      split = ",",
      description = "Only run tasks with these tags.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--skip-tags",
      paramLabel = "TAGS",
      split = ",",
      description = "Skip tasks with these tags.")
  List<String> skipTags = new ArrayList<>();

  /** The tasks these tags choose, starting at {@code startAtTask} (null: the first). */
  Setup.Selection selection(String startAtTask, boolean forceHandlers) {
    return new Setup.Selection(tags, skipTags, startAtTask, forceHandlers);
  }
}
