package dev.ploy.modules.commands;

import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;

/** Runs a command line through /bin/sh (or another shell), with pipes and redirections. */
public final class ShellModule implements Module {
  private static final ModuleSpec SPEC =
      Invocation.commonArgs(
              ModuleSpec.builder("shell")
                  .description(
                      "Runs a command line through /bin/sh on the target: pipes, redirections and"
                          + " variables work. Reports changed unless creates/removes say it need"
                          + " not run; in check mode skipped, or changed"
                          + " when creates/removes say it would run.")
                  .arg(
                      Arg.str(
                          "cmd",
                          "The shell command line; without it the task fails when it runs, as in"
                              + " Ansible."))
                  .arg(
                      Arg.path(
                          "executable", "The shell to use instead of /bin/sh, e.g. /bin/bash."))
                  .freeForm("cmd")
                  .example(
                      "- name: Alert when the disk is almost full\n"
                          + "  ansible.builtin.shell: df -P / | awk 'NR==2 {print $5}'\n"
                          + "  register: disk\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Invocation.checkGiven(args);
    String cmd = args.str("cmd");
    String script =
        args.has("executable")
            ? ShellQuote.join(args.str("executable"), "-c", cmd)
            : "( " + cmd + "\n)";
    return Invocation.plan(target, args, script, cmd);
  }
}
