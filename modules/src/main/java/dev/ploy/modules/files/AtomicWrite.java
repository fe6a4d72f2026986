package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replaces a file on the target without ever leaving it half-written: the content goes to a
 * temporary file in the destination's directory, gets its mode and owner, is validated, and only
 * then is renamed over the destination. A failure at any step removes the temporary file and leaves
 * the old destination as it was.
 *
 * <p>Small content travels on the command's standard input (one round trip, with become); large
 * files are streamed over the connection's file transfer first.
 */
final class AtomicWrite {
  /** Above this size content is streamed as a file rather than held in memory and sent on stdin. */
  static final long STDIN_LIMIT = 8L * 1024 * 1024;

  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

  private final String dest;
  private final FileInfo before;
  private final Attributes attributes;
  private final String validate;
  private final boolean backup;

  AtomicWrite(
      String dest, FileInfo before, Attributes attributes, String validate, boolean backup) {
    this.dest = dest;
    this.before = before;
    this.attributes = attributes;
    this.validate = validate;
    this.backup = backup;
  }

  /** Writes {@code content}; returns result keys (backup_file when a backup was made). */
  Map<String, Object> write(Target target, byte[] content) throws ModuleException {
    return run(target, "cat > \"$tmp\"", content);
  }

  /** Copies a file that is already on the target. */
  Map<String, Object> copyFrom(Target target, String remoteSource) throws ModuleException {
    return run(target, "cat -- " + ShellQuote.quote(remoteSource) + " > \"$tmp\"", null);
  }

  /** Writes a local file, streamed when it is large. */
  Map<String, Object> write(Target target, Path local) throws ModuleException {
    long size;
    try {
      size = Files.size(local);
      if (size <= STDIN_LIMIT) {
        return write(target, Files.readAllBytes(local));
      }
    } catch (IOException e) {
      throw new ModuleException("cannot read " + local + ": " + e.getMessage());
    }
    String staged = "/tmp/.ploy-upload-" + UUID.randomUUID();
    String quoted = ShellQuote.quote(staged);
    try {
      try (InputStream in = Files.newInputStream(local)) {
        target.connection().upload(in, size, staged, 0600);
      } catch (IOException | ConnectionException e) {
        throw new ModuleException("cannot send " + local + " to " + staged + ": " + e.getMessage());
      }
      return run(
          target,
          "cat -- " + quoted + " > \"$tmp\"; s=$?; rm -f -- " + quoted + "; [ $s = 0 ]",
          null);
    } finally {
      // also after a cut-off upload: never leave a partial staged copy behind
      try {
        target.run(Command.of("rm -f -- " + quoted));
      } catch (ModuleException | RuntimeException e) {
        // the host is gone; nothing more can be cleaned
      }
    }
  }

  private Map<String, Object> run(Target target, String fill, byte[] stdin) throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    String quotedDest = ShellQuote.quote(dest);
    String dir = dest.contains("/") ? dest.substring(0, Math.max(1, dest.lastIndexOf('/'))) : ".";
    List<String> lines = new ArrayList<>();
    lines.add("dest=" + quotedDest);
    lines.add(
        "tmp=$(mktemp -- "
            + ShellQuote.quote(ShellQuote.operand(dir) + "/.ploy-tmp-")
            + "XXXXXXXX) || exit 1");
    lines.add("trap 'rm -f \"$tmp\"' EXIT");
    lines.add(fill + " || { echo 'could not write the temporary file' >&2; exit 1; }");
    FileInfo.Stat old = before.effective();
    boolean replacing = old.exists() && old.type().equals("file");
    if (attributes.mode() != null) {
      int bits = attributes.modeFor(replacing ? old.modeBits() : 0666 & ~022, false);
      lines.add("chmod " + Modes.octal(bits) + " \"$tmp\" || exit 1");
    } else if (replacing) {
      lines.add("chmod " + old.mode() + " \"$tmp\" || exit 1");
    } else {
      lines.add("chmod \"$(printf '%o' $(( 0666 & ~$(umask) )))\" \"$tmp\" || exit 1");
    }
    if (replacing) {
      // keep the replaced file's owner and group unless the task sets them
      lines.add("chown --reference=\"$dest\" \"$tmp\" 2>/dev/null || true");
    }
    if (attributes.owner() != null) {
      lines.add(Owners.chown("", attributes.owner(), "\"$tmp\"") + " || exit 1");
    }
    if (attributes.group() != null) {
      lines.add(Owners.chgrp("", attributes.group(), "\"$tmp\"") + " || exit 1");
    }
    if (validate != null) {
      lines.add(validationLine(validate));
    }
    String backupFile = null;
    if (backup && replacing) {
      backupFile =
          dest
              + "."
              + ProcessHandle.current().pid()
              + "."
              + BACKUP_STAMP.format(LocalDateTime.now())
              + "~";
      lines.add("cp -p -- \"$dest\" " + ShellQuote.quote(backupFile) + " || exit 1");
      result.put("backup_file", backupFile);
    }
    lines.add("mv -f -- \"$tmp\" \"$dest\" || exit 1");
    Command command = Command.of(String.join("\n", lines));
    if (stdin != null) {
      command = command.withStdin(stdin);
    }
    ExecResult done = target.run(command);
    if (done.rc() == 3) {
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("dest", dest);
      failed.put("stdout", done.stdout());
      failed.put("stderr", done.stderr());
      failed.put("rc", done.rc());
      throw new ModuleException(
          "failed to validate: "
              + validate
              + "; "
              + (done.stdout() + done.stderr()).strip()
              + " ("
              + dest
              + " is unchanged)",
          failed);
    }
    if (!done.ok()) {
      throw new ModuleException(
          "could not write " + dest + ": " + done.stderr().strip(),
          Map.of("dest", dest, "rc", done.rc(), "stderr", done.stderr()));
    }
    return result;
  }

  /**
   * The validation command, split into words like a command (never a shell), with {@code %s}
   * replaced by the temporary file; exit code 3 tells the caller validation failed.
   */
  static String validationLine(String validate) throws ModuleException {
    if (!validate.contains("%s")) {
      throw new ModuleException("validate must contain %s (the file to check): " + validate);
    }
    List<String> words;
    try {
      words = ShellWords.split(validate);
    } catch (IllegalArgumentException e) {
      throw new ModuleException("validate: " + e.getMessage());
    }
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      String[] parts = word.split("%s", -1);
      StringBuilder quoted = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          quoted.append("\"$tmp\"");
        }
        if (!parts[i].isEmpty()) {
          quoted.append(ShellQuote.quote(parts[i]));
        }
      }
      line.append(quoted).append(' ');
    }
    return line.toString().strip() + " || exit 3";
  }
}
