package dev.ploy.modules.containers;

import dev.ploy.expr.Booleans;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.List;
import java.util.Optional;

/**
 * A docker-compose project (Compose 1, Debian's docker-compose), as community.docker.docker_compose
 * manages it, planned by {@link ComposeProject} as {@code docker-compose up -d} would change it:
 * create, recreate, start, or nothing; with {@code pull} a new image in the registry is pulled and
 * its services recreated.
 */
public final class DockerCompose implements Module {
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
          .arg(ComposeProject.SERVICES)
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
          .args(ComposeProject.REMOVALS)
          .arg(Arg.integer("timeout", "Seconds to wait for containers to stop.").defaultsTo(10))
          .arg(
              Arg.raw(
                      "pull",
                      "true or always: ask the registry which image each service's tag names now"
                          + " (docker manifest inspect, also in check mode) and pull the images that"
                          + " changed before up, recreating their services; false or missing: up"
                          + " pulls only images that are not there; never: fail when one is not"
                          + " there.")
                  .defaultsTo(false))
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

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String state = args.str("state");
    if (state.equals("present") && args.bool("stopped")) {
      state = "stopped";
    } else if (state.equals("present") && args.bool("restarted")) {
      state = "restarted";
    }
    return ComposeProject.plan(
        target,
        ComposeProject.Request.of(
            args,
            state,
            args.str("recreate"),
            (int) args.integer("timeout"),
            pullPolicy(args.get("pull")),
            "policy",
            false,
            List.of(),
            List.of(),
            true));
  }

  /** pull: true is always, false is missing (up's own rule), or the policy named. */
  static String pullPolicy(Object value) throws ModuleException {
    if (value instanceof String text && List.of("always", "missing", "never").contains(text)) {
      return text;
    }
    Optional<Boolean> flag = Booleans.parse(value);
    if (flag.isEmpty()) {
      throw new ModuleException(
          "pull: '" + value + "' is not one of true, false, always, missing, never");
    }
    return flag.get() ? "always" : "missing";
  }
}
