package dev.ploy.modules.containers;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.expr.Json;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compose project planned as {@code up} would change it, for docker_compose and
 * docker_compose_v2. The probe asks compose for each service's configuration hash (it covers the
 * image's id) and docker for the project's containers and the hash they were made from; with {@code
 * pull: always} it also asks the registry which image each service's tag names now, so that a new
 * image is planned (pulled, its services recreated) exactly, in check mode too.
 */
final class ComposeProject {
  private static final String LABEL = "com.docker.compose.";

  /**
   * What a compose task asks, whichever module's arguments it came from.
   *
   * @param state present, absent, stopped or restarted
   * @param recreate smart, always or never
   * @param pull always (ask the registry, pull what changed), missing (up pulls what is not there)
   *     or never (fail when an image is not there)
   * @param build always (--build), never (--no-build) or policy (up's own choice)
   * @param v2 whether the Compose v2 plugin ({@code docker compose}) is used when present
   * @param envFiles env files read instead of the project's .env ({@code --env-file})
   * @param profiles profiles whose services are enabled ({@code --profile})
   * @param dependencies whether up starts the services' dependencies too (else {@code --no-deps})
   */
  record Request(
      String dir,
      Optional<String> projectName,
      List<String> files,
      String state,
      List<String> services,
      String recreate,
      boolean removeOrphans,
      boolean removeVolumes,
      Optional<String> removeImages,
      int timeout,
      String pull,
      String build,
      boolean v2,
      List<String> envFiles,
      List<String> profiles,
      boolean dependencies) {

    /**
     * The request of a task of either compose module: the arguments both declare alike read here,
     * the others as each module means them.
     */
    static Request of(
        Args args,
        String state,
        String recreate,
        int timeout,
        String pull,
        String build,
        boolean v2,
        List<String> envFiles,
        List<String> profiles,
        boolean dependencies) {
      return new Request(
          args.str("project_src"),
          args.optStr("project_name"),
          args.strings("files"),
          state,
          args.has("services") ? args.strings("services") : List.of(),
          recreate,
          args.bool("remove_orphans"),
          args.bool("remove_volumes"),
          args.optStr("remove_images"),
          timeout,
          pull,
          build,
          v2,
          envFiles,
          profiles,
          dependencies);
    }
  }

  /** services, which both compose modules declare alike. */
  static final Arg SERVICES =
      Arg.list("services", "Only these services (all by default).")
          .elements(ArgType.STR)
          .notAnOption();

  /** What up and down remove besides the services, as both compose modules declare it. */
  static final List<Arg> REMOVALS =
      List.of(
          Arg.bool("remove_orphans", "Remove containers of services no longer in the file.")
              .defaultsTo(false),
          Arg.bool("remove_volumes", "With state: absent, remove the volumes too.")
              .defaultsTo(false),
          Arg.str("remove_images", "With state: absent, remove images too.")
              .choices("all", "local"));

  /** A container of the project, as docker inspect reports it. */
  record Container(String service, String hash, String status, String name) {
    boolean running() {
      return status.equals("running") || status.equals("restarting");
    }
  }

  private ComposeProject() {}

