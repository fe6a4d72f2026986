package dev.ploy.module;

import java.util.Collection;

/**
 * Documentation generated from what modules declare: {@code ploy doc MODULE} and docs/modules.md
 * come from here, so they can never disagree with the argument checks.
 */
public final class ModuleDocs {
  private ModuleDocs() {}

  private static final String NOT_HONOURED =
      "Accepted for Ansible compatibility, not honoured by ploy: setting it prints a warning.";

  /** The text {@code ploy doc NAME} prints. */
  public static String text(ModuleSpec spec) {
    StringBuilder out = new StringBuilder();
    out.append(spec.name());
    if (!spec.aliases().isEmpty()) {
      out.append(" (also: ").append(String.join(", ", spec.aliases())).append(')');
    }
    out.append("\n\n").append(spec.description()).append("\n\nArguments:\n");
    for (Arg arg : spec.args()) {
      out.append("  ").append(arg.name());
      out.append(" (").append(typeOf(arg));
      if (arg.isRequired()) {
        out.append(", required");
      }
      if (arg.defaultValue() != null) {
        out.append(", default ").append(arg.defaultValue());
      }
      out.append(")\n      ").append(arg.description());
      if (!spec.honours(arg)) {
        out.append(' ').append(NOT_HONOURED);
      }
      if (!arg.choices().isEmpty()) {
        out.append(" Choices: ").append(String.join(", ", arg.choices())).append('.');
      }
      if (!arg.aliases().isEmpty()) {
        out.append(" Aliases: ").append(String.join(", ", arg.aliases())).append('.');
      }
      out.append('\n');
    }
    constraints(spec, out, "  ");
    if (!spec.example().isBlank()) {
      out.append("\nExample:\n");
      spec.example().lines().forEach(line -> out.append("  ").append(line).append('\n'));
    }
    return out.toString();
  }

  /** docs/modules.md: every module, its arguments in a table, and an example. */
  public static String markdown(Collection<Module> modules) {
    StringBuilder out = new StringBuilder();
    out.append("# Module reference\n\n");
    out.append(
        "Generated from each module's declared arguments by `ploy doc --markdown`; do not edit by hand.\n");
    out.append(
        "Every module is also reachable as `ansible.builtin.NAME` and `ansible.legacy.NAME`, and"
            + " by its collection's name (`community.general.NAME`, `ansible.posix.NAME`,"
            + " `community.crypto.NAME`, `community.docker.NAME`, `community.postgresql.NAME`).\n\n");
    for (Module module : modules) {
      out.append("- [")
          .append(module.spec().name())
          .append("](#")
          .append(module.spec().name())
          .append(")\n");
    }
    out.append("- [Executor actions](#executor-actions): ");
    out.append(
        String.join(
            ", ",
            ExecutorActions.all().stream()
                .map(a -> "[" + a.name() + "](#" + a.name() + ")")
                .toList()));
    out.append("\n");
    for (Module module : modules) {
      section(module.spec(), "## ", out);
    }
    out.append("\n## Executor actions\n\n");
    out.append(
        "The executor runs these itself, on the control node, rather than a module; their"
            + " arguments are checked before running as a module's are.\n");
    for (ExecutorActions.Action action : ExecutorActions.all()) {
      section(action.spec(), "### ", out);
    }
    return out.toString();
  }

  /** One module's or action's heading, description, arguments table, constraints and example. */
  private static void section(ModuleSpec spec, String heading, StringBuilder out) {
    {
      out.append("\n").append(heading).append(spec.name()).append("\n\n");
      if (!spec.aliases().isEmpty()) {
        out.append("Also: ")
            .append(String.join(", ", spec.aliases().stream().map(a -> "`" + a + "`").toList()))
            .append(".\n\n");
      }
      out.append(spec.description()).append("\n\n");
      out.append("| argument | type | required | default | description |\n");
      out.append("| --- | --- | --- | --- | --- |\n");
      for (Arg arg : spec.args()) {
        String description = arg.description();
        if (!spec.honours(arg)) {
          description += " " + NOT_HONOURED;
        }
        if (!arg.choices().isEmpty()) {
          description +=
              " Choices: "
                  + String.join(", ", arg.choices().stream().map(c -> "`" + c + "`").toList())
                  + ".";
        }
        if (!arg.aliases().isEmpty()) {
          description +=
              " Aliases: "
                  + String.join(", ", arg.aliases().stream().map(c -> "`" + c + "`").toList())
                  + ".";
        }
        out.append("| `")
            .append(arg.name())
            .append("` | ")
            .append(typeOf(arg))
            .append(" | ")
            .append(arg.isRequired() ? "yes" : "")
            .append(" | ")
            .append(arg.defaultValue() == null ? "" : "`" + arg.defaultValue() + "`")
            .append(" | ")
            .append(description.replace("|", "\\|").replace("\n", " "))
            .append(" |\n");
      }
      StringBuilder constraints = new StringBuilder();
      constraints(spec, constraints, "- ");
      if (constraints.length() > 0) {
        out.append('\n').append(constraints.toString().replace("  - ", "- "));
      }
      if (!spec.example().isBlank()) {
        out.append("\n```yaml\n").append(spec.example().strip()).append("\n```\n");
      }
    }
  }

  private static void constraints(ModuleSpec spec, StringBuilder out, String bullet) {
    for (ArgRule rule : spec.rules()) {
      out.append(bullet).append(rule.describe()).append('\n');
    }
    spec.freeForm()
        .ifPresent(
            arg -> out.append(bullet).append("free-form text goes to: ").append(arg).append('\n'));
  }

  private static String typeOf(Arg arg) {
    return arg.type() == ArgType.LIST && arg.elements() != null
        ? "list of " + arg.elements().label()
        : arg.type().label();
  }
}
