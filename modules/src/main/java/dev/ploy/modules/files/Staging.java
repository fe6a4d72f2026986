package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files staged beside a destination while they arrive (an upload, a download), named so that a
 * later run can tell a leftover from a live one: {@code .ploy-upload-PID-START-TOKEN}, where PID
 * and START (its start time in clock ticks since boot, from /proc) name the process that owns the
 * transfer on the target — the SSH session's sshd, or the controller itself on a local connection.
 * While that process lives the file may still be written; once it is gone (the run was killed, the
 * connection dropped) nothing will finish or remove the file, so the next run that stages in the
 * same directory removes it.
 *
 * <p>The names are chosen here, in Java: no path is ever read back from a command's output.
 */
final class Staging {
  private static final Pattern OWNER = Pattern.compile("(?m)^ploy-staging-owner=(\\d+-\\d+)$");
  private static final Pattern IN = Pattern.compile("(?m)^ploy-staging-in=(dest|tmp)$");
  private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(5);

  /** Staged files (and older downloads) a later run may judge and remove. */
  static final String UPLOAD = ".ploy-upload-";

  static final String DOWNLOAD = ".ploy-download-";

  /** A small write's temporary file (AtomicWrite), named like the staged files. */
  static final String TEMPORARY = ".ploy-tmp-";

  private final String dir;
  private final String prefix;
  private final String token = UUID.randomUUID().toString();

  private Staging(String dir, String prefix) {
    this.dir = dir;
    this.prefix = prefix;
  }

  /** A staged file for an upload into {@code dest}'s directory. */
  static Staging upload(String dest) {
    return new Staging(directoryOf(dest), UPLOAD);
  }

  /** A staged file for a download into {@code dest}'s directory. */
  static Staging download(String dest) {
    return new Staging(directoryOf(dest), DOWNLOAD);
  }

  static String directoryOf(String path) {
    return path.contains("/") ? path.substring(0, Math.max(1, path.lastIndexOf('/'))) : ".";
  }

  String dir() {
    return dir;
  }

  /**
   * Shell lines that find the owner, remove stale staged files, and create this staged file empty
   * (mode 0600) as {@code $staged}. An upload's file is owned by the login user, so that a transfer
   * without become can fill it, and made in /tmp when running as root for a login user who cannot
   * reach the destination's directory; a download's is always beside the destination. The script
   * prints the owner and the place for {@link #staged}.
   */
  String prepareScript() {
    return String.join(
        "\n",
        "dir=" + ShellQuote.quote(dir),
        ownerLines(),
        "in=dest",
        "if "
            + (prefix.equals(UPLOAD) ? "" : "false && ")
            + "[ -n \"$login\" ] && [ \"$login\" != \"$(id -u)\" ] && [ \"$(id -u)\" = 0 ] &&"
            + " ! setpriv --reuid=\"$login\" --regid=\"$login_group\" --init-groups --"
            + " test -x \"$dir\" 2>/dev/null; then in=tmp; dir=/tmp; fi",
        sweepLines(),
        "staged=\"$dir/" + prefix + "$owner-" + token + "\"",
        "(umask 077; set -C; : > \"$staged\") || exit 1",
        prefix.equals(UPLOAD)
            ? "[ -z \"$login\" ] || chown -- \"$login\" \"$staged\" 2>/dev/null || true"
            : ":",
        "printf '\\nploy-staging-owner=%s\\nploy-staging-in=%s\\n' \"$owner\" \"$in\"");
  }

  /**
   * Shell lines that find the owner, remove the stale files of {@code $dir} and create {@code
   * $tmp}, a new empty file (mode 0600) in it named {@code .ploy-tmp-PID-START-TOKEN}: a write's
   * temporary file, removed by its script when it ends, and by a later write into the same
   * directory when the shell was killed first (kill -9, a dropped connection) and could not.
   */
  static String temporaryLines() {
    return String.join(
        "\n",
        ownerLines(),
        sweepLines(),
        "tmp=\"$dir/" + TEMPORARY + "$owner-" + UUID.randomUUID() + "\"",
        "(umask 077; set -C; : > \"$tmp\") || exit 1");
  }

  /** Where a staged file was made: its path, and whether it is beside the destination. */
  record Staged(String path, boolean besideDest) {}

