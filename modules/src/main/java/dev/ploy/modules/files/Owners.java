package dev.ploy.modules.files;

import dev.ploy.connection.ShellQuote;

/**
 * Owner and group names as chown and chgrp receive them: looked up first, so a name that is no user
 * fails as Ansible's "failed to look up user", and always after {@code --}, so a name like {@code
 * --reference=/etc/shadow} is never read as an option. A number is an id, as in Ansible.
 */
final class Owners {
  private Owners() {}

  /** The database a name is looked up in, what chown or chgrp says when it is not there. */
  private record Kind(String program, String database, String failure) {}

  private static final Kind USER =
      new Kind("chown", "passwd", "chown failed: failed to look up user ");
  private static final Kind GROUP =
      new Kind("chgrp", "group", "chgrp failed: failed to look up group ");

  /** {@code chown FLAGS -- OWNER OPERANDS} after the lookup; operands are shell words. */
  static String chown(String flags, String owner, String operands) {
    return change(USER, "", flags, owner, operands);
  }

  /** The same, the chown run through {@code runner} (e.g. "xargs -0 -r"), which adds operands. */
  static String chown(String runner, String flags, String owner, String operands) {
    return change(USER, runner, flags, owner, operands);
  }

  /** {@code chgrp FLAGS -- GROUP OPERANDS} after the lookup; operands are shell words. */
  static String chgrp(String flags, String group, String operands) {
    return change(GROUP, "", flags, group, operands);
  }

  /** The same, the chgrp run through {@code runner} (e.g. "xargs -0 -r"), which adds operands. */
  static String chgrp(String runner, String flags, String group, String operands) {
    return change(GROUP, runner, flags, group, operands);
  }

  private static String change(
      Kind kind, String runner, String flags, String name, String operands) {
    return known(kind, name) + " && " + command(runner, kind.program(), flags, name, operands);
  }

  /**
   * Shell lines that end the script (exit 1) saying "failed to look up user X" (or group) as chown
   * and chgrp would, when {@code owner} or {@code group} (either may be null) names no entry on the
   * target: a probe that runs them fails in check mode as the run would, as in Ansible.
   */
  static String lookups(String owner, String group) {
    StringBuilder lines = new StringBuilder();
    if (owner != null) {
      lines.append(known(USER, owner)).append(" || exit 1\n");
    }
    if (group != null) {
      lines.append(known(GROUP, group)).append(" || exit 1\n");
    }
    return lines.toString();
  }

  /** True when {@code name} is a number or an entry of the database; else false, said on stderr. */
  private static String known(Kind kind, String name) {
    if (name.matches("[0-9]+")) {
      return "true";
    }
    return "{ getent "
        + kind.database()
        + " -- "
        + ShellQuote.quote(name)
        + " >/dev/null || { printf '%s\\n' "
        + ShellQuote.quote(kind.failure() + name)
        + " >&2; false; }; }";
  }

  private static String command(
      String runner, String program, String flags, String name, String operands) {
    StringBuilder line = new StringBuilder();
    if (!runner.isEmpty()) {
      line.append(runner).append(' ');
    }
    line.append(program);
    if (!flags.isEmpty()) {
      line.append(' ').append(flags);
    }
    line.append(" -- ").append(ShellQuote.quote(name));
    if (!operands.isEmpty()) {
      line.append(' ').append(operands);
    }
    return line.toString();
  }
}