  static Plan plan(Target target, Request request) throws ModuleException {
    String dir = request.dir();
    String project = request.projectName().orElse(defaultName(dir)).toLowerCase(Locale.ROOT);
    if (!Docker.NAME.matcher(project).matches()) {
      throw new ModuleException(
          "project_name: '" + project + "' is not a compose project name ([a-z0-9][a-z0-9_.-]*)");
    }
    List<String> options = new ArrayList<>(List.of("--project-name", project));
    for (String file : request.files()) {
      options.addAll(List.of("--file", file));
    }
    for (String envFile : request.envFiles()) {
      // docker-compose 1.29 ignores a missing env file; Compose v2 refuses it, and so does ploy
      String test =
          "cd -- "
              + ShellQuote.quote(dir)
              + " 2>/dev/null || exit 0; [ -f "
              + ShellQuote.quote(envFile)
              + " ]";
      if (!target.run(Command.of(test)).ok()) {
        throw new ModuleException(
            "env_files: " + envFile + " is not a file on the target (in " + dir + ")");
      }
      options.addAll(List.of("--env-file", envFile));
    }
    for (String profile : request.profiles()) {
      options.addAll(List.of("--profile", profile));
    }
    boolean absent = request.state().equals("absent");
    boolean images = !absent && !request.pull().equals("missing");
    Sections probe =
        Sections.parse(
            target.run(Command.of(probe(request.v2(), dir, options, project, images))).stdout());
    if (probe.has("nocompose")) {
      throw new ModuleException(
          request.v2()
              ? "neither the Compose v2 plugin (docker compose) nor docker-compose is on the"
                  + " target: install one (apt: name: docker-compose on Debian 12, or"
                  + " docker-compose-plugin from Docker's own repository)"
              : "docker-compose is not on the target: install it first (apt: name: [docker.io,"
                  + " docker-compose])");
    }
    if (probe.has("nodir")) {
      throw new ModuleException("project_src: " + dir + " is not a directory on the target");
    }
    List<String> compose = new ArrayList<>(List.of(probe.first("program").split(" ")));
    if (compose.get(0).equals("docker-compose") && request.envFiles().size() > 1) {
      throw new ModuleException(
          "env_files: docker-compose 1.29 (used here: the target has no Compose v2 plugin) reads"
              + " one env file, not "
              + request.envFiles().size()
              + ": merge them into one");
    }
    compose.addAll(options);
    String cd = "cd -- " + ShellQuote.quote(dir) + " && ";
    Map<String, String> hashes = hashes(probe, absent);
    List<Container> containers = containers(probe.lines("containers"));
    List<String> services = request.services();
    for (String service : services) {
      if (!hashes.isEmpty() && !hashes.containsKey(service)) {
        throw new ModuleException(
            "services: '" + service + "' is not in the project (it has " + hashes.keySet() + ")");
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("services", report(containers));
    String subject = "compose project " + project;
    String timeout = String.valueOf(request.timeout());

    if (absent) {
      if (containers.isEmpty()) {
        return Plan.ok(result);
      }
      List<String> down = new ArrayList<>(compose);
      down.addAll(List.of("down", "--timeout", timeout));
      if (request.removeVolumes()) {
        down.add("--volumes");
      }
      request.removeImages().ifPresent(which -> down.addAll(List.of("--rmi", which)));
      if (request.removeOrphans()) {
        down.add("--remove-orphans");
      }
      List<Diff> diffs = new ArrayList<>();
      for (Container container : containers) {
        diffs.add(Diff.property(subject, container.name(), container.status(), "removed"));
      }
      return Plan.change(diffs, result, on -> apply(on, cd, List.of(down), compose, project));
    }

    List<Diff> diffs = new ArrayList<>();
    Set<String> pulled = new LinkedHashSet<>();
    if (images) {
      pulled.addAll(images(target, request, subject, probe, diffs, services));
    }
    String recreate = request.recreate();
    boolean stopped = request.state().equals("stopped");
    for (Map.Entry<String, String> service : hashes.entrySet()) {
      if (!services.isEmpty() && !services.contains(service.getKey())) {
        continue;
      }
      List<Container> mine =
          containers.stream().filter(c -> c.service().equals(service.getKey())).toList();
      String action =
          action(mine, service.getValue(), recreate, stopped, pulled.contains(service.getKey()));
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
    if (request.removeOrphans()) {
      for (Container container : containers) {
        if (!hashes.containsKey(container.service())) {
          diffs.add(
              Diff.property(subject, "orphan " + container.name(), container.status(), "removed"));
        }
      }
    }
    boolean restarted = request.state().equals("restarted");
    if (restarted) {
      diffs.add(Diff.property(subject, "services", "as they are", "restarted"));
    }
    if (diffs.isEmpty()) {
      return Plan.ok(result);
    }
    List<List<String>> steps = new ArrayList<>();
    if (!pulled.isEmpty()) {
      steps.add(with(compose, List.of("pull"), List.copyOf(pulled)));
    }
    List<String> up = new ArrayList<>(compose);
    up.add("up");
    up.add(stopped ? "--no-start" : "--detach");
    switch (recreate) {
      case "always" -> up.add("--force-recreate");
      case "never" -> up.add("--no-recreate");
      default -> {
        // smart: compose's own choice, the one planned above
      }
    }
    switch (request.build()) {
      case "always" -> up.add("--build");
      case "never" -> up.add("--no-build");
      default -> {
        // policy: up builds what has no image yet
      }
    }
    if (request.removeOrphans()) {
      up.add("--remove-orphans");
    }
    if (!request.dependencies()) {
      up.add("--no-deps");
    }
    if (!stopped) {
      up.addAll(List.of("--timeout", timeout));
    }
    up.addAll(services);
    steps.add(up);
    if (stopped) {
      steps.add(with(compose, List.of("stop", "--timeout", timeout), services));
    }
    if (restarted) {
      steps.add(with(compose, List.of("restart", "--timeout", timeout), services));
    }
    return Plan.change(diffs, result, on -> apply(on, cd, steps, compose, project));
  }

  /**
   * The services whose image a pull would change (pull: always), after asking the registry for the
   * image each tag names now; fails on a missing image with pull: never. Adds a diff per image.
   */
  private static Set<String> images(
      Target target,
      Request request,
      String subject,
      Sections probe,
      List<Diff> diffs,
      List<String> selected)
      throws ModuleException {
    Map<String, String> imageOf = serviceImages(probe);
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(imageOf.values()));
    if (distinct.isEmpty()) {
      return Set.of();
    }
    boolean always = request.pull().equals("always");
    StringBuilder script = new StringBuilder();
    script.append("echo @@platform\ndocker version --format '{{.Server.Os}}/{{.Server.Arch}}'\n");
    for (int i = 0; i < distinct.size(); i++) {
      String image = distinct.get(i);
      script
          .append("echo @@local-")
          .append(key(i))
          .append("\ndocker image inspect --format '{{.Id}}' ")
          .append(ShellQuote.quote(image))
          .append(" 2>/dev/null\n");
      if (always) {
        List<String> inspect = new ArrayList<>(List.of("docker", "manifest", "inspect", "-v"));
        if (insecure(image)) {
          inspect.add("--insecure");
        }
        inspect.add(image);
        script
            .append("echo @@remote-")
            .append(key(i))
            .append('\n')
            .append(ShellQuote.join(inspect))
            .append(" 2>&1\necho @@remote-rc-")
            .append(key(i))
            .append("\necho $?\n");
      }
    }
    Sections found = Sections.parse(target.run(Command.of(script.toString())).stdout());
    String platform = found.first("platform").strip();
    Set<String> newImages = new LinkedHashSet<>();
    for (int i = 0; i < distinct.size(); i++) {
      String image = distinct.get(i);
      String local = found.first("local-" + key(i)).strip();
      if (!always) {
        if (local.isEmpty()) {
          throw new ModuleException(
              "image " + image + " is not on the target, and pull: never does not fetch it");
        }
        continue;
      }
      String said = found.text("remote-" + key(i)).strip();
      // docker manifest inspect --insecure may say "no such manifest" and exit 0
      if (!found.first("remote-rc-" + key(i)).strip().equals("0")
          || !(said.startsWith("{") || said.startsWith("["))) {
        throw new ModuleException(
            "cannot ask the registry for image " + image + ": " + said.replace('\n', ' '));
      }
      String remote = configDigest(said, platform, image);
      if (!remote.equals(local)) {
        newImages.add(image);
        diffs.add(
            Diff.property(
                subject,
                "image " + image,
                local.isEmpty() ? "absent" : shortId(local),
                shortId(remote) + " (pulled)"));
      }
    }
    Set<String> services = new LinkedHashSet<>();
    imageOf.forEach(
        (service, image) -> {
          if (newImages.contains(image) && (selected.isEmpty() || selected.contains(service))) {
            services.add(service);
          }
        });
    return services;
  }

  /** A probe section's suffix for the i-th image: letters only, as section names are. */
  private static String key(int i) {
    String letters = "";
    int n = i;
    do {
      letters = (char) ('a' + n % 26) + letters;
      n = n / 26 - 1;
    } while (n >= 0);
    return letters;
  }

  /**
   * The image id (its configuration's digest) the registry's manifest names for this platform:
   * {@code docker manifest inspect -v} prints one object, or one per platform for a list.
   */
  static String configDigest(String json, String platform, String image) throws ModuleException {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new ModuleException("the registry's manifest of " + image + " is not JSON: " + json);
    }
    List<Object> entries = parsed instanceof List<?> list ? List.copyOf(list) : List.of(parsed);
    for (Object entry : entries) {
      Map<String, Object> manifest = Docker.map(entry);
      String os = Docker.string(manifest, "Descriptor", "platform", "os");
      String arch = Docker.string(manifest, "Descriptor", "platform", "architecture");
      if (entries.size() > 1 && !(os + "/" + arch).equals(platform)) {
        continue;
      }
      for (String key : List.of("SchemaV2Manifest", "OCIManifest")) {
        String digest = Docker.string(manifest, key, "config", "digest");
        if (!digest.isEmpty()) {
          return digest;
        }
      }
    }
    throw new ModuleException(
        "the registry has no " + platform + " image for " + image + " that ploy can read");
  }

  /**
   * Whether the daemon reaches this image's registry over plain HTTP by default (a registry on the
   * target itself), so that {@code docker manifest inspect} must be told so too.
   */
  static boolean insecure(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String host = image.substring(0, slash);
    return host.equals("localhost")
        || host.startsWith("localhost:")
        || host.startsWith("127.")
        || host.startsWith("[::1]");
  }

  /** service -> image, from the project's configuration as compose prints it. */
  private static Map<String, String> serviceImages(Sections probe) throws ModuleException {
    Object root;
    try {
      root = YamlReader.parse(Path.of("compose config"), probe.text("config")).root();
    } catch (YamlException e) {
      throw new ModuleException("compose printed a configuration ploy cannot read: " + e);
    }
    Map<String, String> images = new LinkedHashMap<>();
    Docker.map(Docker.map(root).get("services"))
        .forEach(
            (service, config) -> {
              Map<String, Object> options = Docker.map(config);
              if (options.get("image") != null && options.get("build") == null) {
                images.put(service, String.valueOf(options.get("image")));
              }
            });
    return images;
  }

  /** What up (or up --no-start and stop) does to one service's containers; "" for nothing. */
  private static String action(
      List<Container> containers, String hash, String recreate, boolean stopped, boolean newImage) {
    String end = stopped ? "stopped" : "running";
    if (containers.isEmpty()) {
      return "created, " + end;
    }
    if (recreate.equals("always")
        || (recreate.equals("smart")
            && (newImage || containers.stream().anyMatch(c -> !c.hash().equals(hash))))) {
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
    int program = compose.indexOf("--project-name");
    for (List<String> step : steps) {
      Docker.run(
          on,
          String.join(" ", compose.subList(0, program)) + " " + step.get(compose.size()),
          Command.of(cd + ShellQuote.join(step) + " 2>&1"));
    }
    Sections now = Sections.parse(on.run(Command.of(containersProbe(project))).stdout());
    return Map.of("services", report(containers(now.lines("containers"))));
  }

  private static List<String> with(List<String> compose, List<String> verb, List<String> services) {
    List<String> argv = new ArrayList<>(compose);
    argv.addAll(verb);
    argv.addAll(services);
    return argv;
  }

  /**
   * One round trip: which compose program is there ({@code docker compose} first when v2 is
   * wanted), each service's configuration hash (compose fails on a file it cannot read, and says
   * why), the configuration itself when images are checked, then the project's containers with the
   * hash they were made from.
   */
  static String probe(
      boolean v2, String dir, List<String> options, String project, boolean images) {
    String compose = "\"$@\" " + ShellQuote.join(options);
    return (v2 ? "if docker compose version >/dev/null 2>&1; then set -- docker compose\nel" : "")
        + "if command -v docker-compose >/dev/null 2>&1; then set -- docker-compose\n"
        + "else echo @@nocompose; exit 0; fi\n"
        + "echo @@program\necho \"$*\"\n"
        + "cd -- "
        + ShellQuote.quote(dir)
        + " 2>/dev/null || { echo @@nodir; exit 0; }\n"
        + "echo @@hashes\n"
        + compose
        + " config --hash '*' 2>&1\n"
        + "echo @@hashes-rc\necho $?\n"
        + (images ? "echo @@config\n" + compose + " config 2>/dev/null\n" : "")
        + containersProbe(project);
  }

  private static String containersProbe(String project) {
    return "echo @@containers\n"
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
  private static Map<String, String> hashes(Sections probe, boolean absent) throws ModuleException {
    Map<String, String> hashes = new LinkedHashMap<>();
    List<String> lines = probe.lines("hashes");
    if (!probe.first("hashes-rc").equals("0")) {
      String said = String.join(" ", lines).strip();
      if (absent) {
        return hashes;
      }
      throw new ModuleException("compose cannot read the project: " + said);
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

  /** compose's default project name: the directory's name, lower case, [-_a-z0-9] only. */
  static String defaultName(String dir) {
    Path name = Path.of(dir).getFileName();
    String base = name == null ? "" : name.toString();
    return base.toLowerCase(Locale.ROOT).replaceAll("[^-_a-z0-9]", "");
  }

  private static String shortId(String id) {
    String bare = id.startsWith("sha256:") ? id.substring(7) : id;
    return bare.length() > 12 ? bare.substring(0, 12) : bare;
  }
}
