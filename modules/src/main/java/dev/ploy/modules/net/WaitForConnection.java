package dev.ploy.modules.net;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * wait_for_connection: waits until the host answers over ploy's own connection (a command run
 * through it, reconnecting as needed), as Ansible's action waits for its ping module. Skipped in
 * check mode, as Ansible's is.
 */
public final class WaitForConnection implements Module {
  private static final String WAITING = "waiting for the connection";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("wait_for_connection")
          .description(
              "Waits until the host can be reached and runs a command again (after a reboot, a"
                  + " network change, a new machine), trying every sleep seconds until timeout."
                  + " Returns elapsed (seconds). Skipped in check mode.")
          .arg(Arg.integer("connect_timeout", "Seconds one attempt may take.").defaultsTo(5L))
          .arg(Arg.integer("delay", "Seconds to wait before the first attempt.").defaultsTo(0L))
          .arg(Arg.integer("sleep", "Seconds to wait between attempts.").defaultsTo(1L))
          .arg(Arg.integer("timeout", "Seconds to wait in all before failing.").defaultsTo(600L))
          .example(
              "- name: Wait for the host to come back\n"
                  + "  ansible.builtin.wait_for_connection:\n"
                  + "    delay: 10\n"
                  + "    timeout: 300\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    long connectTimeout = args.integerAtLeast("connect_timeout", 1);
    long delay = args.integerAtLeast("delay", 0);
    long sleep = args.integerAtLeast("sleep", 0);
    long timeout = args.integerAtLeast("timeout", 0);
    return Plan.run(
        new LinkedHashMap<>(),
        on -> {
          Instant start = Instant.now();
          Waiting.pause(Duration.ofSeconds(delay), WAITING);
          Instant deadline = Instant.now().plusSeconds(timeout);
          String last = "no attempt was made within the timeout";
          while (Instant.now().isBefore(deadline)) {
            try {
              ExecResult answer =
                  on.run(Command.of("echo pong").withTimeout(Duration.ofSeconds(connectTimeout)));
              if (answer.ok() && answer.stdout().strip().equals("pong")) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("changed", false);
                result.put("elapsed", Duration.between(start, Instant.now()).toSeconds());
                return result;
              }
              last = "the test command failed: " + (answer.stderr() + answer.stdout()).strip();
            } catch (ModuleException unreachable) {
              last = unreachable.getMessage();
            }
            Waiting.pause(Duration.ofSeconds(sleep), WAITING);
          }
          throw new ModuleException(
              "timed out waiting for the connection: " + last,
              Map.of("elapsed", Duration.between(start, Instant.now()).toSeconds()));
        });
  }
}
