package dev.ploy.modules.net;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waits for a port, a file or a pattern, polling on the target itself in one shell script (nc when
 * present, else bash's /dev/tcp), so "127.0.0.1" means the target. It never changes anything.
 */
public final class WaitFor implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("wait_for")
          .description(
              "Waits, on the target, until a TCP port accepts (or refuses) connections, a file"
                  + " exists (or is gone), or a pattern appears in a file or on a port. Never"
                  + " changes anything; fails after timeout.")
          .arg(
              Arg.str("host", "Host to connect to, as the target sees it.")
                  .defaultsTo("127.0.0.1")
                  .notAnOption())
          .arg(Arg.integer("port", "TCP port to wait for."))
          .arg(Arg.path("path", "File to wait for."))
          .arg(
              Arg.str(
                      "state",
                      "started/present: reachable or existing; stopped/absent: closed or gone;"
                          + " drained: no established connections on the port.")
                  .choices("started", "stopped", "present", "absent", "drained")
                  .defaultsTo("started"))
          .arg(
              Arg.str(
                  "search_regex",
                  "Extended regular expression (grep -E) to find in the file or the port's"
                      + " greeting."))
          .arg(Arg.integer("delay", "Seconds to wait before the first check.").defaultsTo(0L))
          .arg(Arg.integer("timeout", "Seconds to wait in all before failing.").defaultsTo(300L))
          .arg(Arg.integer("sleep", "Seconds between checks.").defaultsTo(1L))
          .arg(Arg.integer("connect_timeout", "Seconds one connection may take.").defaultsTo(5L))
          .arg(Arg.str("msg", "Failure message instead of the default one."))
          .mutuallyExclusive("port", "path")
          .notHonoured(
              Arg.list("active_connection_states", "Connection states counted by state: drained."))
          .notHonoured(Arg.list("exclude_hosts", "Hosts whose connections state: drained ignores."))
          .requiredIf("state", "drained", "port")
          .example(
              "- name: Wait for the application to listen\n"
                  + "  ansible.builtin.wait_for:\n"
                  + "    port: 8080\n"
                  + "    timeout: 60\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String state = args.str("state");
    String host = args.str("host");
    Long port = args.optInt("port").orElse(null);
    String path = args.optStr("path").orElse(null);
    String regex = args.optStr("search_regex").orElse(null);
    long timeout = args.integer("timeout");
    long delay = args.integer("delay");
    long connect = Math.max(1, args.integer("connect_timeout"));
    if (port != null && (port < 1 || port > 65535)) {
      throw new ModuleException("port " + port + " is not a TCP port (1-65535)");
    }
    String check = condition(state, host, port, path, regex, connect);

    List<String> lines = new ArrayList<>();
    lines.add("start=$(date +%s)");
    lines.add("probe() { " + check + "; }");
    lines.add("sleep " + delay);
    lines.add("while :; do");
    lines.add("  if probe; then echo \"@@ok $(( $(date +%s) - start ))\"; exit 0; fi");
    lines.add(
        "  if [ $(( $(date +%s) - start )) -ge "
            + timeout
            + " ]; then echo \"@@timeout $(( $(date +%s) - start ))\"; exit 0; fi");
    lines.add("  sleep " + Math.max(0, args.integer("sleep")));
    lines.add("done");
    Duration limit = Duration.ofSeconds(delay + timeout + 2 * connect + 30);
    ExecResult result = target.run(Command.of(String.join("\n", lines)).withTimeout(limit));
    String out = result.stdout().strip();
    String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", state);
    if (port != null) {
      data.put("port", port);
    }
    if (path != null) {
      data.put("path", path);
    }
    if (regex != null) {
      data.put("search_regex", regex);
    }
    String[] words = last.split(" ");
    if (words.length == 2 && words[1].matches("\\d+")) {
      data.put("elapsed", Long.parseLong(words[1]));
    }
    if (last.startsWith("@@ok")) {
      return Plan.ok(data);
    }
    if (!last.startsWith("@@timeout")) {
      throw new ModuleException(
          "wait_for could not run on the target: " + (result.stderr() + result.stdout()).strip(),
          data);
    }
    String what =
        port != null ? "for " + host + ":" + port : "for " + (path == null ? "nothing" : path);
    throw new ModuleException(
        args.optStr("msg").orElse("Timeout when waiting " + what + describe(state, regex)), data);
  }

  private static String describe(String state, String regex) {
    return regex != null ? " to contain " + regex : " to be " + state;
  }

  /** A shell condition that holds when the awaited state is reached. */
  static String condition(
      String state, String host, Long port, String path, String regex, long connect) {
    boolean wantUp = state.equals("started") || state.equals("present");
    if (path != null) {
      String p = ShellQuote.quote(path);
      if (regex != null) {
        String found = "grep -Eq -- " + ShellQuote.quote(regex) + " " + p + " 2>/dev/null";
        return wantUp ? found : "! " + found;
      }
      return wantUp ? "[ -e " + p + " ]" : "[ ! -e " + p + " ]";
    }
    if (port == null) {
      return "true";
    }
    if (state.equals("drained")) {
      return "[ -z \"$(ss -Htn state established '( sport = :" + port + " )' 2>/dev/null)\" ]";
    }
    String h = ShellQuote.quote(host);
    // connects (and reads the greeting, for search_regex) with nc when present, else bash /dev/tcp
    String open =
        regex != null
            ? "timeout "
                + connect
                + " bash -c 'exec 3<>\"/dev/tcp/$1/$2\" && timeout 1 cat <&3' _ "
                + h
                + " "
                + port
                + " 2>/dev/null | grep -Eq -- "
                + ShellQuote.quote(regex)
            : "{ if command -v nc >/dev/null 2>&1; then nc -z -w "
                + connect
                + " "
                + h
                + " "
                + port
                + "; else timeout "
                + connect
                + " bash -c 'exec 3<>\"/dev/tcp/$1/$2\"' _ "
                + h
                + " "
                + port
                + "; fi; } >/dev/null 2>&1";
    return wantUp ? open : "! " + open;
  }
}
