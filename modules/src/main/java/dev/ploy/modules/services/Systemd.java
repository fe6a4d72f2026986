package dev.ploy.modules.services;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit's masking, enablement and activity: one {@code systemctl show} probe, then the
 * systemctl commands that close the gap (unmask/mask, enable/disable, start/stop), run in one
 * script. restarted and reloaded always act and report changed, as in Ansible.
 */
public final class Systemd implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("systemd")
          .aliases("systemd_service")
          .description(
              "Starts, stops, restarts or reloads a systemd unit, enables, disables or masks it,"
                  + " and reloads systemd's configuration. --diff shows the active state and"
                  + " enablement before and after.")
          .arg(
              Arg.str("name", "The unit: nginx, nginx.service, getty@tty1.service...")
                  .aliases("service", "unit"))
          .arg(
              Arg.str(
                      "state",
                      "started/stopped: only when needed; restarted/reloaded: always (reloaded"
                          + " starts a stopped unit).")
                  .choices("started", "stopped", "restarted", "reloaded"))
          .arg(Arg.bool("enabled", "Whether the unit starts at boot."))
          .arg(Arg.bool("masked", "Whether the unit is masked (cannot be started at all)."))
          .arg(
              Arg.bool("daemon_reload", "Run systemctl daemon-reload first (after unit changes).")
                  .defaultsTo(false)
                  .aliases("daemon-reload"))
          .arg(
              Arg.bool("daemon_reexec", "Run systemctl daemon-reexec first.")
                  .defaultsTo(false)
                  .aliases("daemon-reexec"))
          .arg(
              Arg.str(
                      "scope",
                      "system: the system manager; user: the calling user's manager (become"
                          + " that user); global: enablement for every user.")
                  .defaultsTo("system")
                  .choices("system", "user", "global"))
          .arg(
              Arg.bool("no_block", "Do not wait for start/stop jobs to finish (--no-block).")
                  .defaultsTo(false))
          .arg(Arg.bool("force", "Override existing symlinks when enabling or masking (--force)."))
          .requiredOneOf("name", "daemon_reload", "daemon_reexec")
          .requiredBy("state", "name")
          .requiredBy("enabled", "name")
          .requiredBy("masked", "name")
          .example(
              "- name: nginx runs now and at boot\n"
                  + "  ansible.builtin.systemd:\n"
                  + "    name: nginx\n"
                  + "    state: started\n"
                  + "    enabled: true\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** What a task asks of one unit. */
  record Wanted(
      String name,
      String state,
      Boolean enabled,
      Boolean masked,
      String scopeFlags,
      boolean noBlock,
      boolean force) {}

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String scope = args.str("scope");
    String flags = scope.equals("system") ? "" : "--" + scope + " ";
    Wanted wanted =
        new Wanted(
            args.has("name") ? UnitStatus.checkName(args.str("name")) : null,
            args.optStr("state").orElse(null),
            args.optBool("enabled").orElse(null),
            args.optBool("masked").orElse(null),
            flags,
            args.bool("no_block"),
            args.bool("force"));
    if (scope.equals("global") && wanted.state() != null) {
      throw new ModuleException(
          "scope: global manages enablement only; state needs scope system or user");
    }
    List<String> daemon = new ArrayList<>();
    if (args.bool("daemon_reexec")) {
      daemon.add("daemon-reexec");
    }
    if (args.bool("daemon_reload")) {
      daemon.add("daemon-reload");
    }
    if (wanted.name() == null) {
      // upkeep too: ansible-playbook 2.14 reports systemd (or service) {daemon_reload: true} ok,
      // changed=0, with and without --check
      Map<String, Object> result = new LinkedHashMap<>();
      return Plan.upkeep(
          result,
          on -> {
            runDaemon(on, flags, daemon);
            Map<String, Object> done = new LinkedHashMap<>(result);
            done.put("changed", false);
            return done;
          });
    }
    UnitStatus status = UnitStatus.probe(target, flags, wanted.name());
    Changes changes = changes(wanted, status);
    if (daemon.isEmpty()) {
      if (changes.commands().isEmpty()) {
        return Plan.ok(changes.result());
      }
      return Plan.change(changes.diffs(), changes.result(), on -> changes.apply(on));
    }
    if (changes.commands().isEmpty()) {
      // the unit already as asked: the reload is upkeep, done in a real run and reported ok there
      // and in check mode alike, as Ansible's systemd does (it never counts daemon-reload)
      return Plan.upkeep(changes.result(), on -> reloadThenApply(on, flags, daemon, wanted));
    }
    List<Diff> diffs = new ArrayList<>();
    diffs.add(Diff.property("systemd", "configuration", "as loaded", String.join(", ", daemon)));
    diffs.addAll(changes.diffs());
    return Plan.change(diffs, changes.result(), on -> reloadThenApply(on, flags, daemon, wanted));
  }

  /** After daemon-reload the unit may look different: it is planned again then, and applied. */
  private static Map<String, Object> reloadThenApply(
      Target target, String flags, List<String> daemon, Wanted wanted) throws ModuleException {
    runDaemon(target, flags, daemon);
    Changes fresh = changes(wanted, UnitStatus.probe(target, flags, wanted.name()));
    Map<String, Object> done = new LinkedHashMap<>(fresh.result());
    if (fresh.commands().isEmpty()) {
      done.put("changed", false);
      return done;
    }
    done.putAll(fresh.apply(target));
    done.put("changed", true);
    return done;
  }

  private static void runDaemon(Target target, String flags, List<String> daemon)
      throws ModuleException {
    for (String command : daemon) {
      ExecResult done =
          target.run(Command.of(UnitStatus.userRuntime(flags) + "systemctl " + flags + command));
      if (!done.ok()) {
        throw ModuleException.commandFailed(
            "systemctl " + command + " failed: " + done.stderr().strip(), done);
      }
    }
  }

  /** The commands and diffs that take {@code status} to what is wanted, and the result keys. */
  static Changes changes(Wanted wanted, UnitStatus status) throws ModuleException {
    String name = wanted.name();
    String quoted = ShellQuote.quote(name);
    String systemctl = "systemctl " + wanted.scopeFlags();
    String force = Boolean.TRUE.equals(wanted.force()) ? "--force " : "";
    List<String> commands = new ArrayList<>();
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    boolean willBeMasked = status.masked();
    if (!status.found() && !Boolean.TRUE.equals(wanted.masked())) {
      throw new ModuleException(
          "Could not find the requested service "
              + name
              + ": systemd has no unit by that name (LoadState=not-found). Install its package"
              + " first, or run daemon_reload after adding the unit file.",
          Map.of("name", name, "status", status.properties()));
    }
    if (wanted.masked() != null && wanted.masked() != status.masked()) {
      commands.add(systemctl + force + (wanted.masked() ? "mask " : "unmask ") + quoted);
      line(before, after, "masked", status.masked(), wanted.masked());
      willBeMasked = wanted.masked();
    }
    boolean enabled = status.enabled();
    if (wanted.enabled() != null && wanted.enabled() != enabled && !status.isStatic()) {
      if (willBeMasked && wanted.enabled()) {
        throw new ModuleException("cannot enable " + name + ": it is masked (set masked: false)");
      }
      commands.add(systemctl + force + (wanted.enabled() ? "enable " : "disable ") + quoted);
      line(
          before,
          after,
          "enabled",
          status.get("UnitFileState"),
          wanted.enabled() ? "enabled" : "disabled");
      enabled = wanted.enabled();
    }
    String block = wanted.noBlock() ? "--no-block " : "";
    String active = status.get("ActiveState");
    if (wanted.state() != null) {
      String verb =
          switch (wanted.state()) {
            case "started" -> status.running() ? null : "start";
            case "stopped" -> status.running() ? "stop" : null;
            case "restarted" -> "restart";
            default -> status.running() ? "reload" : "start";
          };
      if (verb != null) {
        if (verb.equals("reload") && status.get("CanReload").equals("no")) {
          throw new ModuleException(
              "cannot reload "
                  + name
                  + ": the unit has no reload command (CanReload=no); use state: restarted");
        }
        if (willBeMasked && !verb.equals("stop")) {
          throw new ModuleException("cannot " + verb + " " + name + ": it is masked");
        }
        commands.add(systemctl + block + verb + " " + quoted);
        String next =
            switch (verb) {
              case "stop" -> "inactive";
              case "restart" -> "active (restarted)";
              case "reload" -> "active (reloaded)";
              default -> "active";
            };
        line(before, after, "active", active, next);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    if (wanted.state() != null) {
      result.put("state", wanted.state());
    }
    result.put("enabled", enabled);
    result.put("status", new LinkedHashMap<>(status.properties()));
    List<Diff> diffs =
        commands.isEmpty()
            ? List.of()
            : List.of(new Diff(name, before.toString(), after.toString()));
    return new Changes(commands, diffs, result, UnitStatus.userRuntime(wanted.scopeFlags()), name);
  }

  private static void line(
      StringBuilder before, StringBuilder after, String key, Object was, Object is) {
    before.append(key).append(": ").append(was).append('\n');
    after.append(key).append(": ").append(is).append('\n');
  }

  /** The systemctl commands for one unit, run in order in one script. */
  record Changes(
      List<String> commands,
      List<Diff> diffs,
      Map<String, Object> result,
      String prelude,
      String name) {
    Map<String, Object> apply(Target target) throws ModuleException {
      String script = prelude + String.join(" && ", commands);
      ExecResult done = target.run(Command.of(script));
      if (!done.ok()) {
        ExecResult why =
            target.run(
                Command.of(
                    "systemctl status --no-pager --lines=10 -- "
                        + ShellQuote.quote(name)
                        + " 2>&1 | tail -n 15"));
        Map<String, Object> failed = new LinkedHashMap<>(result);
        failed.put("rc", done.rc());
        failed.put("stderr", done.stderr());
        throw new ModuleException(
            "Unable to change service "
                + name
                + ": "
                + done.stderr().strip()
                + (why.stdout().isBlank() ? "" : "\n" + why.stdout().strip()),
            failed);
      }
      return Map.of();
    }
  }
}
