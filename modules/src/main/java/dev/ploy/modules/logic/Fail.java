package dev.ploy.modules.logic;

import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;

/** fail: fails the host with a message (usually under a when:). */
public final class Fail implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("fail")
          .description("Fails the host with a message; use it with when: to stop on a condition.")
          .arg(Arg.raw("msg", "The failure message.").defaultsTo("Failed as requested from task"))
          .example(
              "- ansible.builtin.fail:\n    msg: \"db_password must be set\"\n  when: db_password is undefined")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    throw new ModuleException(String.valueOf(args.get("msg")));
  }
}
