package dev.ploy.modules.packages;

import dev.ploy.facts.PackageManager;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The distribution-neutral package task: finds the package manager (the host's {@link
 * PackageManager} fact, ansible_pkg_mgr, read once per run when facts were not gathered) and hands
 * name and state to its module. Only apt exists so far; any other manager is a clear error.
 */
public final class PackageModule implements Module {
  private static final Apt APT = new Apt();

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("package")
          .description(
              "Installs or removes packages with the host's package manager (apt on Debian and"
                  + " Ubuntu), chosen from the ansible_pkg_mgr fact.")
          .arg(Arg.list("name", Apt.NAME_HELP).elements(ArgType.STR).aliases("pkg").required())
          .arg(
              Arg.str(
                      "state",
                      "present, latest or absent (installed, upgraded, removed); without it, the"
                          + " package manager module's default (apt: present), as Ansible hands"
                          + " it on.")
                  .choices("present", "installed", "latest", "absent", "removed"))
          .arg(
              Arg.str("use", "The package manager module to use; auto: from the facts.")
                  .defaultsTo("auto"))
          .arg(APT.spec().arg("allow_downgrade").orElseThrow())
          .example(
              "- name: Install git\n"
                  + "  ansible.builtin.package:\n"
                  + "    name: git\n"
                  + "    state: present\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String manager = args.orAuto("use", () -> target.fact(PackageManager.FACT));
    if (!manager.equals("apt")) {
      throw new ModuleException(
          "package: the package manager '"
              + manager
              + "' is not supported yet (only apt); use that manager's own module");
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("name", args.strings("name"));
    if (args.has("state")) {
      String state = args.str("state");
      raw.put(
          "state",
          switch (state) {
            case "installed" -> "present";
            case "removed" -> "absent";
            default -> state;
          });
    }
    // as Ansible's package action hands the manager's own arguments on to it
    raw.put("allow_downgrade", args.bool("allow_downgrade"));
    return APT.planWith(target, raw);
  }
}
