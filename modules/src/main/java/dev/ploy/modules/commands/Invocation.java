package dev.ploy.modules.commands;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What command and shell share: the creates/removes guards (probed before anything runs, so check
 * mode knows whether the command would run), chdir, stdin, and Ansible's result keys.
 */
final class Invocation {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private Invocation() {}

  static ModuleSpec.Builder commonArgs(ModuleSpec.Builder builder) {
    return builder
        .arg(Arg.path("chdir", "Change into this directory before running the command."))
        .arg(
            Arg.path(
                "creates", "A path or glob; when it already exists the command does not run (ok)."))
        .arg(
            Arg.path(
                "removes", "A path or glob; when it does not exist the command does not run (ok)."))
        .arg(Arg.str("stdin", "Text sent to the command's standard input."))
        .arg(Arg.bool("stdin_add_newline", "Add a newline after the stdin text.").defaultsTo(true))
        .arg(
            Arg.bool(
                    "strip_empty_ends",
                    "Strip trailing newlines from stdout and stderr in the result.")
                .defaultsTo(true));
  }

  /**
   * The failure of a task that gives no command, or both forms of it: checked when the task runs,
   * with Ansible's result (rc 256, no command, no output), as Ansible's command module checks it.
   */
  static void checkGiven(Args args) throws ModuleException {
    boolean line = args.has("cmd") && !args.str("cmd").isBlank();
    boolean argv =
        args.spec().arg("argv").isPresent() && args.has("argv") && !args.strings("argv").isEmpty();
    if (!line && !argv) {
      throw refused("no command given");
    }
    if (line && argv) {
      throw refused("only command or argv can be given, not both");
    }
  }

  private static ModuleException refused(String message) {
    return new ModuleException(message, notRun(null, 256));
  }

