package dev.ploy.modules.files;

import dev.ploy.diff.Diff;
import dev.ploy.module.Apply;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What other module packages may use of the file machinery (authorized keys, cron files, apt
 * sources): plan putting text into a file the way copy does — probe once, diff the content, replace
 * atomically only when it differs, and only over the file probed (the text was computed from its
 * content: a file changed meanwhile fails the write rather than lose the other change).
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
    return plan(target, dest, content, mode, owner, group, null);
  }

  /**
   * Like {@link #plan(Target, String, String, String, String, String)}, for content computed from
   * {@code editedFrom}, the file's exact text as the caller read it ("" when missing): the write
   * replaces the file only if it still holds exactly that, so a change made since that read is
   * never lost (the write fails saying the file changed).
   */
  public static Planned plan(
      Target target,
      String dest,
      String content,
      String mode,
      String owner,
      String group,
      String editedFrom)
      throws ModuleException {
    return plan(target, dest, content, mode, owner, group, editedFrom, false);
  }

  /**
   * Like {@link #plan(Target, String, String, String, String, String, String)}; with {@code
   * backup}, the file replaced is first copied beside it as the backup argument of copy does
   * (NAME.PID.YYYY-MM-DD@HH:MM:SS~), and the write returns that copy's name as backup_file.
   */
  public static Planned plan(
      Target target,
      String dest,
      String content,
      String mode,
      String owner,
      String group,
      String editedFrom,
      boolean backup)
      throws ModuleException {
    Plan plan =
        FilePlanner.plan(
            target, request(dest, content, mode, owner, group, editedFrom, backup), Map.of());
    return new Planned(plan.changed(), plan.diffs(), plan.apply());
  }

  /**
   * Plans {@code dest} holding exactly {@code content}, with {@code mode} (null: keep, or 0644
   * umask-style for a new file), owner and group left as they are.
   */
  public static Plan content(
      Target target, String dest, String content, String mode, Map<String, Object> baseResult)
      throws ModuleException {
    return FilePlanner.plan(
        target, request(dest, content, mode, null, null, null, false), baseResult);
  }

  /**
   * Edits the text file {@code path} (UTF-8) as lineinfile does: reads it exactly, applies {@code
   * edit} to its content ("" when missing), and writes the result atomically when it differs — only
   * over the content read: when another writer changed the file meanwhile, it is read and edited
   * again (under the directory's lock), so neither edit is lost. A new file gets the umask's mode;
   * an existing one keeps its mode and owner.
   *
   * @return whether the file changed
   */
  public static boolean edit(Target target, String path, UnaryOperator<String> edit)
      throws ModuleException {
    TextEditPlanner.Editor editor =
        content -> {
          String before = content == null ? "" : new String(content, StandardCharsets.UTF_8);
          String after = edit.apply(before);
          return new Edit(
              ByteText.of(after.getBytes(StandardCharsets.UTF_8)), !after.equals(before), "", 0);
        };
    TextFile read = TextEditPlanner.readRegular(target, path);
    Edit first = editor.edit(read.content());
    if (!first.changed()) {
      return false;
    }
    TextEditPlanner.write(
        target, path, read, first, editor, new Attributes(null, null, null), null, false);
    return true;
  }

  /** editedFrom: the text content was computed from; null: what the probe sees. */
  private static FilePlanner.Request request(
      String dest,
      String content,
      String mode,
      String owner,
      String group,
      String editedFrom,
      boolean backup)
      throws ModuleException {
    if (mode != null && Modes.problem(mode) != null) {
      throw new ModuleException(Modes.problem(mode));
    }
    return new FilePlanner.Request(
        dest,
        Content.of(content),
        new Attributes(mode, owner, group),
        null,
        backup,
        true,
        false,
        editedFrom);
  }

  /** The outcome of {@link #plan}: whether the file changes, how it shows, and the write. */
  public record Planned(boolean changed, List<Diff> diffs, Optional<Apply> apply) {
    public Planned {
      diffs = List.copyOf(diffs);
    }

    /** Performs the write (nothing when unchanged); returns its result keys (backup_file...). */
    public Map<String, Object> applyOn(Target target) throws ModuleException {
      return apply.isPresent() ? apply.get().apply(target) : Map.of();
    }
  }
}
