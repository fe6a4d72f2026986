package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.facts.Sections;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * service_facts: the target's services as ansible.builtin.service_facts reports them, in {@code
 * ansible_facts.services}: the init scripts {@code service --status-all} lists (source sysv), then
 * systemd's units and unit files (source systemd). Reads only: one command, and one more for the
 * state of unit files systemd has not loaded.
 */
public final class ServiceFacts implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("service_facts")
          .description(
              "Reads the target's services into ansible_facts.services: NAME -> {name, state"
                  + " (running, stopped...), status (enabled, disabled, static, not-found...),"
                  + " source (systemd or sysv)}. Changes nothing.")
          .example(
              "- name: Read the services\n"
                  + "  ansible.builtin.service_facts:\n"
                  + "- ansible.builtin.debug:\n"
                  + "    msg: \"nginx is {{ ansible_facts.services['nginx.service'].state }}\"\n")
          .build();

  static final String PROBE =
      String.join(
          "\n",
          "export LC_ALL=C",
          "echo @@sysv",
          "if command -v service >/dev/null 2>&1 && ! command -v chkconfig >/dev/null 2>&1"
              + " && ! command -v rc-status >/dev/null 2>&1; then service --status-all 2>&1; fi",
          "if grep -q systemd /proc/1/comm 2>/dev/null && command -v systemctl >/dev/null 2>&1;"
              + " then",
          "  echo @@units; systemctl list-units --no-pager --type service --all",
          "  echo @@files; systemctl list-unit-files --no-pager --type service --all",
          "fi",
          "echo @@end");

  private static final Pattern SYSV = Pattern.compile("^\\s*\\[ ([+-]) \\]\\s+(.+)$");
  private static final Set<String> BAD_STATES = Set.of("not-found", "masked", "failed");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Sections probe =
        Sections.parse(
            ModuleException.requireOk(target.run(Command.of(PROBE)), "could not list the services")
                .stdout());
    Map<String, Object> services = new LinkedHashMap<>();
    for (String line : probe.lines("sysv")) {
      Matcher match = SYSV.matcher(line);
      if (match.matches()) {
        String name = match.group(2);
        services.put(
            name, service(name, match.group(1).equals("+") ? "running" : "stopped", null, "sysv"));
      }
    }
    Map<String, Map<String, Object>> units = units(probe.lines("units"));
    List<String> unloaded = new ArrayList<>();
    Map<String, String> fileStatus = new LinkedHashMap<>();
    for (String line : probe.lines("files")) {
      if (!line.contains(".service")) {
        continue;
      }
      String[] fields = line.strip().split("\\s+");
      if (fields.length < 2) {
        throw new ModuleException(
            "Malformed output discovered from systemd list-unit-files: " + line);
      }
      fileStatus.put(fields[0], fields[1]);
      if (!units.containsKey(fields[0])) {
        unloaded.add(fields[0]);
      }
    }
    Map<String, String> states = activeStates(target, unloaded);
    fileStatus.forEach(
        (name, status) -> {
          Map<String, Object> unit = units.get(name);
          if (unit == null) {
            units.put(name, service(name, states.get(name), status, "systemd"));
          } else if (!BAD_STATES.contains((String) unit.get("status"))) {
            unit.put("status", status);
          }
        });
    services.putAll(units);
    Map<String, Object> result = new LinkedHashMap<>();
    if (services.isEmpty()) {
      result.put(
          "msg",
          "Failed to find any services. This can be due to privileges or some other"
              + " configuration issue.");
      return Plan.ok(result);
    }
    result.put("ansible_facts", Map.of("services", services));
    return Plan.ok(result);
  }

  /** systemd's loaded units, as the Python module reads {@code systemctl list-units}. */
  static Map<String, Map<String, Object>> units(List<String> lines) {
    Map<String, Map<String, Object>> units = new LinkedHashMap<>();
    for (String line : lines) {
      if (!line.contains(".service")) {
        continue;
      }
      List<String> fields = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
      String status = null;
      for (String bad : BAD_STATES) {
        if (fields.contains(bad)) {
          status = bad;
          // the marker (●) before a unit in a bad state
          fields.remove(0);
          break;
        }
      }
      if (fields.size() < 4) {
        continue;
      }
      if (status == null) {
        status = fields.get(2);
      }
      String name = fields.get(0);
      units.put(
          name,
          service(
              name, fields.get(3).equals("running") ? "running" : "stopped", status, "systemd"));
    }
    return units;
  }

  /** The ActiveState of each unit (unknown when systemctl cannot show it), in one command. */
  private static Map<String, String> activeStates(Target target, List<String> units)
      throws ModuleException {
    Map<String, String> states = new LinkedHashMap<>();
    if (units.isEmpty()) {
      return states;
    }
    StringBuilder script = new StringBuilder("export LC_ALL=C\n");
    for (String unit : units) {
      script
          .append("echo @@unit; s=$(systemctl show --property=ActiveState -- ")
          .append(ShellQuote.quote(unit))
          .append(" 2>/dev/null) && printf '%s\\n' \"$s\"\n");
    }
    List<String> out =
        Arrays.asList(
            ModuleException.requireOk(
                    target.run(Command.of(script.toString())), "could not read unit states")
                .stdout()
                .split("\n", -1));
    int next = 0;
    for (String line : out) {
      if (line.equals("@@unit")) {
        states.put(units.get(next++), "unknown");
      } else if (next > 0 && !line.isEmpty()) {
        states.put(units.get(next - 1), line.replace("ActiveState=", "").stripTrailing());
      }
    }
    return states;
  }

  private static Map<String, Object> service(
      String name, String state, String status, String source) {
    Map<String, Object> service = new LinkedHashMap<>();
    service.put("name", name);
    service.put("state", state == null ? "unknown" : state);
    if (status != null) {
      service.put("status", status);
    }
    service.put("source", source);
    return service;
  }
}
