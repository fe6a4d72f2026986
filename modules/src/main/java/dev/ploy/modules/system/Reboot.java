package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.net.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reboots the target and waits until it is back: the boot marker read before the reboot must
 * change, then the test command must succeed. The connection drops during the reboot and is opened
 * again by the first command that follows, so the next tasks run on the rebooted host.
 */
public final class Reboot implements Module {
  /**
   * The kernel's boot id, and the start time of PID 1: the first changes when a machine boots, the
   * second also when a container is restarted by its engine (its kernel keeps running).
   */
  private static final String BOOT_MARKER =
      "cat /proc/sys/kernel/random/boot_id && sed 's/.*) //' /proc/1/stat | cut -d' ' -f20";

  /** How long one attempt to reach the host while it reboots may take, unless connect_timeout. */
  private static final Duration ATTEMPT = Duration.ofSeconds(20);

  private static final Duration PAUSE = Duration.ofSeconds(1);
  private static final String WAITING = "waiting for the host to reboot";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("reboot")
          .description(
              "Reboots the target, waits until it has booted again (a new boot marker) and"
                  + " answers the test command, then goes on with the next tasks over a new"
                  + " connection. Always reports changed; check mode reports the reboot without"
                  + " doing it. Needs root (become). Use it with when: or as a handler.")
          .arg(
              Arg.integer(
                      "pre_reboot_delay",
                      "Seconds before the reboot, passed to shutdown in whole minutes (rounded"
                          + " down, as Ansible does: under 60 means now). A delay of a minute or"
                          + " more needs systemd-logind on the target.")
                  .defaultsTo(0))
          .arg(
              Arg.integer(
                      "post_reboot_delay",
                      "Seconds to wait once the host answers again, for services that start"
                          + " late.")
                  .defaultsTo(0))
          .arg(
              Arg.integer(
                      "reboot_timeout",
                      "Seconds the host has to come back (booted again and the test command"
                          + " succeeding) before the task fails.")
                  .defaultsTo(600))
          .arg(
              Arg.integer(
                  "connect_timeout",
                  "Seconds one attempt to reach the host while it reboots may take before the"
                      + " next attempt (default 20)."))
          .arg(
              Arg.str(
                      "test_command",
                      "A command that must succeed on the rebooted host before the task ends"
                          + " (run through the shell).")
                  .defaultsTo("whoami"))
          .arg(
              Arg.str("msg", "The message shutdown sends to logged-in users.")
                  .defaultsTo("Reboot initiated by ploy"))
          .arg(
              Arg.list("search_paths", "Directories searched for shutdown (and reboot_command).")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of("/sbin", "/bin", "/usr/sbin", "/usr/bin", "/usr/local/sbin")))
          .arg(
              Arg.str(
                  "boot_time_command",
                  "A command whose output changes with every boot. Default: the kernel's boot id"
                      + " and the start time of PID 1 (so a container restarted by its engine"
                      + " counts as rebooted)."))
          .arg(
              Arg.str(
                  "reboot_command",
                  "The command that reboots, with its arguments, instead of shutdown -r (then"
                      + " pre_reboot_delay and msg are not used). A name without a / is looked"
                      + " up in search_paths. Its words are quoted: no shell syntax."))
          .example(
              "- name: Reboot when an upgrade asks for it\n"
                  + "  ansible.builtin.reboot:\n"
                  + "    reboot_timeout: 300\n"
                  + "  when: reboot_required.stat.exists\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    long timeout = args.integerAtLeast("reboot_timeout", 0);
    long preDelay = args.integerAtLeast("pre_reboot_delay", 0);
    long postDelay = args.integerAtLeast("post_reboot_delay", 0);
    Duration attempt = args.optInt("connect_timeout").map(Duration::ofSeconds).orElse(ATTEMPT);
    String markerCommand = args.optStr("boot_time_command").orElse(BOOT_MARKER);
    List<String> rebootWords = rebootWords(args);
    List<String> searchPaths = args.strings("search_paths");

    StringBuilder probe = new StringBuilder("echo @@marker; ( ").append(markerCommand);
    probe.append(" ) 2>&1; echo @@rc; echo $?; echo @@program");
    probe
        .append("; for d in ")
        .append(ShellQuote.join(searchPaths))
        .append("; do if [ -x \"$d\"/")
        .append(ShellQuote.quote(rebootWords.get(0)))
        .append(" ]; then echo \"$d\"/")
        .append(ShellQuote.quote(rebootWords.get(0)))
        .append("; break; fi; done; echo @@end");
    Sections state = Sections.parse(target.run(Command.of(probe.toString())).stdout());
    String before = String.join("\n", state.lines("marker")).strip();
    if (!state.first("rc").equals("0") || before.isEmpty()) {
      throw new ModuleException(
          "cannot read the boot marker with '" + markerCommand + "': " + before);
    }
    List<String> command = new ArrayList<>(rebootWords);
    if (!command.get(0).contains("/")) {
      String found = state.first("program");
      if (found.isEmpty()) {
        throw new ModuleException(
            command.get(0)
                + " is not in any of the search_paths ("
                + String.join(", ", searchPaths)
                + "); give its directory in search_paths or a full path in reboot_command");
      }
      command.set(0, found);
    }
    if (args.optStr("reboot_command").isEmpty()) {
      long minutes = preDelay / 60;
      // "--": a message like --help is the wall message, not an option of shutdown
      command.addAll(List.of("-r", "--", minutes == 0 ? "now" : "+" + minutes, args.str("msg")));
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rebooted", true);
    result.put("elapsed", 0);
    Diff diff =
        Diff.property(
            "reboot",
            "boot",
            before.replace('\n', ' '),
            "a new one, after " + ShellQuote.join(command));
    return Plan.change(
        List.of(diff),
        result,
        on -> {
          Instant start = Instant.now();
          Instant deadline = start.plusSeconds(timeout);
          startReboot(on, command);
          awaitNewBoot(on, markerCommand, before, attempt, deadline, timeout);
          awaitTestCommand(on, args.str("test_command"), attempt, deadline, timeout);
          Waiting.pause(Duration.ofSeconds(postDelay), WAITING);
          return Map.of(
              "rebooted", true, "elapsed", Duration.between(start, Instant.now()).toSeconds());
        });
  }

  private static List<String> rebootWords(Args args) throws ModuleException {
    if (args.optStr("reboot_command").isEmpty()) {
      return List.of("shutdown");
    }
    try {
      List<String> words = ShellWords.split(args.str("reboot_command"));
      if (words.isEmpty()) {
        throw new ModuleException("reboot_command is empty");
      }
      return words;
    } catch (IllegalArgumentException e) {
      throw new ModuleException("reboot_command: " + e.getMessage());
    }
  }

  /**
   * Runs the reboot command. The host may go down before the command's exit status comes back: a
   * connection lost here means the reboot has begun.
   */
  private static void startReboot(Target on, List<String> command) throws ModuleException {
    ExecResult result;
    try {
      result = on.run(Command.argv(command));
    } catch (ModuleException lost) {
      return;
    }
    if (!result.ok()) {
      throw ModuleException.commandFailedWithOutput(
          "the reboot command failed ("
              + result.rc()
              + "): "
              + (result.stderr() + result.stdout()).strip(),
          result);
    }
  }

  /** Reads the boot marker until it differs from the one before the reboot. */
  private static void awaitNewBoot(
      Target on,
      String markerCommand,
      String before,
      Duration attempt,
      Instant deadline,
      long timeout)
      throws ModuleException {
    String last = "the host still reported the boot it had before";
    while (true) {
      try {
        ExecResult marker = on.run(Command.of(markerCommand).withTimeout(attempt));
        String now = marker.stdout().strip();
        if (marker.ok() && !now.isEmpty() && !now.equals(before)) {
          return;
        }
        if (!marker.ok()) {
          last = "the boot marker command failed: " + (marker.stderr() + marker.stdout()).strip();
        }
      } catch (ModuleException unreachable) {
        last = unreachable.getMessage();
      }
      pauseBefore(deadline, timeout, "to boot again", last);
    }
  }

  /** Runs the test command until it succeeds. */
  private static void awaitTestCommand(
      Target on, String test, Duration attempt, Instant deadline, long timeout)
      throws ModuleException {
    while (true) {
      String last;
      try {
        ExecResult result = on.run(Command.of(test).withTimeout(attempt));
        if (result.ok()) {
          return;
        }
        last =
            "test command '"
                + test
                + "' failed ("
                + result.rc()
                + "): "
                + (result.stderr() + result.stdout()).strip();
      } catch (ModuleException unreachable) {
        last = unreachable.getMessage();
      }
      pauseBefore(deadline, timeout, "to pass the test command after rebooting", last);
    }
  }

  private static void pauseBefore(Instant deadline, long timeout, String what, String last)
      throws ModuleException {
    if (!Instant.now().plus(PAUSE).isBefore(deadline)) {
      throw new ModuleException(
          "the host did not come back within reboot_timeout ("
              + timeout
              + " s) "
              + what
              + ": "
              + last);
    }
    Waiting.pause(PAUSE, WAITING);
  }
}
