package dev.ploy.modules.containers;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.expr.Json;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The docker CLI on the target, as the docker modules share it: the probe that says whether docker
 * is there, {@code docker inspect} read as JSON, and commands that fail with what docker said.
 */
final class Docker {
  /** docker's rule for container names (and compose project names, lower-cased). */
  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  /** Starts a probe script: a target without docker answers with one section, {@code nodocker}. */
  static final String PROBE_START =
      "command -v docker >/dev/null 2>&1 || { echo @@nodocker; exit 0; }\n";

  private Docker() {}

  /**
   * The options community.docker's modules take to reach a daemon through the Docker SDK (its
   * docker.py fragment): accepted and warned about, since ploy runs the docker CLI on the target
   * against the daemon it is set up for there.
   */
  static ModuleSpec.Builder daemonOptions(ModuleSpec.Builder spec) {
    String cli = "Not used: ploy runs the docker CLI on the target, with its own daemon.";
    return spec.notHonoured(Arg.str("docker_host", cli).aliases("docker_url"))
        .notHonoured(Arg.str("api_version", cli).aliases("docker_api_version"))
        .notHonoured(Arg.path("ca_cert", cli).aliases("tls_ca_cert", "cacert_path"))
        .notHonoured(Arg.path("client_cert", cli).aliases("tls_client_cert", "cert_path"))
        .notHonoured(Arg.path("client_key", cli).aliases("tls_client_key", "key_path"))
        .notHonoured(Arg.str("ssl_version", cli))
        .notHonoured(Arg.bool("tls", cli).defaultsTo(false))
        .notHonoured(Arg.str("tls_hostname", cli))
        .notHonoured(Arg.bool("validate_certs", cli).aliases("tls_verify").defaultsTo(false))
        .notHonoured(Arg.bool("use_ssh_client", cli).defaultsTo(false))
        .notHonoured(Arg.integer("timeout", "Ansible's API timeout. " + cli).defaultsTo(60))
        .notHonoured(
            Arg.bool("debug", "Not used: --diff and -vvv show what ploy does.").defaultsTo(false));
  }

  /** A value for docker's KEY=VALUE options: YAML booleans as the daemon writes them. */
  static String optionValue(Object value) {
    return value instanceof Boolean b ? String.valueOf(b) : String.valueOf(value);
  }

  /** docker's KEY=VALUE options ({@code --label}, {@code --opt}) for each entry of a mapping. */
  static List<String> keyValues(String option, Map<String, Object> values) {
    List<String> argv = new ArrayList<>();
    values.forEach((k, v) -> argv.addAll(List.of(option, k + "=" + optionValue(v))));
    return argv;
  }

  /**
   * The entries of {@code wanted} that {@code has} (an inspect mapping, null when docker says none)
   * lacks or holds with another value, as diffs named {@code what.KEY}; other entries are kept.
   */
  static List<Diff> subsetDiffs(
      String subject, String what, Map<String, Object> wanted, Object has) {
    Map<String, Object> existing = map(has);
    List<Diff> diffs = new ArrayList<>();
    wanted.forEach(
        (k, v) -> {
          Object now = existing.get(k);
          String value = optionValue(v);
          if (now == null || !String.valueOf(now).equals(value)) {
            diffs.add(Diff.property(subject, what + "." + k, now == null ? "(none)" : now, value));
          }
        });
    return diffs;
  }

  /** Fails when the probe found no docker program on the target. */
  static void requireDocker(Sections probe, String program) throws ModuleException {
    if (probe.has("nodocker")) {
      throw new ModuleException(
          program
              + " is not on the target: install it first (apt: name: [docker.io"
              + (program.equals("docker-compose") ? ", docker-compose" : "")
              + "])");
    }
  }

  /**
   * A probe line printing {@code docker KIND inspect NAME} as one JSON object under
   * {@code @@label}, or docker's error message when there is none.
   */
  static String inspect(String label, String kind, String name) {
    return "echo @@"
        + label
        + "\ndocker "
        + kind
        + " inspect --format '{{json .}}' "
        + ShellQuote.quote(name)
        + " 2>&1\n";
  }

