package dev.ploy.modules.containers;

import dev.ploy.connection.Command;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A docker container, as community.docker.docker_container manages it, through the docker CLI on
 * the target: one probe inspects the container and the image; a container whose configuration
 * differs from the task's (or whose image tag now names another image) is removed and created
 * again, then started or stopped as asked.
 */
public final class DockerContainer implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("docker_container")
          .description(
              "Creates, recreates, starts, stops or removes a docker container with the docker"
                  + " CLI on the target. Only the settings the task states are compared; a"
                  + " difference, or an image tag that now names another image, recreates the"
                  + " container.")
          .arg(Arg.str("name", "The container's name.").required())
          .arg(
              Arg.str(
                      "image",
                      "The image (name[:tag], latest when no tag). Needed to create the container;"
                          + " docker pulls it when it is not on the target.")
                  .notAnOption())
          .arg(
              Arg.str(
                      "state",
                      "started: exists with this configuration and runs; present: exists (a"
                          + " container recreated keeps running if it ran); stopped: exists and"
                          + " does not run; absent: removed.")
                  .defaultsTo("started")
                  .choices("absent", "present", "stopped", "started"))
          .arg(Arg.raw("command", "The command, a list or a string split as a shell would."))
          .arg(
              Arg.raw(
                  "entrypoint", "The entrypoint program (one word; its arguments go in command)."))
          .arg(Arg.dict("env", "Environment variables, on top of the image's."))
          .arg(
              Arg.list(
                      "published_ports",
                      "Ports published on the target: [IP:][HOST_PORT:]CONTAINER_PORT[/udp].")
                  .elements(ArgType.STR)
                  .aliases("ports"))
          .arg(
              Arg.list(
                      "volumes",
                      "Bind mounts and named volumes (SOURCE:/PATH[:ro]), or anonymous ones"
                          + " (/PATH).")
                  .elements(ArgType.STR))
          .arg(
              Arg.str("restart_policy", "What docker does when the container stops.")
                  .choices("no", "on-failure", "always", "unless-stopped"))
          .arg(Arg.integer("restart_retries", "Retries for restart_policy: on-failure."))
          .arg(Arg.str("network_mode", "bridge, host, none, container:NAME or a network's name."))
          .arg(Arg.str("hostname", "The container's host name."))
          .arg(Arg.dict("labels", "Labels (compared as a subset: the image adds its own)."))
          .arg(Arg.str("user", "The user (and group) the command runs as."))
          .arg(Arg.str("working_dir", "The command's working directory."))
          .arg(
              Arg.bool("recreate", "Recreate the container even when nothing differs.")
                  .defaultsTo(false))
          .arg(
              Arg.bool(
                      "restart",
                      "With state: started, restart a running container that was not recreated.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("keep_volumes", "Keep the container's anonymous volumes when removing it.")
                  .defaultsTo(true))
          .arg(Arg.bool("force_kill", "Kill instead of stopping before removal.").defaultsTo(false))
          .arg(Arg.integer("stop_timeout", "Seconds docker waits before killing on stop."))
          .example(
              "- name: maintenance page while the application is updated\n"
                  + "  community.docker.docker_container:\n"
                  + "    name: maintenance\n"
                  + "    image: httpd:2.4\n"
                  + "    published_ports: [\"80:80\"]\n"
                  + "    volumes: [\"/srv/maintenance:/usr/local/apache2/htdocs:ro\"]\n"
                  + "    restart_policy: unless-stopped\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    if (!Docker.NAME.matcher(name).matches()) {
      throw new ModuleException(
          "name: '" + name + "' is not a container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
    }
    String state = args.str("state");
    Optional<String> image = args.optStr("image").map(Docker::withTag);
    ContainerConfig config = ContainerConfig.of(args);
    List<String> create = create(name, image, config, args);

    String script = Docker.PROBE_START + Docker.inspect("container", "container", name);
    if (image.isPresent()) {
      script += Docker.inspect("image", "image", image.get());
    }
    Sections probe = Sections.parse(target.run(Command.of(script)).stdout());
    Docker.requireDocker(probe, "docker");
    Optional<Map<String, Object>> container =
        Docker.inspected(probe, "container", "container " + name);
    Optional<Map<String, Object>> imageFound =
        image.isPresent()
            ? Docker.inspected(probe, "image", "image " + image.get())
            : Optional.empty();

    String subject = "docker container " + name;
    Map<String, Object> result = new LinkedHashMap<>();
    container.ifPresent(c -> result.put("container", c));
    if (state.equals("absent")) {
      if (container.isEmpty()) {
        return Plan.ok(result);
      }
      List<List<String>> remove = remove(name, args);
      return Plan.change(
          List.of(Diff.property(subject, "state", status(container.get()), "absent")),
          result,
          on -> {
            Docker.runAll(on, remove);
            return Map.of("container", Map.of());
          });
    }

    List<Diff> diffs = new ArrayList<>();
    boolean running = container.map(DockerContainer::running).orElse(false);
    boolean makeNew;
    if (container.isEmpty()) {
      diffs.add(Diff.property(subject, "state", "absent", state));
      makeNew = true;
    } else {
      diffs.addAll(config.differences(subject, container.get(), imageFound));
      if (image.isPresent()) {
        String has = Docker.string(container.get(), "Image");
        String wanted = imageFound.map(i -> Docker.string(i, "Id")).orElse("");
        if (!has.equals(wanted)) {
          diffs.add(
              Diff.property(
                  subject,
                  "image",
                  Docker.string(container.get(), "Config", "Image") + " (" + shortId(has) + ")",
                  image.get()
                      + (wanted.isEmpty() ? " (to be pulled)" : " (" + shortId(wanted) + ")")));
        }
      }
      if (args.bool("recreate")) {
        diffs.add(Diff.property(subject, "recreate", "no", "yes"));
      }
      makeNew = !diffs.isEmpty();
    }
    if (makeNew && image.isEmpty()) {
      throw new ModuleException(
          "image: is needed to "
              + (container.isEmpty() ? "create" : "recreate")
              + " container "
              + name);
    }
    boolean runAfter = state.equals("started") || (state.equals("present") && makeNew && running);
    List<List<String>> steps = new ArrayList<>();
    if (makeNew) {
      if (container.isPresent()) {
        steps.addAll(remove(name, args));
      }
      steps.add(create);
      if (runAfter) {
        steps.add(List.of("docker", "start", name));
      }
      if (container.isPresent()) {
        diffs.add(0, Diff.property(subject, "container", "as it is", "recreated"));
      }
    } else if (state.equals("started") && !running) {
      diffs.add(Diff.property(subject, "state", status(container.get()), "running"));
      steps.add(List.of("docker", "start", name));
    } else if (state.equals("started") && args.bool("restart")) {
      diffs.add(Diff.property(subject, "state", "running", "restarted"));
      steps.add(stop(name, args, "restart"));
    } else if (state.equals("stopped") && running) {
      diffs.add(Diff.property(subject, "state", "running", "stopped"));
      steps.add(stop(name, args, "stop"));
    }
    if (steps.isEmpty()) {
      return Plan.ok(result);
    }
    return Plan.change(diffs, result, on -> Docker.runAllThenInspect(on, steps, "container", name));
  }

  private static List<String> create(
      String name, Optional<String> image, ContainerConfig config, Args args)
      throws ModuleException {
    List<String> argv = new ArrayList<>(List.of("docker", "create", "--name", name));
    argv.addAll(config.createOptions());
    args.optInt("stop_timeout").ifPresent(t -> argv.addAll(List.of("--stop-timeout", "" + t)));
    argv.add(image.orElse(""));
    config.command().ifPresent(argv::addAll);
    return argv;
  }

  /** Stops the container (its program gets its signal and stop timeout), then removes it. */
  private static List<List<String>> remove(String name, Args args) {
    List<String> rm = new ArrayList<>(List.of("docker", "rm", "--force"));
    if (!args.bool("keep_volumes")) {
      rm.add("--volumes");
    }
    rm.add(name);
    return args.bool("force_kill") ? List.of(rm) : List.of(stop(name, args, "stop"), rm);
  }

  private static List<String> stop(String name, Args args, String verb) {
    List<String> argv = new ArrayList<>(List.of("docker", verb));
    args.optInt("stop_timeout").ifPresent(t -> argv.addAll(List.of("--time", "" + t)));
    argv.add(name);
    return argv;
  }

  private static boolean running(Map<String, Object> container) {
    return Boolean.TRUE.equals(Docker.path(container, "State", "Running"));
  }

  private static String status(Map<String, Object> container) {
    return Docker.string(container, "State", "Status");
  }

  private static String shortId(String id) {
    String bare = id.startsWith("sha256:") ? id.substring(7) : id;
    return bare.length() > 12 ? bare.substring(0, 12) : bare;
  }
}