  /**
   * The staged file, from the owner and place the prepare script printed (digits and a word; the
   * path itself is composed here).
   */
  Staged staged(String output) throws ModuleException {
    String owner = last(OWNER, output);
    String in = last(IN, output);
    if (owner == null || in == null) {
      throw new ModuleException("cannot stage a file in " + dir + ": " + output.strip());
    }
    boolean beside = in.equals("dest");
    String base = beside ? dir : "/tmp";
    return new Staged((base.equals("/") ? "" : base) + "/" + prefix + owner + "-" + token, beside);
  }

  private static String last(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    String found = null;
    while (matcher.find()) {
      found = matcher.group(1);
    }
    return found;
  }

  /**
   * Removes a staged file, best effort and bounded in time, even when the run is being stopped: a
   * SIGINT interrupts the task's thread while (or before) the upload fails, and an interrupted
   * thread's command would fail at once, so the interrupt is set aside while the file is removed
   * (within {@link #CLEANUP_LIMIT}, well inside the time an interrupted run has to end) and set
   * again afterwards. An interrupt that arrives during the removal is set aside once more and the
   * removal retried while time is left. What stays behind (the host is gone) is removed by the next
   * run that stages in this directory.
   */
  static void remove(Target target, String staged) {
    boolean interrupted = false;
    long end = System.nanoTime() + CLEANUP_LIMIT.toNanos();
    try {
      for (long left = CLEANUP_LIMIT.toNanos(); left > 0; left = end - System.nanoTime()) {
        interrupted |= Thread.interrupted();
        try {
          Command rm = Command.of("rm -f -- " + ShellQuote.quote(staged));
          if (target.run(rm.withTimeout(Duration.ofNanos(left))).ok()) {
            return;
          }
        } catch (ModuleException | RuntimeException e) {
          // the host is gone, or the removal was interrupted: try again while time is left
        }
        if (!Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Sets {@code owner} to PID-START of the process that owns this session on the target: the
   * nearest sshd (or sshd-session) above the shell, or else the controller's own process (a local
   * connection); {@code login} to that process's user id. 0-0 when neither is found (such files are
   * never judged stale).
   */
  private static String ownerLines() {
    long self = ProcessHandle.current().pid();
    return String.join(
        "\n",
        "ploy_start() { sed 's/^.*) //' \"/proc/$1/stat\" 2>/dev/null | cut -d' ' -f20; }",
        "ploy_parent() { sed 's/^.*) //' \"/proc/$1/stat\" 2>/dev/null | cut -d' ' -f2; }",
        "owner=0-0; login=; login_group=",
        "for ploy_want in sshd " + self + "; do",
        "  p=$(ploy_parent $$)",
        "  while [ -n \"$p\" ] && [ \"$p\" -gt 1 ]; do",
        "    c=$(cat \"/proc/$p/comm\" 2>/dev/null)",
        "    if [ \"$ploy_want\" = sshd ] && { [ \"$c\" = sshd ] || [ \"$c\" = sshd-session ]; }"
            + " || [ \"$p\" = \"$ploy_want\" ]; then",
        "      owner=\"$p-$(ploy_start \"$p\")\"; login=$(stat -c %u -- \"/proc/$p\")",
        "      login_group=$(stat -c %g -- \"/proc/$p\")",
        "      break 2",
        "    fi",
        "    p=$(ploy_parent \"$p\")",
        "  done",
        "done");
  }

  /** Removes the directory's staged and temporary files whose owner process has ended. */
  private static String sweepLines() {
    return String.join(
        "\n",
        "for f in \"$dir\"/"
            + UPLOAD
            + "*-*-* \"$dir\"/"
            + DOWNLOAD
            + "*-*-* \"$dir\"/"
            + TEMPORARY
            + "*-*-*; do",
        "  [ -f \"$f\" ] || continue",
        "  n=${f##*/}; n=${n#.ploy-*-}; pid=${n%%-*}; n=${n#*-}; start=${n%%-*}",
        "  case \"$pid$start\" in ''|*[!0-9]*) continue ;; esac",
        "  [ \"$pid\" != 0 ] || continue",
        "  [ \"$(ploy_start \"$pid\")\" = \"$start\" ] || rm -f -- \"$f\"",
        "done");
  }
}
