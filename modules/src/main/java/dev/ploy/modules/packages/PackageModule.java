package dev.ploy.modules.packages;

import dev.ploy.facts.PackageManager;
import dev.ploy.module.Arg;
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
 * the task's arguments to its module. Only apt exists so far; any other manager is a clear error.
 */
public final class PackageModule implements Module {
  private static final Apt APT = new Apt();

  private static final ModuleSpec SPEC = declared();

  /**
   * package's own arguments (state as Ansible's package module words it, use), then every other
   * argument of apt: Ansible's package action hands the task's arguments on to the manager's module
   * unchecked, so {@code package: {update_cache: true}} without a name and {@code purge: true} are
   * apt's to judge.
   */
  private static ModuleSpec declared() {
    ModuleSpec apt = APT.spec();
    ModuleSpec.Builder builder =
        ModuleSpec.builder("package")
            .description(
                "Installs or removes packages with the host's package manager (apt on Debian and"
                    + " Ubuntu), chosen from the ansible_pkg_mgr fact; it takes that module's"
                    + " arguments too, as Ansible's package action hands them on.")
            .arg(apt.arg("name").orElseThrow())
            .arg(
                Arg.str(
                        "state",
                        "present, latest or absent (installed, upgraded, removed); without it, the"
                            + " package manager module's default (apt: present), as Ansible hands"
                            + " it on.")
                    .choices("present", "installed", "latest", "absent", "removed", "build-dep"))
            .arg(
                Arg.str("use", "The package manager module to use; auto: from the facts.")
                    .defaultsTo("auto"));
    for (Arg arg : apt.args()) {
      if (arg.name().equals("name") || arg.name().equals("state")) {
        continue;
      }
      if (apt.notHonoured().contains(arg.name())) {
        builder.notHonoured(arg);
      } else {
        builder.arg(arg);
      }
    }
    apt.rules().forEach(builder::rule);
    return builder
        .example(
            "- name: Install git\n"
                + "  ansible.builtin.package:\n"
                + "    name: git\n"
                + "    state: present\n")
        .build();
  }

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
    // as Ansible's package action hands the task's arguments on to the manager's module
    Map<String, Object> raw = new LinkedHashMap<>(args.asMap());
    raw.remove("use");
    if (args.has("state")) {
      raw.put(
          "state",
          switch (args.str("state")) {
            case "installed" -> "present";
            case "removed" -> "absent";
            default -> args.str("state");
          });
    }
    return APT.planWith(target, raw);
  }
}
