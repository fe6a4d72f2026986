package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
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
import java.util.regex.Pattern;

/**
 * An Apache module enabled or disabled the Debian way (a2enmod, a2dismod), as
 * community.general.apache2_module does; whether it is enabled is read with a2query in the same
 * command that checks the module exists. Apache is not restarted: notify a handler for that.
 */
public final class Apache2Module implements Module {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]+");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("apache2_module")
          .description(
              "Enables or disables an Apache module with a2enmod / a2dismod (Debian's"
                  + " apache2). Does not restart Apache: notify a handler that does.")
          .arg(
              Arg.str("name", "The module, as in mods-available (rewrite, ssl, wsgi...).")
                  .required()
                  .notAnOption())
          .arg(Arg.presence("Whether the module is enabled."))
          .arg(
              Arg.bool(
                      "force",
                      "Disable even a module others depend on, or an essential one (a2dismod -f).")
                  .defaultsTo(false))
          .arg(Arg.str("identifier", "Accepted for Ansible compatibility; a2query needs none."))
          .arg(
              Arg.bool("ignore_configcheck", "Accepted for Ansible compatibility.")
                  .defaultsTo(false))
          .notHonoured(
              Arg.bool("warn_mpm_absent", "Warn when no MPM module is enabled.").defaultsTo(true))
          .example(
              "- name: mod_wsgi for the Django site\n"
                  + "  community.general.apache2_module:\n"
                  + "    name: wsgi\n"
                  + "  notify: restart apache\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.matching("name", NAME, "an Apache module name (like rewrite)");
    boolean wanted = args.present();
    String quoted = ShellQuote.quote(name);
    ExecResult probe =
        target.run(
            Command.of(
                "command -v a2enmod >/dev/null || { echo @none; exit 0; }\n"
                    + "[ -e /etc/apache2/mods-available/"
                    + quoted
                    + ".load ] && echo @available || echo @missing\n"
                    + "a2query -q -m "
                    + quoted
                    + " && echo @enabled || echo @disabled"));
    List<String> lines = probe.stdoutLines();
    if (lines.contains("@none")) {
      throw new ModuleException("a2enmod is not on the target: install the apache2 package");
    }
    boolean enabled = lines.contains("@enabled");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("state", args.str("state"));
    if (enabled == wanted) {
      return Plan.ok(result);
    }
    if (wanted && lines.contains("@missing")) {
      throw new ModuleException(
          "Apache module "
              + name
              + " is not installed (no /etc/apache2/mods-available/"
              + name
              + ".load); install the package that provides it (libapache2-mod-"
              + name
              + "...)");
    }
    String command =
        wanted
            ? "a2enmod -q " + quoted
            : "a2dismod -q " + (args.bool("force") ? "-f " : "") + quoted;
    return Plan.change(
        List.of(
            Diff.property(
                "apache module " + name,
                "state",
                enabled ? "present" : "absent",
                args.str("state"))),
        result,
        on -> {
          ExecResult done = on.run(Command.of(command));
          if (!done.ok()) {
            throw ModuleException.commandFailed(
                (wanted ? "a2enmod " : "a2dismod ")
                    + name
                    + " failed: "
                    + (done.stderr() + done.stdout()).strip().replace('\n', ' ')
                    + (wanted ? "" : " (set force: true to disable a module others need)"),
                done);
          }
          return Map.of();
        });
  }
}
