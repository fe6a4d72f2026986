package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Fact;
import dev.ploy.facts.TimeZone;
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
 * Sets the system time zone: with timedatectl where systemd-timedated answers, otherwise by linking
 * /etc/localtime to the zone's file and writing /etc/timezone (Debian's way).
 */
public final class Timezone implements Module {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*");
  private static final String ZONEINFO = "/usr/share/zoneinfo/";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("timezone")
          .description(
              "Sets the system time zone (/etc/localtime and /etc/timezone, or timedatectl when"
                  + " systemd-timedated is available). The zone must exist in /usr/share/zoneinfo"
                  + " (package tzdata).")
          .arg(Arg.str("name", "The time zone, e.g. Europe/Paris or Etc/UTC.").required())
          .example(
              "- name: Keep the servers on UTC\n"
                  + "  community.general.timezone:\n"
                  + "    name: Etc/UTC\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.matching("name", VALID, "a time zone name (like Europe/Paris or Etc/UTC)");
    String zoneFile = ZONEINFO + name;
    TimeZone now = target.fact(TimeZone.FACT);
    boolean systemd = now.timedated();
    String linked = now.linkedZone(ZONEINFO);
    String current = systemd ? now.timedatectl() : linked.isEmpty() ? now.file() : linked;
    boolean fileOk = systemd || now.file().equals(name);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    // community.general's result: the zone before and after in every mode, not only with --diff
    // ("n/a" when none is set); ansible-core's user target restores the zone it read from it
    result.put(
        "diff",
        Map.of(
            "before", Map.of("name", current.isEmpty() ? "n/a" : current),
            "after", Map.of("name", name)));
    if (current.equals(name) && linked.equals(name) && fileOk && now.resolves()) {
      return Plan.ok(result); // /etc/localtime leads to the zone's file, so the zone exists
    }
    if (target.run("test", "-f", zoneFile).rc() != 0) {
      throw new ModuleException(
          "unknown time zone '"
              + name
              + "': "
              + zoneFile
              + " does not exist (is the tzdata package installed?)");
    }
    Diff diff =
        Diff.property("timezone", "timezone", current.isEmpty() ? "(unset)" : current, name);
    return Plan.change(
        List.of(diff),
        result,
        on -> {
          on.changed(Fact.Basis.TIMEZONE);
          if (systemd) {
            ModuleException.requireOk(
                on.run("timedatectl", "set-timezone", name), "timedatectl set-timezone failed");
          } else {
            ModuleException.requireOk(
                on.run(Command.of("ln -sfn -- " + ShellQuote.quote(zoneFile) + " /etc/localtime")),
                "could not link /etc/localtime");
            SmallFile.replace(on, "/etc/timezone", name + "\n");
          }
          return Map.of();
        });
  }
}
