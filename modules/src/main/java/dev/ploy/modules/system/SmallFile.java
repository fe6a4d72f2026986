package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;

/** Writes a small system file whose new content is known in full. */
final class SmallFile {
  private SmallFile() {}

  /**
   * Replaces {@code path} atomically: a temporary file in the same directory takes the content (on
   * standard input) and the old file's mode and owner (0644 root when new), then is renamed over
   * it.
   */
  static void replace(Target target, String path, String content) throws ModuleException {
    String dir = path.contains("/") ? path.substring(0, Math.max(1, path.lastIndexOf('/'))) : ".";
    String quoted = ShellQuote.quote(path);
    String script =
        String.join(
            "\n",
            "tmp=$(mktemp -- "
                + ShellQuote.quote(ShellQuote.operand(dir) + "/.ploy-tmp-")
                + "XXXXXXXX) || exit 1",
            "trap 'rm -f \"$tmp\"' EXIT",
            "cat > \"$tmp\" || exit 1",
            "if [ -e " + quoted + " ]; then",
            "  chmod --reference="
                + quoted
                + " \"$tmp\" && chown --reference="
                + quoted
                + " \"$tmp\" || exit 1",
            "else chmod 0644 \"$tmp\" || exit 1; fi",
            "mv -f -- \"$tmp\" " + quoted);
    ModuleException.requireOk(
        target.run(Command.of(script).withStdin(content)), "could not write " + path);
  }

  /**
   * Writes {@code path} in place (truncate and write), for files that may be bind mounts, such as
   * /etc/hostname in a container, which cannot be renamed over.
   */
  static void overwrite(Target target, String path, String content) throws ModuleException {
    ModuleException.requireOk(
        target.run(Command.of("cat > " + ShellQuote.quote(path)).withStdin(content)),
        "could not write " + path);
  }
}
