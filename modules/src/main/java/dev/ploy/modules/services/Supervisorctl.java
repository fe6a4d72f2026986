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
import java.util.Set;
import java.util.function.Predicate;

/**
 * Programs run by supervisord, as community.general.supervisorctl manages them: the state of each
 * matching process is read from {@code supervisorctl status} in one command, and only the processes
 * not yet in the asked state get a start or stop; present/absent add or remove the program's
 * process group after a reread of the configuration.
 */
public final class Supervisorctl implements Module {
  private static final Set<String> ACTIVE = Set.of("RUNNING", "STARTING");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("supervisorctl")
          .description(
              "Starts, stops, restarts, adds or removes programs of supervisord through"
                  + " supervisorctl. A name ending in ':' is a group; 'all' is every program.")
          .arg(Arg.str("name", "The program, 'group:' for a group, or 'all'.").required())
          .arg(
              Arg.str(
                      "state",
                      "present/absent: the program is loaded (or not) from the configuration;"
                          + " started/stopped: only processes not in that state change;"
                          + " restarted: always (after supervisorctl update); signalled: sends"
                          + " signal to running processes.")
                  .required()
                  .choices("present", "started", "stopped", "restarted", "absent", "signalled"))
          .arg(Arg.str("signal", "The signal for state: signalled (TERM, HUP, USR1...)."))
          .arg(Arg.path("config", "supervisord's configuration file (supervisorctl -c)."))
          .arg(Arg.str("server_url", "URL of supervisord's server (supervisorctl -s)."))
          .arg(Arg.str("username", "User for the server (supervisorctl -u)."))
          .arg(
              Arg.str(
                      "password",
                      "Password for the server (supervisorctl -p; on the target's command line"
                          + " while supervisorctl runs, as with Ansible; masked in ploy's output).")
                  .secret())
          .arg(Arg.path("supervisorctl_path", "The supervisorctl program, when not on PATH."))
          .arg(
              Arg.bool(
                      "stop_before_removing",
                      "With state: absent, stop the running processes before removing them.")
                  .defaultsTo(false))
          .requiredIf("state", "signalled", "signal")
          .example(
              "- name: gunicorn runs under supervisor\n"
                  + "  community.general.supervisorctl:\n"
                  + "    name: gunicorn\n"
                  + "    state: started\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** A process as supervisorctl status lists it: "group:name" or "name", and its state. */
  record Process(String name, String state) {}

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    String state = args.str("state");
    String program =
        args.optStr("supervisorctl_path").map(ShellQuote::quote).orElse("supervisorctl");
    String ctl = command(program, args);
    ExecResult status = target.run(Command.of(probe(program, ctl)));
    String tool = status.stdoutLines().isEmpty() ? "" : status.stdoutLines().get(0);
    if (tool.equals("@none")) {
      throw new ModuleException(
          "supervisorctl is not on the target: install supervisor, or set supervisorctl_path");
    }
    List<String> lines = status.stdoutLines();
    List<Process> processes = matching(lines.subList(1, lines.size()), name);
    if (processes.isEmpty()
        && (status.stdout().contains("refused connection")
            || status.stdout().contains("no such file"))) {
      throw new ModuleException(
          "supervisorctl cannot reach supervisord: " + status.stdout().strip().replace('\n', ' '));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("state", state);
    String group = name.endsWith(":") ? name.substring(0, name.length() - 1) : name;
    switch (state) {
      case "present" -> {
        if (!processes.isEmpty()) {
          return Plan.ok(result);
        }
        return Plan.change(
            List.of(Diff.property("supervisor program " + name, "state", "absent", "present")),
            result,
            on -> {
              rereadAnd(on, ctl, "add", "added", group);
              return Map.of();
            });
      }
      case "absent" -> {
        if (processes.isEmpty()) {
          return Plan.ok(result);
        }
        boolean stop = args.bool("stop_before_removing");
        List<String> running = names(processes, ACTIVE::contains);
        return Plan.change(
            List.of(Diff.property("supervisor program " + name, "state", "present", "absent")),
            result,
            on -> {
              if (stop) {
                for (String process : running) {
                  run(on, ctl + " stop " + ShellQuote.quote(process));
                }
              }
              rereadAnd(on, ctl, "remove", "removed", group);
              return Map.of();
            });
      }
      default -> {
        // started, stopped, restarted and signalled need the program to exist
      }
    }
    if (processes.isEmpty() && !state.equals("restarted")) {
      throw new ModuleException(
          "no supervisor program matches '"
              + name
              + "' (supervisorctl status lists none; is its configuration file in"
              + " /etc/supervisor/conf.d/ and loaded? state: present adds it)");
    }
    return switch (state) {
      case "started" -> act(ctl, result, processes, s -> !ACTIVE.contains(s), "start", "RUNNING");
      case "stopped" -> act(ctl, result, processes, ACTIVE::contains, "stop", "STOPPED");
      case "signalled" ->
          act(
              ctl,
              result,
              processes,
              ACTIVE::contains,
              "signal " + ShellQuote.quote(args.str("signal")),
              "signalled");
      default -> restart(ctl, name, result, processes);
    };
  }

  /** ansible's restarted: supervisorctl update first, then restart whatever matches. */
  private static Plan restart(
      String ctl, String name, Map<String, Object> result, List<Process> processes) {
    List<Diff> diffs = new ArrayList<>();
    for (Process process : processes) {
      diffs.add(
          Diff.property(
              "supervisor process " + process.name(), "state", process.state(), "restarted"));
    }
    if (processes.isEmpty()) {
      diffs.add(Diff.property("supervisor program " + name, "state", "absent", "restarted"));
    }
    return Plan.change(
        diffs,
        result,
        on -> {
          run(on, ctl + " update");
          ExecResult status = on.run(Command.of(ctl + " status"));
          List<String> now = names(matching(status.stdoutLines(), name), s -> true);
          if (now.isEmpty()) {
            throw new ModuleException("no supervisor program matches '" + name + "'");
          }
          for (String process : now) {
            run(on, ctl + " restart " + ShellQuote.quote(process));
          }
          return Map.of();
        });
  }

  /** One supervisorctl action on each process whose state passes {@code needs}. */
  private static Plan act(
      String ctl,
      Map<String, Object> result,
      List<Process> processes,
      Predicate<String> needs,
      String action,
      String after) {
    List<String> todo = names(processes, needs);
    if (todo.isEmpty()) {
      return Plan.ok(result);
    }
    List<Diff> diffs = new ArrayList<>();
    for (Process process : processes) {
      if (todo.contains(process.name())) {
        diffs.add(
            Diff.property("supervisor process " + process.name(), "state", process.state(), after));
      }
    }
    return Plan.change(
        diffs,
        result,
        on -> {
          for (String process : todo) {
            run(on, ctl + " " + action + " " + ShellQuote.quote(process));
          }
          return Map.of();
        });
  }

  /**
   * supervisorctl exits 0 even when an action fails on older versions, and non-zero on newer ones;
   * both say ERROR in the output.
   */
  /**
   * supervisorctl rereads its configuration, then adds or removes the program's group, which it
   * must say it did ("GROUP: added process group").
   */
  private static void rereadAnd(Target on, String ctl, String verb, String done, String group)
      throws ModuleException {
    run(on, ctl + " reread");
    ExecResult said = run(on, ctl + " " + verb + " " + ShellQuote.quote(group));
    if (!said.stdout().contains(group + ": " + done + " process group")) {
      throw new ModuleException(
          "supervisorctl " + verb + " " + group + " said: " + said.stdout().strip());
    }
  }

  private static ExecResult run(Target on, String line) throws ModuleException {
    ExecResult done = on.run(Command.of(line));
    String said = (done.stdout() + done.stderr()).strip();
    if (!done.ok() || said.contains("ERROR")) {
      throw ModuleException.commandFailedWithOutput(
          "supervisorctl failed: " + said.replace('\n', ' '), done);
    }
    return done;
  }

  private static List<String> names(List<Process> processes, Predicate<String> state) {
    return processes.stream().filter(p -> state.test(p.state())).map(Process::name).toList();
  }

  /** The supervisorctl command line with its connection options, every value quoted. */
  static String command(String program, Args args) {
    StringBuilder line = new StringBuilder(program);
    addOption(line, "-c", args.optStr("config").orElse(null));
    addOption(line, "-s", args.optStr("server_url").orElse(null));
    addOption(line, "-u", args.optStr("username").orElse(null));
    addOption(line, "-p", args.optStr("password").orElse(null));
    return line.toString();
  }

  private static void addOption(StringBuilder line, String flag, String value) {
    if (value != null) {
      line.append(' ').append(flag).append(' ').append(ShellQuote.quote(value));
    }
  }

  /** One round trip: whether supervisorctl exists, then every process and its state. */
  private static String probe(String program, String ctl) {
    return "if command -v "
        + program
        + " >/dev/null 2>&1; then echo @tool; "
        + ctl
        + " status 2>&1; else echo @none; fi";
  }

  /**
   * The processes {@code name} designates in status lines ("name STATE description"): a group's
   * members for "group:", every process for "all", else the process (or group) of that name.
   */
  static List<Process> matching(List<String> statusLines, String name) {
    boolean group = name.endsWith(":");
    String wanted = group ? name.substring(0, name.length() - 1) : name;
    List<Process> found = new ArrayList<>();
    for (String line : statusLines) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 2 || !fields[1].matches("[A-Z]+")) {
        continue;
      }
      String process = fields[0];
      String processGroup =
          process.contains(":") ? process.substring(0, process.indexOf(':')) : process;
      boolean matches =
          group
              ? processGroup.equals(wanted)
              : wanted.equals("all") || process.equals(wanted) || processGroup.equals(wanted);
      if (matches) {
        found.add(new Process(process, fields[1]));
      }
    }
    return List.copyOf(found);
  }
}
