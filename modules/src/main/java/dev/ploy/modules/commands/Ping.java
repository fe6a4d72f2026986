package dev.ploy.modules.commands;

import dev.ploy.connection.Command;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.Map;

/** Checks that a host answers and can run a shell command (with become, when the task asks). */
public final class Ping implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("ping")
          .description(
              "Checks that the host is reachable and runs /bin/sh commands; returns 'pong'. Never"
                  + " changes anything.")
          .arg(
              Arg.str("data", "The value returned in 'ping'; 'crash' makes the task fail.")
                  .defaultsTo("pong"))
          .example("- name: Check the hosts answer\n  ansible.builtin.ping:\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String data = args.str("data");
    if (data.equals("crash")) {
      // the failure of a module that raised, as Ansible reports its ping's Exception('boom')
      throw new ModuleException(
          "MODULE FAILURE\nSee stdout/stderr for the exact error",
          Map.of("module_stdout", "", "module_stderr", "Exception: boom\n", "rc", 1));
    }
    var answer = target.run(Command.of("echo pong"));
    if (!answer.ok() || !answer.stdout().strip().equals("pong")) {
      throw new ModuleException(
          "the host did not answer: rc=" + answer.rc() + " " + answer.stderr().strip());
    }
    return Plan.ok(Map.of("ping", data));
  }
}
