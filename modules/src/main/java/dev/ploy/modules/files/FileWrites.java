package dev.ploy.modules.files;

import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.Map;

/**
 * What other module packages may use of the file machinery: plan putting text into a file the way
 * copy does (probe once, diff the content, replace atomically only when it differs).
 */
public final class FileWrites {
  private FileWrites() {}

  /**
   * Plans {@code dest} holding exactly {@code content}, with {@code mode} (null: keep, or 0644
   * umask-style for a new file), owner and group left as they are.
   */
  public static Plan content(
      Target target, String dest, String content, String mode, Map<String, Object> baseResult)
      throws ModuleException {
    if (mode != null && Modes.problem(mode) != null) {
      throw new ModuleException(Modes.problem(mode));
    }
    return FilePlanner.plan(
        target,
        new FilePlanner.Request(
            dest, Content.of(content), new Attributes(mode, null, null), null, false, true),
        baseResult);
  }
}
