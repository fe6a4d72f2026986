package dev.ploy.modules.containers;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A docker-compose project (Compose 1, Debian's docker-compose), as community.docker.docker_compose
 * manages it. The probe asks docker-compose for each service's configuration hash (it covers the
 * image's id) and docker for the project's containers and the hash they were made from, so the plan
 * is what {@code docker-compose up -d} would do: create, recreate, start, or nothing.
 */
public final class DockerCompose implements Module {
  private static final String LABEL = "com.docker.compose.";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("docker_compose")
          .description(
              "Brings a docker-compose project up, stops, restarts or removes it with"
                  + " docker-compose on the target. The plan is exact: a service is recreated"
                  + " only when its configuration or image changed, started only when it does"
                  + " not run.")
          .arg(
              Arg.path("project_src", "The directory of docker-compose.yml (and its .env).")
                  .required())
          .arg(
              Arg.list("files", "Compose files in project_src, instead of docker-compose.yml.")
                  .elements(ArgType.STR))
          .arg(
              Arg.str(
                  "project_name",
                  "The project's name; by default project_src's directory name, as"
                      + " docker-compose names it."))
          .arg(Arg.presence("present: up; absent: down (containers and networks removed)."))
          .arg(
              Arg.list("services", "Only these services (all by default).")
                  .elements(ArgType.STR)
                  .notAnOption())
          .arg(
              Arg.str(
                      "recreate",
                      "smart: recreate services whose configuration or image changed; always;"
                          + " never.")
                  .defaultsTo("smart")
                  .choices("always", "never", "smart"))
          .arg(
              Arg.bool("stopped", "The services' containers exist but do not run.")
                  .defaultsTo(false))
          .arg(Arg.bool("restarted", "Restart the services (always a change).").defaultsTo(false))
          .arg(
              Arg.bool("remove_orphans", "Remove containers of services no longer in the file.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("remove_volumes", "With state: absent, remove the volumes too.")
                  .defaultsTo(false))
          .arg(
              Arg.str("remove_images", "With state: absent, remove images too.")
                  .choices("all", "local"))
          .arg(Arg.integer("timeout", "Seconds to wait for containers to stop.").defaultsTo(10))
          .example(
              "- name: the application's stack runs\n"
                  + "  community.docker.docker_compose:\n"
                  + "    project_src: /srv/ocpizza\n"
                  + "    remove_orphans: true\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** A container of the project, as docker inspect reports it. */
  record Container(String service, String hash, String status, String name) {
    boolean running() {
      return status.equals("running") || status.equals("restarting");
    }
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String dir = args.str("project_src");
    String project = args.optStr("project_name").orElse(defaultName(dir)).toLowerCase(Locale.ROOT);
    if (!Docker.NAME.matcher(project).matches()) {
      throw new ModuleException(
          "project_name: '" + project + "' is not a compose project name ([a-z0-9][a-z0-9_.-]*)");
    }
    List<String> compose = new ArrayList<>(List.of("docker-compose", "--project-name", project));
    for (String file : args.strings("files")) {
      compose.addAll(List.of("--file", file));
    }
    String cd = "cd -- " + ShellQuote.quote(dir) + " && ";

    Sections probe = Sections.parse(target.run(Command.of(probe(cd, compose, project))).stdout());
    if (probe.has("nodocker")) {
      Docker.requireDocker(probe, "docker-compose");
    }
    if (probe.has("nodir")) {
      throw new ModuleException("project_src: " + dir + " is not a directory on the target");
    }
    Map<String, String> hashes = hashes(probe, args.str("state"));
    List<Container> containers = containers(probe.lines("containers"));
    List<String> services = args.has("services") ? args.strings("services") : List.of();
    for (String service : services) {
      if (!hashes.isEmpty() && !hashes.containsKey(service)) {
        throw new ModuleException(
            "services: '" + service + "' is not in the project (it has " + hashes.keySet() + ")");
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("services", report(containers));
    String subject = "compose project " + project;
    int timeout = (int) args.integer("timeout");

    if (!args.present()) {
      if (containers.isEmpty()) {
        return Plan.ok(result);
      }
      List<String> down = new ArrayList<>(compose);
      down.addAll(List.of("down", "--timeout", String.valueOf(timeout)));
      if (args.bool("remove_volumes")) {
        down.add("--volumes");
      }
      args.optStr("remove_images").ifPresent(images -> down.addAll(List.of("--rmi", images)));
      if (args.bool("remove_orphans")) {
        down.add("--remove-orphans");
      }
      List<Diff> diffs = new ArrayList<>();
      for (Container container : containers) {
        diffs.add(Diff.property(subject, container.name(), container.status(), "removed"));
      }
      return Plan.change(diffs, result, on -> apply(on, cd, List.of(down), compose, project));
    }

    String recreate = args.str("recreate");
    boolean stopped = args.bool("stopped");
    List<Diff> diffs = new ArrayList<>();
    for (Map.Entry<String, String> service : hashes.entrySet()) {
      if (!services.isEmpty() && !services.contains(service.getKey())) {
        continue;
      }
      List<Container> mine =
          containers.stream().filter(c -> c.service().equals(service.getKey())).toList();
      String action = action(mine, service.getValue(), recreate, stopped);
      if (!action.isEmpty()) {
        String before =
            mine.isEmpty()
                ? "absent"
                : mine.stream()
                    .map(Container::status)
                    .distinct()
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
        diffs.add(Diff.property(subject, "service " + service.getKey(), before, action));
      }
    }
    if (args.bool("remove_orphans")) {
      for (Container container : containers) {
        if (!hashes.containsKey(container.service())) {
          diffs.add(
              Diff.property(subject, "orphan " + container.name(), container.status(), "removed"));
        }
      }
    }
    if (args.bool("restarted")) {
      diffs.add(Diff.property(subject, "services", "as they are", "restarted"));
    }
    if (diffs.isEmpty()) {
      return Plan.ok(result);
    }
    List<String> up = new ArrayList<>(compose);
    up.add("up");
    up.add(stopped ? "--no-start" : "--detach");
    switch (recreate) {
      case "always" -> up.add("--force-recreate");
      case "never" -> up.add("--no-recreate");
      default -> {
        // smart: docker-compose's own choice, the one planned above
      }
    }
    if (args.bool("remove_orphans")) {
      up.add("--remove-orphans");
    }
    if (!stopped) {
      up.addAll(List.of("--timeout", String.valueOf(timeout)));
    }
    up.addAll(services);
    List<List<String>> steps = new ArrayList<>(List.of(up));
    if (stopped) {
      steps.add(with(compose, List.of("stop", "--timeout", String.valueOf(timeout)), services));
    }
    if (args.bool("restarted")) {
      steps.add(with(compose, List.of("restart", "--timeout", String.valueOf(timeout)), services));
    }
    return Plan.change(diffs, result, on -> apply(on, cd, steps, compose, project));
  }

  /** What up (or up --no-start and stop) does to one service's containers; "" for nothing. */
  private static String action(
      List<Container> containers, String hash, String recreate, boolean stopped) {
    String end = stopped ? "stopped" : "running";
    if (containers.isEmpty()) {
      return "created, " + end;
    }
    if (recreate.equals("always")
        || (recreate.equals("smart")
            && containers.stream().anyMatch(c -> !c.hash().equals(hash)))) {
      return "recreated, " + end;
    }
    if (!stopped && containers.stream().anyMatch(c -> !c.running())) {
      return "started";
    }
    if (stopped && containers.stream().anyMatch(Container::running)) {
      return "stopped";
    }
    return "";
  }

  private static Map<String, Object> apply(
      Target on, String cd, List<List<String>> steps, List<String> compose, String project)
      throws ModuleException {
    for (List<String> step : steps) {
      Docker.run(
          on,
          "docker-compose " + step.get(compose.size()),
          Command.of(cd + ShellQuote.join(step) + " 2>&1"));
    }
    Sections now = Sections.parse(on.run(Command.of(probe(cd, compose, project))).stdout());
    return Map.of("services", report(containers(now.lines("containers"))));
  }

  private static List<String> with(List<String> compose, List<String> verb, List<String> services) {
    List<String> argv = new ArrayList<>(compose);
    argv.addAll(verb);
    argv.addAll(services);
    return argv;
  }

  /**
   * One round trip: each service's configuration hash from docker-compose (it fails on a file it
   * cannot read, and says why), then the project's containers with the hash they were made from.
   */
  private static String probe(String cd, List<String> compose, String project) {
    return "command -v docker-compose >/dev/null 2>&1 || { echo @@nodocker; exit 0; }\n"
        + cd.replace(" && ", "")
        + " 2>/dev/null || { echo @@nodir; exit 0; }\n"
        + "echo @@hashes\n"
        + ShellQuote.join(compose)
        + " config --hash '*' 2>&1\n"
        + "echo @@hashes-rc\necho $?\n"
        + "echo @@containers\n"
        + "docker ps --all --quiet --filter "
        + ShellQuote.quote("label=" + LABEL + "project=" + project)
        + " --filter "
        + ShellQuote.quote("label=" + LABEL + "oneoff=False")
        + " | xargs -r docker inspect --format "
        + ShellQuote.quote(
            "{{index .Config.Labels \""
                + LABEL
                + "service\"}} {{index .Config.Labels \""
                + LABEL
                + "config-hash\"}} {{.State.Status}} {{.Name}}")
        + "\n";
  }

  /**
   * service -> configuration hash. An image that is not there yet (to be built or pulled by up)
   * leaves a hash that matches no container; any other complaint is the task's error.
   */
  private static Map<String, String> hashes(Sections probe, String state) throws ModuleException {
    Map<String, String> hashes = new LinkedHashMap<>();
    List<String> lines = probe.lines("hashes");
    if (!probe.first("hashes-rc").equals("0")) {
      String said = String.join(" ", lines).strip();
      if (state.equals("absent")) {
        return hashes;
      }
      throw new ModuleException("docker-compose cannot read the project: " + said);
    }
    for (String line : lines) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 2) {
        hashes.put(fields[0], fields[1]);
      }
    }
    return hashes;
  }

  static List<Container> containers(List<String> lines) {
    List<Container> out = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.strip().split(" ");
      if (fields.length == 4) {
        String name = fields[3].startsWith("/") ? fields[3].substring(1) : fields[3];
        out.add(new Container(fields[0], fields[1], fields[2], name));
      }
    }
    return out;
  }

  /** Ansible's result shape: service -> container -> state. */
  private static Map<String, Object> report(List<Container> containers) {
    Map<String, Object> services = new LinkedHashMap<>();
    for (Container container : containers) {
      @SuppressWarnings("unchecked")
      Map<String, Object> byName =
          (Map<String, Object>)
              services.computeIfAbsent(container.service(), s -> new LinkedHashMap<>());
      byName.put(
          container.name(),
          Map.of("state", Map.of("running", container.running(), "status", container.status())));
    }
    return services;
  }

  /** docker-compose's default project name: the directory's name, lower case, [-_a-z0-9] only. */
  static String defaultName(String dir) {
    Path name = Path.of(dir).getFileName();
    String base = name == null ? "" : name.toString();
    return base.toLowerCase(Locale.ROOT).replaceAll("[^-_a-z0-9]", "");
  }
}
