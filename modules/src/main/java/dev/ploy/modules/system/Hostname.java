package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Fact;
import dev.ploy.facts.HostName;
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
 * Sets the host name: with hostnamectl where systemd-hostnamed answers, otherwise by writing
 * /etc/hostname (in place: it is often a bind mount in containers) and calling hostname.
 */
public final class Hostname implements Module {
  private static final Pattern VALID =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("hostname")
          .description(
              "Sets the system's host name, both the running one and the one kept in"
                  + " /etc/hostname (through hostnamectl when systemd-hostnamed is available).")
          .arg(Arg.str("name", "The host name (letters, digits, '-' and '.').").required())
          .arg(
              Arg.str(
                      "use",
                      "How to set it: systemd (hostnamectl), debian/generic (/etc/hostname and"
                          + " the hostname command); by default whichever works.")
                  .choices("systemd", "debian", "generic"))
          .example(
              "- name: Name the web server\n"
                  + "  ansible.builtin.hostname:\n"
                  + "    name: web1.example.com\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    if (name.length() > 64 || !VALID.matcher(name).matches()) {
      throw new ModuleException(
          "name '"
              + name
              + "' is not a valid host name: use letters, digits, '-' and '.', at most 64"
              + " characters, each label starting with a letter or digit");
    }
    HostName now = target.fact(HostName.FACT);
    boolean systemd = args.optStr("use").map("systemd"::equals).orElse(now.hostnamed());
    String stored = systemd && now.hostnamed() ? now.hostnamectl() : now.file();
    String running = now.running();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("ansible_hostname", name.split("\\.")[0]);
    facts.put("ansible_nodename", name);
    facts.put("ansible_fqdn", name);
    result.put("ansible_facts", facts);
    if (stored.equals(name) && running.equals(name)) {
      return Plan.ok(result);
    }
    Diff diff = new Diff("hostname", "hostname: " + running + "\n", "hostname: " + name + "\n");
    return Plan.change(
        List.of(diff),
        result,
        on -> {
          on.changed(Fact.Basis.HOSTNAME);
          if (systemd) {
            ModuleException.requireOk(
                on.run("hostnamectl", "set-hostname", name), "hostnamectl set-hostname failed");
          } else {
            SmallFile.overwrite(on, "/etc/hostname", name + "\n");
            ModuleException.requireOk(
                on.run(Command.of("hostname " + ShellQuote.quote(name))),
                "could not set the running host name");
          }
          return Map.of();
        });
  }
}