  /** The result keys of a command that never ran, as Ansible's command module reports them. */
  private static Map<String, Object> notRun(Object cmd, Integer rc) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cmd", cmd);
    result.put("rc", rc);
    result.put("stdout", "");
    result.put("stderr", "");
    result.put("stdout_lines", List.of());
    result.put("stderr_lines", List.of());
    result.put("start", null);
    result.put("end", null);
    result.put("delta", null);
    return result;
  }

  /**
   * Plans running {@code script}: ok without running when a creates/removes guard says so; a run
   * that check mode reports changed when a guard says it would run, and skips otherwise (a
   * command's effect cannot be predicted).
   */
  static Plan plan(Target target, Args args, String script, Object cmd) throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cmd", cmd);
    Guard guard = guard(target, args);
    if (guard != null) {
      // Ansible's result of a command its guard kept from running
      result.put("rc", 0);
      result.put("stdout", "skipped, since " + guard.path() + " " + guard.state());
      result.put("stdout_lines", List.of(result.get("stdout")));
      result.put("stderr", "");
      result.put("stderr_lines", List.of());
      result.put("start", null);
      result.put("end", null);
      result.put("delta", null);
      result.put("msg", "Did not run command since '" + guard.path() + "' " + guard.state());
      return Plan.ok(result);
    }
    String line = args.has("chdir") ? chdirLine(args.str("chdir")) + "\n" + script : script;
    // what Ansible's command module reports in check mode; a real run replaces every key
    result.put("rc", 0);
    result.put("stdout", "");
    result.put("stdout_lines", List.of());
    result.put("stderr", "");
    result.put("stderr_lines", List.of());
    result.put("start", null);
    result.put("end", null);
    result.put("delta", null);
    result.put("msg", "Command would have run if not in check mode");
    if (args.has("creates") || args.has("removes")) {
      // its guard says it would run: check mode reports it changed, not skipped, as Ansible's
      return Plan.change(List.of(), result, on -> run(on, args, line, cmd));
    }
    return Plan.run(result, on -> run(on, args, line, cmd));
  }

  private static Map<String, Object> run(Target target, Args args, String line, Object cmd)
      throws ModuleException {
    Command command = Command.of(line);
    if (args.has("stdin")) {
      String input = args.str("stdin") + (args.bool("stdin_add_newline") ? "\n" : "");
      command = command.withStdin(input);
    }
    LocalDateTime start = LocalDateTime.now();
    ExecResult executed = target.run(command);
    LocalDateTime end = LocalDateTime.now();
    if (executed.rc() == NO_CHDIR && executed.stderr().startsWith(NO_CHDIR_MARK)) {
      throw noChdir(args.str("chdir"), executed.stderr().substring(NO_CHDIR_MARK.length()), cmd);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("changed", true);
    result.put("cmd", cmd);
    result.put("rc", executed.rc());
    boolean strip = args.bool("strip_empty_ends");
    String stdout = strip ? stripEnd(executed.stdout()) : executed.stdout();
    String stderr = strip ? stripEnd(executed.stderr()) : executed.stderr();
    result.put("stdout", stdout);
    result.put("stderr", stderr);
    result.put("stdout_lines", executed.stdoutLines());
    result.put("stderr_lines", executed.stderrLines());
    result.put("start", STAMP.format(start));
    result.put("end", STAMP.format(end));
    result.put("delta", delta(Duration.between(start, end)));
    result.put("msg", "");
    if (executed.rc() != 0) {
      result.put("msg", "non-zero return code");
      throw new ModuleException("non-zero return code", result);
    }
    return result;
  }

  /** The exit code and stderr mark of a chdir that failed before the command ran. */
  private static final int NO_CHDIR = 200;

  private static final String NO_CHDIR_MARK = "ploy-chdir-failed ";

  /**
   * Changes into {@code dir}, or says why it cannot in Python's words (Ansible's os.chdir) after
   * {@link #NO_CHDIR_MARK}, and exits {@link #NO_CHDIR} before the command runs.
   */
  static String chdirLine(String dir) {
    String quoted = ShellQuote.quote(dir);
    // -P: into the directory itself, links resolved, as Python's os.chdir (so $PWD is physical)
    return "cd -P -- "
        + quoted
        + " 2>/dev/null || { if [ ! -e "
        + quoted
        + " ]; then r='[Errno 2] No such file or directory'; elif [ ! -d "
        + quoted
        + " ]; then r='[Errno 20] Not a directory'; else r='[Errno 13] Permission denied'; fi;"
        + " printf '"
        + NO_CHDIR_MARK
        + "%s\\n' \"$r\" >&2; exit "
        + NO_CHDIR
        + "; }";
  }

  private static ModuleException noChdir(String dir, String reason, Object cmd) {
    return new ModuleException(
        "Unable to change directory before execution: " + reason.strip() + ": b'" + dir + "'",
        notRun(cmd, null));
  }

  /**
   * Why script's creates/removes guard keeps it from running, as Ansible's script action says it
   * ({@code /srv/x exists, matching creates option}); empty when the script is to run.
   */
  static Optional<String> scriptKept(Target target, Args args) throws ModuleException {
    Guard guard = guard(target, args);
    return guard == null
        ? Optional.empty()
        : Optional.of(
            guard.path() + " " + guard.state() + ", matching " + guard.option() + " option");
  }

  /**
   * Why a guard keeps the command from running: the option (creates, removes), its path and
   * "exists" or "does not exist".
   */
  private record Guard(String option, String path, String state) {}

  /** The reason not to run, or null: one round trip answers both guards. */
  private static Guard guard(Target target, Args args) throws ModuleException {
    if (!args.has("creates") && !args.has("removes")) {
      return null;
    }
    StringBuilder probe = new StringBuilder();
    String base =
        args.has("chdir")
            ? "cd -P -- " + ShellQuote.quote(args.str("chdir")) + " 2>/dev/null; "
            : "";
    probe.append(base);
    if (args.has("creates")) {
      probe.append("for f in ").append(quoteGlob(args.str("creates")));
      probe.append("; do [ -e \"$f\" ] && echo creates && break; done; ");
    }
    if (args.has("removes")) {
      probe.append("found=; for f in ").append(quoteGlob(args.str("removes")));
      probe.append(
          "; do [ -e \"$f\" ] && found=1 && break; done; [ -z \"$found\" ] && echo removes; ");
    }
    probe.append("true");
    String out = target.run(Command.of(probe.toString())).stdout();
    if (out.contains("creates")) {
      return new Guard("creates", args.str("creates"), "exists");
    }
    if (out.contains("removes")) {
      return new Guard("removes", args.str("removes"), "does not exist");
    }
    return null;
  }

  /**
   * Quotes a path but leaves its glob characters active, so {@code /var/log/*.gz} matches files
   * while nothing else in it can be interpreted by the shell.
   */
  static String quoteGlob(String pattern) {
    StringBuilder quoted = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          quoted.append(ShellQuote.quote(literal.toString()));
          literal.setLength(0);
        }
        quoted.append(c);
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0 || quoted.length() == 0) {
      quoted.append(ShellQuote.quote(literal.toString()));
    }
    return quoted.toString();
  }

  private static String stripEnd(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  private static String delta(Duration duration) {
    long micros = duration.toNanos() / 1000;
    long seconds = micros / 1_000_000;
    return String.format(
        "%d:%02d:%02d.%06d", seconds / 3600, (seconds / 60) % 60, seconds % 60, micros % 1_000_000);
  }
}
