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

/**
 * Replaces a file on the target without ever leaving it half-written: the content goes to a
 * temporary file in the destination's directory, gets its mode and owner, is validated, and only
 * then is renamed over the destination. A failure at any step removes the temporary file and leaves
 * the old destination as it was.
 *
 * <p>The rename happens under an exclusive lock on the destination's directory ({@code flock}),
 * which every ploy write takes. A write that expects the destination to still be what a probe saw
 * ({@link #ifUnchanged}) checks its checksum under that lock and fails with {@link Changed} when
 * another writer got there first, so a read-modify-write never loses a concurrent edit.
 *
 * <p>Small content travels on the command's standard input (one round trip, with become); large
 * files are streamed over the connection's file transfer into a staged file beside the destination
 * first ({@link Staging}), which is then renamed into place.
 *
 * <p>{@code expected}: the checksum the destination must still have ({@link #ifUnchanged}), null
 * for none; {@code locked}: whether the caller already holds the directory's lock ({@link #under});
 * {@code reportsOwnership}: whether the result names the written file's owner and group.
 */
record AtomicWrite(
    String dest,
    FileInfo before,
    Attributes attributes,
    String validate,
    boolean backup,
    String expected,
    boolean locked,
    boolean reportsOwnership) {
  /** Above this size content is streamed as a file rather than held in memory and sent on stdin. */
  static final long STDIN_LIMIT = 8L * 1024 * 1024;

  /** What {@link #ifUnchanged} expects of a destination that does not exist. */
  static final String ABSENT = "absent";

  /** The word before the written file's ids in the script's output. */
  private static final String WRITTEN = "ploy-written";

  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss");

  AtomicWrite(
      String dest, FileInfo before, Attributes attributes, String validate, boolean backup) {
    this(dest, before, attributes, validate, backup, null, false, false);
  }

  /**
   * The same write, made only if the destination still has the SHA-1 {@code checksum} (or {@link
   * #ABSENT}) when it is replaced; null: unconditionally.
   */
  AtomicWrite ifUnchanged(String checksum) {
    return new AtomicWrite(
        dest, before, attributes, validate, backup, checksum, locked, reportsOwnership);
  }

  /** The same write, made while {@code lock} is held (the script does not take it again). */
  AtomicWrite under(DirectoryLock lock) {
    boolean held = lock.held() && lock.dir().equals(Staging.directoryOf(dest));
    return new AtomicWrite(
        dest, before, attributes, validate, backup, expected, held, reportsOwnership);
  }

  /**
   * The same write, whose result also gives the new file's uid, gid, owner and group (as Ansible's
   * copy and template report them), read in the same script right after the rename.
   */
  AtomicWrite reportingOwnership() {
    return new AtomicWrite(dest, before, attributes, validate, backup, expected, locked, true);
  }

  /** The destination changed between the probe and the write; nothing was written. */
  static final class Changed extends ModuleException {
    Changed(String dest) {
      super(dest + " changed while it was being edited");
    }
  }

  /** Writes {@code content}; returns result keys (backup_file when a backup was made). */
  Map<String, Object> write(Target target, byte[] content) throws ModuleException {
    return run(target, temporary(), "cat > \"$tmp\"", content);
  }

  /** Copies a file that is already on the target. */
  Map<String, Object> copyFrom(Target target, String remoteSource) throws ModuleException {
    return run(
        target, temporary(), "cat -- " + ShellQuote.quote(remoteSource) + " > \"$tmp\"", null);
  }

  /**
   * Renames {@code staged}, a file in the destination's directory, into place after giving it the
   * destination's mode and owner (it becomes the running user's first); it is removed on failure.
   */
  Map<String, Object> moveFrom(Target target, String staged) throws ModuleException {
    return run(
        target, "tmp=" + ShellQuote.quote(staged), "chown \"$(id -u):$(id -g)\" -- \"$tmp\"", null);
  }

  /** Writes a local file, streamed into a staged file beside the destination when it is large. */
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
    Staging staging = Staging.upload(dest);
    ExecResult made = target.run(Command.of(staging.prepareScript()));
    if (!made.ok()) {
      throw ModuleException.commandFailed(
              "cannot stage the upload in " + staging.dir() + ": " + made.stderr().strip(), made)
          .with("dest", dest);
    }
    Staging.Staged staged = staging.staged(made.stdout());
    boolean moved = false;
    try {
      try (InputStream in = Files.newInputStream(local)) {
        target.connection().upload(in, size, staged.path(), 0600);
      } catch (IOException | ConnectionException e) {
        throw new ModuleException(
            "cannot send " + local + " to " + staged.path() + ": " + e.getMessage());
      }
      if (!staged.besideDest()) {
        return copyFrom(target, staged.path());
      }
      Map<String, Object> result = moveFrom(target, staged.path());
      moved = true;
      return result;
    } finally {
      if (!moved) {
        // a cut-off upload, a refused validation, an interrupt: never leave the staged copy
        Staging.remove(target, staged.path());
      }
    }
  }

  private String temporary() {
    return Staging.temporaryLines();
  }

  private Map<String, Object> run(Target target, String tmpLine, String fill, byte[] stdin)
      throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    String quotedDest = ShellQuote.quote(dest);
    List<String> lines = new ArrayList<>();
    lines.add("dest=" + quotedDest);
    lines.add("dir=" + ShellQuote.quote(ShellQuote.operand(Staging.directoryOf(dest))));
    lines.add(tmpLine);
    lines.add("trap 'rm -f -- \"$tmp\"' EXIT");
    lines.add(fill + " || { echo 'could not write the temporary file' >&2; exit 1; }");
    FileInfo.Stat old = before.effective();
    boolean replacing = old.exists() && old.type().equals("file");
    if (attributes.mode() != null) {
      int bits = attributes.modeFor(replacing ? old.modeBits() : 0666 & ~022, false);
      lines.add("chmod " + Modes.octal(bits) + " -- \"$tmp\" || exit 1");
    } else if (replacing) {
      lines.add("chmod " + old.mode() + " -- \"$tmp\" || exit 1");
    } else {
      lines.add("chmod \"$(printf '%o' $(( 0666 & ~$(umask) )))\" -- \"$tmp\" || exit 1");
    }
    if (replacing) {
      // keep the replaced file's owner and group unless the task sets them
      lines.add("chown --reference=\"$dest\" -- \"$tmp\" 2>/dev/null || true");
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
    lines.addAll(lockAndCheckLines());
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
    if (reportsOwnership) {
      lines.add("stat -c '" + WRITTEN + " %u %g %U %G' -- \"$dest\" 2>/dev/null || true");
    }
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
    if (done.rc() == 4 && expected != null) {
      throw new Changed(dest);
    }
    if (!done.ok()) {
      throw ModuleException.commandFailed(
              "could not write " + dest + ": " + done.stderr().strip(), done)
          .with("dest", dest);
    }
    if (reportsOwnership) {
      result.putAll(ownership(done.stdout()));
    }
    return result;
  }

  /**
   * uid, gid, owner and group from the line stat printed after the rename (validate may print too).
   */
  static Map<String, Object> ownership(String stdout) {
    Map<String, Object> found = new LinkedHashMap<>();
    for (String line : stdout.lines().toList()) {
      String[] words = line.split(" ");
      if (words.length == 5 && words[0].equals(WRITTEN)) {
        found.put("uid", Long.parseLong(words[1]));
        found.put("gid", Long.parseLong(words[2]));
        found.put("owner", words[3]);
        found.put("group", words[4]);
      }
    }
    return found;
  }

  /**
   * Takes the directory's lock (held until the script ends, past the rename) unless it is held
   * already, then, for a conditional write, compares the destination with what the probe saw: exit
   * code 4 if it changed. Without flock (or a readable directory) the check still runs, unlocked.
   */
  private List<String> lockAndCheckLines() {
    List<String> lines = new ArrayList<>();
    if (!locked) {
      lines.add(DirectoryLock.takeLines());
    }
    if (expected != null) {
      lines.add(
          "if [ -f \"$dest\" ]; then now=$(sha1sum < \"$dest\" | cut -d' ' -f1);"
              + " elif [ -e \"$dest\" ]; then now=other; else now="
              + ABSENT
              + "; fi");
      lines.add("[ \"$now\" = " + ShellQuote.quote(expected) + " ] || exit 4");
    }
    return lines;
  }

  /**
   * The validation command, split into words like a command (never a shell), with {@code %s}
   * replaced by the temporary file; exit code 3 tells the caller validation failed.
   */
  static String validationLine(String validate) throws ModuleException {
    if (!validate.contains("%s")) {
      throw new ModuleException("validate must contain %s: " + validate); // Ansible's words
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
