package dev.ploy.modules.services;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.diff.Diff;
import dev.ploy.facts.ServiceManager;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The init-system-neutral service task: systemd hosts are handled by {@link Systemd}; others
 * (sysvinit) through /etc/init.d/NAME for activity and update-rc.d for enablement, probed in one
 * command.
 */
public final class Service implements Module {
  private static final Systemd SYSTEMD = new Systemd();

  /** The systemd module's arguments that service takes on systemd hosts only. */
  private static final List<String> SYSTEMD_ONLY =
      List.of("masked", "daemon_reexec", "scope", "no_block", "force");

  /** service's arguments that Ansible's service action drops before it calls systemd. */
  private static final List<String> SYSVINIT_ONLY =
      List.of("use", "pattern", "runlevel", "sleep", "arguments");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("service")
          .description(
              "Starts, stops, restarts or reloads a service and enables it at boot, with the"
                  + " host's service manager (systemd, else sysvinit init scripts).")
          .arg(Arg.str("name", "The service's name (needed unless only daemon_reload is given)."))
          .arg(
              Arg.str("state", "started/stopped: only when needed; restarted/reloaded: always.")
                  .choices("started", "stopped", "restarted", "reloaded"))
          .arg(Arg.bool("enabled", "Whether the service starts at boot."))
          .arg(Arg.integer("sleep", "sysvinit: seconds between stop and start when restarting."))
          .arg(
              Arg.str(
                  "pattern",
                  "sysvinit: a pattern looked for in the process table (pgrep -f) when the init"
                      + " script has no usable status."))
          .arg(
              Arg.str("arguments", "sysvinit: extra words for the init script.")
                  .aliases("args")
                  .defaultsTo(""))
          .arg(
              Arg.str(
                      "use",
                      "The service manager: auto (from ansible_service_mgr), systemd or sysvinit.")
                  .defaultsTo("auto")
                  .choices("auto", "systemd", "sysvinit", "service"))
          .arg(
              Arg.bool(
                      "daemon_reload",
                      "systemd: run systemctl daemon-reload first, as the systemd module does"
                          + " (Ansible hands it on there); alone, it only reloads.")
                  .defaultsTo(false)
                  .aliases("daemon-reload"))
          .notHonoured(
              Arg.str(
                  "runlevel", "OpenRC and Solaris only: the runlevel; Debian hosts have neither."))
          // systemd's own arguments, which Ansible's service action hands on to the systemd module
          .args(SYSTEMD_ONLY.stream().map(name -> SYSTEMD.spec().arg(name).orElseThrow()).toList())
          .requiredOneOf("state", "enabled", "daemon_reload", "masked", "daemon_reexec")
          .example(
              "- name: cron runs\n"
                  + "  ansible.builtin.service:\n"
                  + "    name: cron\n"
                  + "    state: started\n"
                  + "    enabled: true\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String manager =
        args.orAuto(
            "use",
            () ->
                ServiceManager.isSystemd(target.fact(ServiceManager.FACT))
                    ? "systemd"
                    : "sysvinit");
    if (manager.equals("systemd")) {
      Map<String, Object> raw = new LinkedHashMap<>(args.asMap());
      SYSVINIT_ONLY.forEach(raw::remove);
      return SYSTEMD.planWith(target, raw);
    }
    return sysv(target, args);
  }

  /** sysvinit: /etc/init.d/NAME status (or pgrep -f PATTERN), S links in /etc/rc[2-5].d. */
  private static Plan sysv(Target target, Args args) throws ModuleException {
    if (!args.has("name")) {
      throw new ModuleException("missing required argument 'name' of module service");
    }
    for (String name : SYSTEMD_ONLY) {
      Object value = args.get(name);
      boolean given =
          switch (name) {
            case "scope" -> !"system".equals(value);
            case "masked", "force" -> value != null;
            default -> Boolean.TRUE.equals(value);
          };
      if (given) {
        throw new ModuleException(
            "service: '" + name + "' is systemd's; this host's service manager is sysvinit");
      }
    }
    String name = UnitStatus.checkName(args.str("name"));
    String script = ShellQuote.quote("/etc/init.d/" + name);
    String extra;
    try {
      List<String> words = ShellWords.split(args.str("arguments"));
      extra = words.isEmpty() ? "" : " " + ShellQuote.join(words);
    } catch (IllegalArgumentException e) {
      throw new ModuleException("arguments: " + e.getMessage());
    }
    String status =
        args.optStr("pattern")
            .map(p -> "pgrep -f -- " + ShellQuote.quote(p) + " >/dev/null 2>&1; echo $?")
            .orElse(script + " status >/dev/null 2>&1; echo $?");
    ExecResult probe =
        target.run(
            Command.of(
                "[ -x "
                    + script
                    + " ] || { echo missing; exit 0; }\n"
                    + status
                    + "\nls /etc/rc2.d /etc/rc3.d /etc/rc4.d /etc/rc5.d 2>/dev/null | grep -cx 'S[0-9][0-9]'"
                    + ShellQuote.quote(name)
                    + " || true"));
    List<String> lines = probe.stdoutLines();
    if (lines.isEmpty() || lines.get(0).equals("missing")) {
      throw new ModuleException(
          "Could not find the requested service " + name + ": no executable /etc/init.d/" + name);
    }
    boolean running = lines.get(0).strip().equals("0");
    boolean enabled = lines.size() > 1 && !lines.get(1).strip().equals("0");
    String state = args.optStr("state").orElse(null);
    Boolean wantEnabled = args.optBool("enabled").orElse(null);
    List<String> commands = new ArrayList<>();
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    String quotedName = ShellQuote.quote(name);
    if (wantEnabled != null && wantEnabled != enabled) {
      commands.add(
          wantEnabled
              ? "update-rc.d "
                  + quotedName
                  + " defaults >/dev/null && update-rc.d "
                  + quotedName
                  + " enable"
              : "update-rc.d " + quotedName + " disable");
      before.append("enabled: ").append(enabled).append('\n');
      after.append("enabled: ").append(wantEnabled).append('\n');
    }
    if (state != null) {
      String verb =
          switch (state) {
            case "started" -> running ? null : "start";
            case "stopped" -> running ? "stop" : null;
            case "restarted" -> "restart";
            default -> running ? "reload" : "start";
          };
      if (verb != null) {
        if (verb.equals("restart") && args.has("sleep")) {
          commands.add(
              script
                  + " stop"
                  + extra
                  + "; sleep "
                  + args.integer("sleep")
                  + "; "
                  + script
                  + " start"
                  + extra);
        } else {
          commands.add(script + " " + verb + extra);
        }
        before.append("running: ").append(running).append('\n');
        after
            .append("running: ")
            .append(
                verb.equals("stop")
                    ? "false"
                    : verb.equals("start") ? "true" : "true (" + verb + "ed)")
            .append('\n');
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    if (state != null) {
      result.put("state", state);
    }
    result.put("enabled", wantEnabled != null ? wantEnabled : enabled);
    if (commands.isEmpty()) {
      return Plan.ok(result);
    }
    String all = String.join(" && ", commands);
    return Plan.change(
        List.of(new Diff(name, before.toString(), after.toString())),
        result,
        on -> {
          ExecResult done = on.run(Command.of(all));
          if (!done.ok()) {
            throw ModuleException.commandFailedWithOutput(
                "Unable to change service " + name + ": " + (done.stderr() + done.stdout()).strip(),
                done);
          }
          return Map.of();
        });
  }
}
