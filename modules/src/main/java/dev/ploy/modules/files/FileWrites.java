package dev.ploy.modules.files;

import dev.ploy.diff.Diff;
import dev.ploy.module.Apply;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writing text to a file on the target, for modules of other domains (authorized keys, cron files):
 * the same probe, content diff and atomic write that copy and template use.
 */
public final class FileWrites {
  private FileWrites() {}

  /**
   * What putting {@code content} into {@code dest} with the given attributes would change.
   *
   * @param mode octal or symbolic mode, or null to keep the current one (new files: umask)
   * @param owner user name or uid, or null to leave it
   * @param group group name or gid, or null to leave it
   */
  public static Planned plan(
      Target target, String dest, String content, String mode, String owner, String group)
      throws ModuleException {
    Attributes attributes = new Attributes(mode, owner, group);
    if (mode != null && Modes.problem(mode) != null) {
      throw new ModuleException(Modes.problem(mode));
    }
    Plan plan =
        FilePlanner.plan(
            target,
            new FilePlanner.Request(dest, Content.of(content), attributes, null, false, true),
            Map.of());
    return new Planned(plan.changed(), plan.diffs(), plan.apply());
  }

  /** The outcome of {@link #plan}: whether the file changes, how it shows, and the write. */
  public record Planned(boolean changed, List<Diff> diffs, Optional<Apply> apply) {
    public Planned {
      diffs = List.copyOf(diffs);
    }

    /** Performs the write (nothing when unchanged). */
    public void applyOn(Target target) throws ModuleException {
      if (apply.isPresent()) {
        apply.get().apply(target);
      }
    }
  }
}
