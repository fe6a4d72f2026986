package dev.ploy.modules.files;

import dev.ploy.connection.ShellQuote;

/**
 * A path given by the user as one shell word, with a leading {@code ~/} meaning $HOME as Ansible
 * does.
 */
final class RemotePath {
  /**
   * A shell condition, true when "$p" cannot be seen because its directory may not be searched by
   * the task's user (so "absent" would be a lie: the file may well exist).
   */
  static final String HIDDEN_BY_PARENT =
      "{ d=$(dirname -- \"$p\"); [ -d \"$d\" ] && ! [ -x \"$d\" ]; }";

  private RemotePath() {}

  /** The path as a shell word: quoted, except that {@code ~} and {@code ~/...} expand to $HOME. */
  static String word(String path) {
    if (path.equals("~")) {
      return "\"$HOME\"";
    }
    if (path.startsWith("~/")) {
      return "\"$HOME\"" + ShellQuote.quote(path.substring(1));
    }
    return ShellQuote.quote(path);
  }
}
