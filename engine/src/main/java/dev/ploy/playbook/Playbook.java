package dev.ploy.playbook;

import java.nio.file.Path;
import java.util.List;

/** A playbook file with its plays, imported playbooks already expanded in place. */
public record Playbook(Path file, List<Play> plays, List<Problem> warnings) {
  public Playbook {
    plays = List.copyOf(plays);
  }
}
