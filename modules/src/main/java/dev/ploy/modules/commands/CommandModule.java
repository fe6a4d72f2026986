package dev.ploy.modules.commands;

import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a program with its arguments, never through a shell: {@code $HOME}, pipes and {@code ;} in
 * the command are passed to the program as they are.
 */
public final class CommandModule implements Module {
  private static final ModuleSpec SPEC =
      Invocation.commonArgs(
              ModuleSpec.builder("command")
                  .description(
                      "Runs a command on the target without a shell (no variables, pipes or"
                          + " redirections; use shell for those). Reports changed unless"
                          + " creates/removes say it need not run; in check mode skipped, or changed"
                          + " when creates/removes say it would run.")
                  .arg(
                      Arg.str(
                          "cmd",
                          "The command line, split into words like a shell would. This or argv"
                              + " must be given (not both); the task fails when it runs"
                              + " otherwise, as in Ansible."))
                  .arg(
                      Arg.list("argv", "The command as a list of words, passed as they are.")
                          .elements(ArgType.STR))
                  .arg(
                      Arg.path(
                          "executable",
                          "Ignored, as by Ansible since 2.4: command runs no shell (use shell for"
                              + " that); setting it draws Ansible's warning."))
                  .freeForm("cmd")
                  .example(
                      "- name: Apply the database migrations\n"
                          + "  ansible.builtin.command:\n"
                          + "    cmd: ./manage.py migrate --noinput\n"
                          + "    chdir: /srv/app\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Invocation.checkGiven(args);
    List<String> argv;
    if (args.has("argv") && !args.strings("argv").isEmpty()) {
      argv = args.strings("argv");
    } else {
      try {
        argv = ShellWords.split(args.str("cmd"));
      } catch (IllegalArgumentException e) {
        throw new ModuleException(e.getMessage());
      }
    }
    if (argv.isEmpty()) {
      throw new ModuleException("no command given");
    }
    Plan plan = Invocation.plan(target, args, ShellQuote.join(argv), argv);
    if (!args.has("executable")) {
      return plan;
    }
    Map<String, Object> result = new LinkedHashMap<>(plan.result());
    result.put(
        "warnings",
        List.of(
            "As of Ansible 2.4, the parameter 'executable' is no longer supported with the"
                + " 'command' module. Not using '"
                + args.str("executable")
                + "'."));
    return plan.withResult(result);
  }
}
