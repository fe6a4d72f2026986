package dev.ploy.modules.files;

import dev.ploy.module.Arg;

/** The arguments that the modules writing a file declare alike, worded once. */
final class FileArgs {
  private FileArgs() {}

  /** The file lineinfile, blockinfile and replace edit. */
  static Arg editedPath() {
    return Arg.path("path", "The file to edit (symbolic links are followed).")
        .required()
        .aliases("dest", "destfile", "name");
  }

  static Arg create() {
    return Arg.bool("create", "Create the file (and its directories) when missing.")
        .defaultsTo(false);
  }

  static Arg backup() {
    return Arg.bool("backup", "Keep a timestamped copy of the file replaced.").defaultsTo(false);
  }

  static Arg force() {
    return Arg.bool("force", "Replace a file whose content differs; false: only create.")
        .defaultsTo(true);
  }

  /**
   * The command that checks the new file; {@code replaced} names the argument it replaces, {@code
   * example} is a command to show, if any.
   */
  static Arg validate(String replaced, String example) {
    return Arg.str(
        "validate",
        "Command run on the new file before it replaces "
            + replaced
            + "; %s is the file"
            + (example == null ? "." : ", e.g. '" + example + "'."));
  }
}
