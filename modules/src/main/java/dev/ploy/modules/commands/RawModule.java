package dev.ploy.modules.commands;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.module.Arg;
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
 * Sends a command line to the target's shell as it is: nothing is checked, probed or quoted, which
 * is what bootstrapping a bare host needs. Always reports changed; skipped in check mode.
 */
public final class RawModule implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("raw")
          .description(
              "Runs a command line through the target's shell exactly as written (no probing,"
                  + " no guards): for bootstrapping hosts. Always changed; skipped in check mode.")
          .arg(Arg.str("free_form", "The command line, passed to the shell as it is.").required())
          .arg(
              Arg.path(
                  "executable",
                  "The shell that runs the command instead of /bin/sh, e.g. /bin/bash."))
          .freeForm("free_form")
          .example(
              "- name: Make sure the host can be managed\n"
                  + "  ansible.builtin.raw: test -x /usr/bin/sudo || (apt-get update && apt-get"
                  + " install -y sudo)\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String line = args.str("free_form");
    String script = line;
    if (args.has("executable")) {
      List<String> shell;
      try {
        shell = ShellWords.split(args.str("executable"));
      } catch (IllegalArgumentException e) {
        throw new ModuleException("executable: " + e.getMessage());
      }
      if (shell.isEmpty()) {
        throw new ModuleException("executable is empty; give a shell such as /bin/bash");
      }
      script = ShellQuote.join(shell) + " -c " + ShellQuote.quote(line);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cmd", line);
    Command command = Command.of(script);
    return Plan.run(result, on -> Outcome.of(line, on.run(command), false));
  }
}
