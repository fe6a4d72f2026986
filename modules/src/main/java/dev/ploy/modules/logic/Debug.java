package dev.ploy.modules.logic;

import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import java.util.LinkedHashMap;
import java.util.Map;

/** debug: prints a message or a variable's value; touches no host. */
public final class Debug implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("debug")
          .description(
              "Prints a message or the value of a variable or expression. Changes nothing.")
          .arg(Arg.raw("msg", "The message to print (any value).").defaultsTo("Hello world!"))
          .arg(
              Arg.str(
                  "var", "A variable name or expression whose value is printed, without {{ }}."))
          .arg(
              Arg.integer("verbosity", "Print only when ploy runs with at least this many -v.")
                  .defaultsTo(0))
          .mutuallyExclusive("msg", "var")
          .example(
              "- name: Show the address\n  ansible.builtin.debug:\n    msg: \"{{ inventory_hostname }} is {{ ansible_default_ipv4.address }}\"")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(dev.ploy.module.Target target, Args args) throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    long verbosity = args.optInt("verbosity").orElse(0L);
    Object level = target.vars().get("ansible_verbosity");
    if (level instanceof Number n && n.longValue() < verbosity) {
      // as Ansible's debug: the task is skipped (counted so, and 'is skipped')
      result.put("skipped_reason", "Verbosity threshold not met.");
      result.put("skipped", true);
      return Plan.ok(result);
    }
    if (args.has("var")) {
      String var = args.str("var");
      Object value;
      try {
        value = target.evaluate(var);
      } catch (ModuleException e) {
        value = "VARIABLE IS NOT DEFINED!";
      }
      result.put(var, value);
    } else {
      result.put("msg", args.get("msg"));
    }
    return Plan.ok(result);
  }
}
