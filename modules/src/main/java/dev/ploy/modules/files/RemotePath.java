package dev.ploy.modules.files;

import dev.ploy.connection.ShellQuote;

/**
 * A path given by the user as one shell word, with a leading {@code ~/} meaning $HOME as Ansible
 * does.
 */
final class RemotePath {
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
