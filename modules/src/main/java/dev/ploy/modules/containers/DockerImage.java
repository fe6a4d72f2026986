package dev.ploy.modules.containers;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.expr.Booleans;
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
 * A docker image on the target, as community.docker.docker_image manages it: when the name:tag is
 * missing it is built from a directory on the target, loaded from an archive, or pulled; absent
 * removes the tag. An image already there is left alone.
 */
public final class DockerImage implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("docker_image")
          .description(
              "Builds, loads, pulls or removes a docker image on the target (docker CLI). An"
                  + " image whose name:tag is already there is not built again.")
          .arg(
              Arg.str("name", "The image's name; a ':tag' in it overrides tag.")
                  .required()
                  .notAnOption())
          .arg(Arg.str("tag", "The tag.").defaultsTo("latest"))
          .arg(
              Arg.str(
                      "source",
                      "Where a missing image comes from: build (build.path on the target), load"
                          + " (load_path, a docker save archive), pull, or local (fail when"
                          + " missing). Defaults to build or load when their argument is given.")
                  .choices("build", "load", "pull", "local"))
          .arg(
              Arg.dict(
                  "build",
                  "For source: build: path (the context directory, required), dockerfile, args"
                      + " (build arguments), nocache, pull (newer base images)."))
          .arg(Arg.path("load_path", "For source: load: the archive on the target."))
          .arg(Arg.presence("present or absent."))
          .arg(
              Arg.bool(
                      "force_absent",
                      "With state: absent, remove the image even when containers use it.")
                  .defaultsTo(false))
          .example(
              "- name: the application's image, built on the server\n"
                  + "  community.docker.docker_image:\n"
                  + "    name: ocpizza\n"
                  + "    tag: \"{{ app_version }}\"\n"
                  + "    source: build\n"
                  + "    build:\n"
                  + "      path: /srv/ocpizza/src\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String ref = reference(args.str("name"), args.str("tag"));
    String state = args.str("state");
    List<List<String>> steps = state.equals("present") ? obtain(ref, args) : List.of();

    Optional<Map<String, Object>> image = Docker.inspectOnTarget(target, "image", ref);
    Map<String, Object> result = new LinkedHashMap<>();
    image.ifPresent(i -> result.put("image", i));
    String subject = "docker image " + ref;

    if (state.equals("absent")) {
      if (image.isEmpty()) {
        return Plan.ok(result);
      }
      List<String> rm = new ArrayList<>(List.of("docker", "image", "rm"));
      if (args.bool("force_absent")) {
        rm.add("--force");
      }
      rm.add(ref);
      return Plan.change(
          List.of(Diff.property(subject, "state", "present", "absent")),
          result,
          on -> {
            Docker.run(on, rm);
            return Map.of("image", Map.of());
          });
    }
    if (image.isPresent()) {
      return Plan.ok(result);
    }
    String source = source(args);
    if (source.equals("local")) {
      throw new ModuleException(
          "image " + ref + " is not on the target (source: local only checks that it is)");
    }
    return Plan.change(
        List.of(Diff.property(subject, "state", "absent", "present (" + source + ")")),
        result,
        on -> {
          Docker.runAll(on, steps);
          if (!on.run(Command.argv("docker", "image", "inspect", ref)).ok()) {
            throw new ModuleException(
                "docker " + source + " did not give image " + ref + " (check the name and tag)");
          }
          return Map.of("image", Docker.inspectNow(on, "image", ref));
        });
  }

  /** name:tag, a tag in the name winning over the tag argument as with Ansible. */
  static String reference(String name, String tag) {
    String last = name.substring(name.lastIndexOf('/') + 1);
    return name.contains("@") || last.contains(":") ? name : name + ":" + tag;
  }

  private static String source(Args args) throws ModuleException {
    if (args.has("source")) {
      return args.str("source");
    }
    if (args.has("build")) {
      return "build";
    }
    if (args.has("load_path")) {
      return "load";
    }
    throw new ModuleException("source: is needed with state: present (build, load, pull or local)");
  }

  /** The commands that bring a missing image, checked before any host is probed. */
  private static List<List<String>> obtain(String ref, Args args) throws ModuleException {
    return switch (source(args)) {
      case "build" -> List.of(build(ref, args));
      case "load" -> {
        String archive =
            args.optStr("load_path")
                .orElseThrow(() -> new ModuleException("source: load needs load_path:"));
        yield List.of(List.of("docker", "load", "--input", archive));
      }
      case "pull" -> List.of(List.of("docker", "pull", ref));
      default -> List.of();
    };
  }

  private static List<String> build(String ref, Args args) throws ModuleException {
    Map<String, Object> build = args.has("build") ? args.dict("build") : Map.of();
    for (String key : build.keySet()) {
      if (!List.of("path", "dockerfile", "args", "nocache", "pull").contains(key)) {
        throw new ModuleException(
            "build: unknown key '" + key + "' (path, dockerfile, args, nocache, pull)");
      }
    }
    Object path = build.get("path");
    if (path == null) {
      throw new ModuleException("source: build needs build: {path: DIRECTORY on the target}");
    }
    List<String> argv = new ArrayList<>(List.of("docker", "build", "--tag", ref));
    if (build.get("dockerfile") != null) {
      // relative to the context directory, as with Ansible (docker's own -f is relative to $PWD)
      String dockerfile = String.valueOf(build.get("dockerfile"));
      argv.addAll(
          List.of("--file", dockerfile.startsWith("/") ? dockerfile : path + "/" + dockerfile));
    }
    if (build.get("args") instanceof Map<?, ?> buildArgs) {
      buildArgs.forEach((k, v) -> argv.addAll(List.of("--build-arg", k + "=" + v)));
    }
    if (truthy(build.get("nocache"))) {
      argv.add("--no-cache");
    }
    if (truthy(build.get("pull"))) {
      argv.add("--pull");
    }
    argv.add(ShellQuote.operand(String.valueOf(path)));
    return argv;
  }

  private static boolean truthy(Object value) {
    return Booleans.isTrue(value);
  }
}