  /**
   * What an inspect section holds: the object, or empty when docker says there is no such object.
   * Any other answer (the daemon is not running, no permission) is an error.
   */
  static Optional<Map<String, Object>> inspected(Sections probe, String label, String what)
      throws ModuleException {
    String text = probe.text(label).strip();
    if (text.startsWith("{")) {
      try {
        return Optional.of(map(Json.parse(text)));
      } catch (IllegalArgumentException e) {
        throw new ModuleException("docker inspect of " + what + " printed no JSON: " + text);
      }
    }
    if (text.contains("No such") || text.isEmpty()) {
      return Optional.empty();
    }
    throw new ModuleException("docker cannot inspect " + what + ": " + text.replace('\n', ' '));
  }

  /**
   * The object {@code docker KIND inspect NAME} shows (an image, a network, a volume), or empty
   * when there is none; fails when docker is not on the target.
   */
  static Optional<Map<String, Object>> inspectOnTarget(Target target, String kind, String name)
      throws ModuleException {
    String script = PROBE_START + inspect(kind, kind, name);
    Sections probe = Sections.parse(target.run(Command.of(script)).stdout());
    requireDocker(probe, "docker");
    return inspected(probe, kind, kind + " " + name);
  }

  /**
   * The start of {@code docker KIND create} for a network or a volume: the task's driver and its
   * options ({@code --opt KEY=VALUE}).
   */
  static List<String> createWithDriver(String kind, Args args) {
    List<String> argv = new ArrayList<>(List.of("docker", kind, "create"));
    argv.addAll(List.of("--driver", args.str("driver")));
    argv.addAll(keyValues("--opt", args.dict("driver_options")));
    return argv;
  }

  /**
   * How a network's or a volume's driver and driver options differ from the task's, as Ansible
   * compares them (the options as a subset).
   */
  static List<Diff> driverDiffs(String subject, Map<String, Object> object, Args args) {
    List<Diff> diffs = new ArrayList<>();
    String driver = args.str("driver");
    if (!driver.equals(string(object, "Driver"))) {
      diffs.add(Diff.property(subject, "driver", string(object, "Driver"), driver));
    }
    diffs.addAll(
        subsetDiffs(subject, "driver_options", args.dict("driver_options"), object.get("Options")));
    return diffs;
  }

  /** Runs a plan's docker commands in order; each must succeed. */
  static void runAll(Target on, List<List<String>> steps) throws ModuleException {
    for (List<String> step : steps) {
      run(on, step);
    }
  }

  /**
   * Runs a plan's docker commands, then answers the task's result: the object of {@code kind} as
   * {@code docker KIND inspect NAME} shows it now, under the key {@code kind}.
   */
  static Map<String, Object> runAllThenInspect(
      Target on, List<List<String>> steps, String kind, String name) throws ModuleException {
    runAll(on, steps);
    return Map.of(kind, inspectNow(on, kind, name));
  }

  /** Runs a docker command that must succeed; fails with what it printed. */
  static ExecResult run(Target on, List<String> argv) throws ModuleException {
    return run(on, String.join(" ", argv.subList(0, Math.min(2, argv.size()))), Command.argv(argv));
  }

  /** Runs a command that must succeed; fails naming it as {@code what}, with what it printed. */
  static ExecResult run(Target on, String what, Command command) throws ModuleException {
    ExecResult done = on.run(command);
    if (!done.ok()) {
      String said = (done.stderr().isBlank() ? done.stdout() : done.stderr()).strip();
      throw ModuleException.commandFailedWithOutput(
          what + " failed: " + said.replace('\n', ' '), done);
    }
    return done;
  }

  /** The object of {@code docker KIND inspect NAME} after a change, for the task's result. */
  static Map<String, Object> inspectNow(Target on, String kind, String name)
      throws ModuleException {
    ExecResult done = run(on, List.of("docker", kind, "inspect", "--format", "{{json .}}", name));
    return map(Json.parse(done.stdout().strip()));
  }

  /** An image reference with its tag: {@code web} is {@code web:latest}; digests stay. */
  static String withTag(String image) {
    String last = image.substring(image.lastIndexOf('/') + 1);
    return image.contains("@") || last.contains(":") ? image : image + ":latest";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A nested value of an inspect object: {@code path(container, "HostConfig", "Binds")}. */
  static Object path(Map<String, Object> object, String... keys) {
    Object value = object;
    for (String key : keys) {
      value = map(value).get(key);
    }
    return value;
  }

  /** A nested list of strings, empty when missing or null. */
  static List<String> strings(Map<String, Object> object, String... keys) {
    return path(object, keys) instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : List.of();
  }

  /** A nested string, "" when missing or null. */
  static String string(Map<String, Object> object, String... keys) {
    Object value = path(object, keys);
    return value == null ? "" : String.valueOf(value);
  }
}
