package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exclusive lock ({@code flock}) every ploy write takes on the destination's directory around
 * its final check and rename. A write script takes it for itself ({@link #takeLines}); an edit that
 * lost a race holds it across several commands ({@link #hold}) — read, edit in memory, write — so
 * that its next attempt cannot lose again to another ploy run.
 *
 * <p>A held lock lives in a background process on the target that ends by itself after {@link
 * #HOLD_SECONDS}, so a controller that dies while holding it blocks other writers only that long.
 */
final class DirectoryLock {
  /** How long a write waits for the lock. */
  static final int WAIT_SECONDS = 60;

  /** How long a held lock lasts at most. */
  static final int HOLD_SECONDS = 30;

  /** flock's exit code when the wait timed out (any other failure: the filesystem cannot lock). */
  private static final int TIMED_OUT = 75;

  private static final Pattern HOLDER = Pattern.compile("(?m)^ploy-lock-holder=(\\d+)$");
  private static final Duration RELEASE_LIMIT = Duration.ofSeconds(30);

  private final String dir;
  private final String pid;

  private DirectoryLock(String dir, String pid) {
    this.dir = dir;
    this.pid = pid;
  }

  /**
   * Shell lines that take the lock on {@code $dir} until the script ends. Without flock, when the
   * directory cannot be opened for reading, or on a filesystem that cannot lock it, the script goes
   * on unlocked.
   */
  static String takeLines() {
    return "if command -v flock >/dev/null 2>&1 && (exec 9<\"$dir\") 2>/dev/null; then"
        + " exec 9<\"$dir\"; flock -x -w "
        + WAIT_SECONDS
        + " -E "
        + TIMED_OUT
        + " 9 2>/dev/null; [ $? != "
        + TIMED_OUT
        + " ] || { echo \"timed out waiting for another write in $dir\" >&2; exit 1; }; fi";
  }

  /** The directory this lock holds. */
  String dir() {
    return dir;
  }

  /** Takes the lock on {@code dir} and keeps it until {@link #release} (or HOLD_SECONDS). */
  static DirectoryLock hold(Target target, String dir) throws ModuleException {
    String script =
        String.join(
            "\n",
            "dir=" + ShellQuote.quote(dir),
            "if ! command -v flock >/dev/null 2>&1 || ! (exec 9<\"$dir\") 2>/dev/null; then"
                + " echo ploy-lock-holder=0; exit 0; fi",
            "nohup sh -c 'exec 9<\"$1\" && flock -x -w "
                + WAIT_SECONDS
                + " -E "
                + TIMED_OUT
                + " 9 && exec sleep "
                + HOLD_SECONDS
                + "' ploy-lock \"$dir\" </dev/null >/dev/null 2>&1 &",
            "pid=$!; i=0",
            "until [ \"$(cat \"/proc/$pid/comm\" 2>/dev/null)\" = sleep ]; do",
            "  case \"$(sed 's/^.*) //' \"/proc/$pid/stat\" 2>/dev/null | cut -c1)\" in",
            "    ''|Z)",
            "      wait $pid",
            "      [ $? != "
                + TIMED_OUT
                + " ] || { echo \"timed out waiting for another write in $dir\" >&2; exit 1; }",
            "      echo ploy-lock-holder=0; exit 0 ;;  # flock does not work here: unlocked",
            "  esac",
            "  i=$((i + 1)); [ $i -lt " + (WAIT_SECONDS * 100 + 500) + " ] || exit 1",
            "  sleep 0.01",
            "done",
            "echo \"ploy-lock-holder=$pid\"");
    ExecResult done = target.run(Command.of(script));
    Matcher holder = HOLDER.matcher(done.stdout());
    if (!done.ok() || !holder.find()) {
      throw ModuleException.commandFailed(
          "could not lock " + dir + ": " + done.stderr().strip(), done);
    }
    return new DirectoryLock(dir, holder.group(1));
  }

  /** Whether writes in this directory are locked by this holder (no flock: nothing is). */
  boolean held() {
    return !pid.equals("0");
  }

  /** Ends the holder, best effort and bounded in time; it ends by itself otherwise. */
  void release(Target target) {
    if (!held()) {
      return;
    }
    String script =
        "[ \"$(cat /proc/" + pid + "/comm 2>/dev/null)\" != sleep ] || kill " + pid + " || true";
    try {
      target.run(Command.of(script).withTimeout(RELEASE_LIMIT));
    } catch (ModuleException | RuntimeException e) {
      // the holder's sleep ends it
    }
  }
}
