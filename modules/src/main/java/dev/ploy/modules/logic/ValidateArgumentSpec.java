package dev.ploy.modules.logic;

import dev.ploy.module.Arg;
import dev.ploy.module.ArgChecker;
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
 * validate_argument_spec: checks values against an argument spec, as the task Ansible puts first in
 * a role whose meta/argument_specs.yml describes its entry point. The values are those given
 * (provided_arguments, a role's parameters) over the variables named in the spec.
 */
public final class ValidateArgumentSpec implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("validate_argument_spec")
          .description(
              "Fails unless the variables an argument spec names (and the arguments given) are of"
                  + " its types and choices, and its required ones are set.")
          .arg(
              Arg.dict("argument_spec", "The options: name -> type, required, choices.").required())
          .arg(
              Arg.dict("provided_arguments", "Values that take precedence over the variables.")
                  .defaultsTo(Map.of()))
          .arg(Arg.raw("validate_args_context", "Where the spec comes from, shown in the result."))
          .example(
              "- ansible.builtin.validate_argument_spec:\n    argument_spec:\n      port: {type: int, required: true}")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Map<?, ?> options = (Map<?, ?>) args.get("argument_spec");
    ModuleSpec.Builder checked = ModuleSpec.builder("validate_argument_spec");
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : options.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Map<?, ?> option = entry.getValue() instanceof Map<?, ?> m ? m : Map.of();
      checked.arg(arg(name, option));
      if (target.vars().containsKey(name)) {
        values.put(name, target.evaluate(name));
      }
    }
    Map<?, ?> provided = (Map<?, ?>) args.get("provided_arguments");
    provided.forEach((name, value) -> values.put(String.valueOf(name), value));
    List<String> problems = ArgChecker.problems(checked.build(), values);
    Map<String, Object> result = new LinkedHashMap<>();
    if (args.get("validate_args_context") != null) {
      result.put("validate_args_context", args.get("validate_args_context"));
    }
    if (!problems.isEmpty()) {
      result.put("argument_errors", problems);
      throw new ModuleException(
          "Validation of arguments failed:\n" + String.join("\n", problems), result);
    }
    result.put("msg", "The arg spec validation passed");
    return Plan.ok(result);
  }

  /**
   * One option as Ansible's ArgumentSpecValidator reads it: bool, int, float, list and dict are
   * checked; text (str, path, the default) accepts any value, which Ansible turns into text.
   */
  private static Arg arg(String name, Map<?, ?> option) {
    ArgType type =
        switch (String.valueOf(option.get("type"))) {
          case "bool" -> ArgType.BOOL;
          case "int" -> ArgType.INT;
          case "float" -> ArgType.FLOAT;
          case "list" -> ArgType.LIST;
          case "dict" -> ArgType.DICT;
          default -> ArgType.RAW;
        };
    Arg arg = Arg.of(name, type, "");
    if (Boolean.TRUE.equals(option.get("required"))) {
      arg = arg.required();
    }
    if (option.get("choices") instanceof List<?> choices && type != ArgType.LIST) {
      arg = arg.choices(choices.stream().map(String::valueOf).toArray(String[]::new));
    }
    return arg;
  }
}
