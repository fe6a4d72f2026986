package dev.ploy.modules.containers;

import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;

/**
 * A compose project as community.docker.docker_compose_v2 manages it: through the Compose v2 plugin
 * ({@code docker compose}) when the target has it, else through Debian 12's docker-compose 1.29,
 * which reads the same files, labels its containers the same way and takes the same commands and
 * options for what this module does; planned by {@link ComposeProject} as {@code up} would change
 * the project.
 */
public final class DockerComposeV2 implements Module {
  private static final String CLI = "Not used: ploy runs compose on the target itself.";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("docker_compose_v2")
          .description(
              "Brings a compose project up, stops, restarts or removes it, with the Compose v2"
                  + " plugin (docker compose) on the target, or docker-compose 1.29 where the"
                  + " plugin is missing (Debian 12 ships only that one). The plan is exact: a"
                  + " service is recreated only when its configuration or image changed (with"
                  + " pull: always, the image the registry's tag names now).")
          .arg(
              Arg.path("project_src", "The directory of the compose file (and its .env).")
                  .required())
          .arg(
              Arg.list("files", "Compose files in project_src, instead of the default one.")
                  .elements(ArgType.STR))
          .arg(
              Arg.str(
                  "project_name",
                  "The project's name; by default project_src's directory name, as compose"
                      + " names it."))
          .arg(
              Arg.str(
                      "state",
                      "present: up; stopped: the containers exist and do not run; restarted:"
                          + " up, then restart (always a change); absent: down.")
                  .defaultsTo("present")
                  .choices("absent", "present", "stopped", "restarted"))
          .arg(
              Arg.str(
                      "pull",
                      "always: ask the registry which image each service's tag names now (also"
                          + " in check mode) and pull the changed ones before up, recreating"
                          + " their services; missing and policy: up pulls only images that are"
                          + " not there; never: fail when one is not there.")
                  .defaultsTo("policy")
                  .choices("always", "missing", "never", "policy"))
          .arg(
              Arg.str(
                      "build",
                      "always: build images before up (--build); never: never build"
                          + " (--no-build); policy: build what has no image yet.")
                  .defaultsTo("policy")
                  .choices("always", "never", "policy"))
          .arg(
              Arg.str(
                      "recreate",
                      "auto: recreate services whose configuration or image changed; always;"
                          + " never.")
                  .defaultsTo("auto")
                  .choices("always", "never", "auto"))
          .arg(ComposeProject.SERVICES)
          .args(ComposeProject.REMOVALS)
          .arg(Arg.integer("timeout", "Seconds to wait for containers to stop (default 10)."))
          .arg(
              Arg.bool(
                      "dependencies",
                      "With services: start their dependencies too (false: up --no-deps).")
                  .defaultsTo(true))
          .arg(
              Arg.list(
                      "env_files",
                      "Env files read instead of project_src's .env (--env-file; docker-compose"
                          + " 1.29 reads one).")
                  .elements(ArgType.PATH)
                  .notAnOption())
          .arg(
              Arg.list("profiles", "Profiles whose services are enabled too (--profile).")
                  .elements(ArgType.STR)
                  .notAnOption())
          .notHonoured(Arg.path("docker_cli", CLI))
          .notHonoured(Arg.str("docker_host", CLI).aliases("docker_url"))
          .notHonoured(Arg.str("cli_context", CLI))
          .notHonoured(Arg.str("api_version", CLI).aliases("docker_api_version"))
          .notHonoured(Arg.path("ca_path", CLI).aliases("ca_cert", "tls_ca_cert", "cacert_path"))
          .notHonoured(Arg.path("client_cert", CLI).aliases("tls_client_cert", "cert_path"))
          .notHonoured(Arg.path("client_key", CLI).aliases("tls_client_key", "key_path"))
          .notHonoured(Arg.bool("tls", CLI).defaultsTo(false))
          .notHonoured(Arg.str("tls_hostname", CLI))
          .notHonoured(Arg.bool("validate_certs", CLI).aliases("tls_verify").defaultsTo(false))
          .example(
              "- name: the application's stack runs the newest image\n"
                  + "  community.docker.docker_compose_v2:\n"
                  + "    project_src: /srv/ocpizza\n"
                  + "    pull: always\n"
                  + "    remove_orphans: true\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String recreate = args.str("recreate");
    String pull = args.str("pull");
    return ComposeProject.plan(
        target,
        ComposeProject.Request.of(
            args,
            args.str("state"),
            recreate.equals("auto") ? "smart" : recreate,
            (int) args.optInt("timeout").orElse(10L).longValue(),
            pull.equals("policy") ? "missing" : pull,
            args.str("build"),
            true,
            args.strings("env_files"),
            args.strings("profiles"),
            args.bool("dependencies")));
  }
}
