package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A file to edit in place, read in one round trip: what the path is ({@link FileInfo}), the real
 * path behind any symbolic links (edits go there, as Ansible's do), whether its directory exists,
 * and its exact bytes (sent base64-encoded, so any content survives).
 *
 * @param content the file's bytes; null when the path does not exist
 */
record TextFile(FileInfo info, String realPath, boolean parentExists, byte[] content) {
  private static final String SEPARATOR = "--ploy-text-file--";

  boolean exists() {
    return info.effective().exists();
  }

  /**
   * What a write of the edited file expects to replace ({@link AtomicWrite#ifUnchanged}): the SHA-1
   * of the content read, or absent.
   */
  String expected() {
    if (content == null) {
      return AtomicWrite.ABSENT;
    }
    try {
      return Content.of(content).sha1();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TextFile read(Target target, String path) throws ModuleException {
    ExecResult result = target.run(Command.of(script(path)));
    if (!result.ok()) {
      throw ModuleException.commandFailed(
              "cannot read " + path + ": " + result.stderr().strip(), result)
          .with("path", path);
    }
    return parse(path, result.stdout());
  }

  static String script(String path) {
    return String.join(
        "\n",
        "( " + FileInfo.script(path, false) + "\n) || exit 1",
        "echo " + SEPARATOR,
        "p=" + ShellQuote.quote(path),
        // the parent as dirname names it, without starting dirname but for a trailing '/'
        "case $p in */) d=$(dirname -- \"$p\") ;; */*) d=${p%/*}; d=${d:-/} ;; *) d=. ;; esac",
        "if [ -d \"$d\" ]; then echo parent; else echo noparent; fi",
        "if [ -f \"$p\" ]; then",
        // readlink's own newline ends the name (parse drops it): no printf "$(...)" around it
        "  readlink -f -- \"$p\" | base64 -w0 || exit 1; echo",
        "  base64 -w0 < \"$p\" || exit 1; echo",
        "fi");
  }

  static TextFile parse(String path, String output) {
    int cut = output.indexOf(SEPARATOR + "\n");
    FileInfo info = FileInfo.parse(path, output.substring(0, cut));
    List<String> rest = List.of(output.substring(cut + SEPARATOR.length() + 1).split("\n", -1));
    boolean parent = rest.get(0).strip().equals("parent");
    if (rest.size() < 4) {
      return new TextFile(info, path, parent, null);
    }
    String real =
        new String(Base64.getDecoder().decode(rest.get(1).strip()), StandardCharsets.UTF_8);
    if (real.endsWith("\n")) {
      real = real.substring(0, real.length() - 1);
    }
    byte[] content = Base64.getDecoder().decode(rest.get(2).strip());
    return new TextFile(info, real.isEmpty() ? path : real, parent, content);
  }
}
