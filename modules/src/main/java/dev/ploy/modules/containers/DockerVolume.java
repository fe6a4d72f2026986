package dev.ploy.modules.containers;

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
import java.util.Optional;

/**
 * A named docker volume, as community.docker.docker_volume manages it, through the docker CLI on
 * the target: created when missing; an existing one is compared on its driver, the options and the
 * labels the task states, and made again only when {@code recreate} says so (its data is lost).
 */
public final class DockerVolume implements Module {
  private static final ModuleSpec SPEC =
      Docker.daemonOptions(
              ModuleSpec.builder("docker_volume")
                  .description(
                      "Creates or removes a named docker volume with the docker CLI on the target."
                          + " An existing volume whose driver, options or labels differ from the"
                          + " task's is left as it is unless recreate says otherwise (recreating"
                          + " loses its data).")
                  .arg(
                      Arg.str("volume_name", "The volume's name.")
                          .required()
                          .aliases("name")
                          .notAnOption())
                  .arg(Arg.str("driver", "The volume driver.").defaultsTo("local").notAnOption())
                  .arg(
                      Arg.dict(
                              "driver_options",
                              "The driver's options (docker volume create --opt KEY=VALUE).")
                          .defaultsTo(Map.of()))
                  .arg(Arg.dict("labels", "Labels (compared as a subset of the volume's)."))
                  .arg(
                      Arg.str(
                              "recreate",
                              "With state: present, when an existing volume is removed and made"
                                  + " again: never, options-changed (its driver, options or labels"
                                  + " differ) or always.")
                          .defaultsTo("never")
                          .choices("always", "never", "options-changed"))
                  .arg(
                      Arg.str("state", "present: the volume exists; absent: it is removed.")
                          .defaultsTo("present")
                          .choices("absent", "present"))
                  .example(
                      "- name: the database's data outlives its container\n"
                          + "  community.docker.docker_volume:\n"
                          + "    name: ocpizza-db\n"
                          + "    labels: {app: ocpizza}\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.matching("volume_name", Docker.NAME, "a volume name");
    Optional<Map<String, Object>> volume = Docker.inspectOnTarget(target, "volume", name);
    String subject = "docker volume " + name;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("volume", volume.isPresent() ? volume.get() : Map.of());
    List<String> remove = List.of("docker", "volume", "rm", name);

    if (args.str("state").equals("absent")) {
      if (volume.isEmpty()) {
        return Plan.ok(result);
      }
      return Plan.change(
          List.of(Diff.property(subject, "exists", true, false)),
          result,
          on -> {
            Docker.run(on, remove);
            return Map.of("volume", Map.of());
          });
    }

    List<Diff> diffs = new ArrayList<>();
    List<List<String>> steps = new ArrayList<>();
    if (volume.isPresent()) {
      List<Diff> differences = differences(subject, volume.get(), args);
      String recreate = args.str("recreate");
      if (recreate.equals("always")
          || (recreate.equals("options-changed") && !differences.isEmpty())) {
        diffs.add(Diff.property(subject, "volume", "as it is", "recreated (its data is lost)"));
        diffs.addAll(differences);
        steps.add(remove);
      }
    } else {
      diffs.add(Diff.property(subject, "exists", false, true));
    }
    if (diffs.isEmpty()) {
      return Plan.ok(result);
    }
    steps.add(create(name, args));
    return Plan.change(diffs, result, on -> Docker.runAllThenInspect(on, steps, "volume", name));
  }

  /** What differs from the task's driver, options and labels, as Ansible compares them. */
  private static List<Diff> differences(String subject, Map<String, Object> volume, Args args) {
    List<Diff> diffs = Docker.driverDiffs(subject, volume, args);
    if (args.has("labels")) {
      diffs.addAll(
          Docker.subsetDiffs(subject, "labels", args.dict("labels"), volume.get("Labels")));
    }
    return diffs;
  }

  private static List<String> create(String name, Args args) {
    List<String> argv = Docker.createWithDriver("volume", args);
    if (args.has("labels")) {
      argv.addAll(Docker.keyValues("--label", args.dict("labels")));
    }
    argv.add(name);
    return argv;
  }
}
