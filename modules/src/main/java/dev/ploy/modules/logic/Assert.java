package dev.ploy.modules.logic;

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

/** assert: fails the host unless every condition holds. */
public final class Assert implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("assert")
          .description(
              "Checks that conditions hold (expressions as in when:) and fails the host otherwise.")
          .arg(
              // raw, not list: one condition written as a string is one condition, commas and
              // all, as Ansible's assert reads it (a module's list would be split on commas)
              Arg.raw("that", "The conditions (one, or a list); all must be true.").required())
          .arg(Arg.raw("fail_msg", "The message when a condition is false.").aliases("msg"))
          .arg(
              Arg.raw("success_msg", "The message when all hold.")
                  .defaultsTo("All assertions passed"))
          .arg(Arg.bool("quiet", "Print less on success.").defaultsTo(false))
          .example(
              "- ansible.builtin.assert:\n    that:\n      - ansible_distribution == 'Debian'\n      - ansible_memtotal_mb >= 512\n    fail_msg: this role needs Debian with 512 MB")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Object that = args.get("that");
    List<?> conditions = that instanceof List<?> list ? list : List.of(that);
    // as Ansible's assert, the result is printed, passed or failed, unless quiet: true
    boolean shown = !args.bool("quiet");
    for (Object written : conditions) {
      String condition = String.valueOf(written);
      if (!target.condition(condition)) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (shown) {
          result.put(Plan.VERBOSE_ALWAYS, true);
        }
        result.put("assertion", condition);
        result.put("evaluated_to", false);
        Object message = args.get("fail_msg");
        throw new ModuleException(
            message == null ? "Assertion failed" : String.valueOf(message), result);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    if (shown) {
      result.put(Plan.VERBOSE_ALWAYS, true);
    }
    result.put("msg", args.get("success_msg"));
    return Plan.ok(result);
  }
}
