package dev.ploy.modules.containers;

import dev.ploy.connection.ShellWords;
import dev.ploy.diff.Diff;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration a docker_container task asks for, as docker create takes it and as docker
 * inspect reports it. Only what the task states is compared, as with Ansible's default comparisons:
 * env against the image's environment with the task's on top, labels as a subset (the image brings
 * its own), ports and volumes as sets.
 */
record ContainerConfig(
    Optional<List<String>> command,
    Optional<List<String>> entrypoint,
    Optional<Map<String, String>> env,
    Optional<Set<Port>> ports,
    Optional<Set<Volume>> volumes,
    Optional<String> restartPolicy,
    Optional<Long> restartRetries,
    Optional<String> networkMode,
    Optional<String> hostname,
    Optional<Map<String, String>> labels,
    Optional<String> user,
    Optional<String> workingDir) {

  /** A published port: [ip:][host port:]container port[/protocol]. */
  record Port(String containerPort, String hostIp, String hostPort) {
    private static final Pattern SPEC =
        Pattern.compile("(?:(?:([0-9.]+):)?([0-9]*):)?([0-9]+)(?:/(tcp|udp|sctp))?");

    static Port parse(String spec) throws ModuleException {
      Matcher m = SPEC.matcher(spec.strip());
      if (!m.matches()) {
        throw new ModuleException(
            "published_ports: '"
                + spec
                + "' is not [IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (ranges are not supported)");
      }
      String ip = m.group(1) == null || m.group(1).equals("0.0.0.0") ? "" : m.group(1);
      String host = m.group(2) == null ? "" : m.group(2);
      String protocol = m.group(4) == null ? "tcp" : m.group(4);
      return new Port(m.group(3) + "/" + protocol, ip, host);
    }

    @Override
    public String toString() {
      return (hostIp.isEmpty() ? "" : hostIp + ":") + hostPort + ":" + containerPort;
    }
  }

  /** A volume: a bind mount or named volume (source:target[:mode]), or an anonymous one. */
  record Volume(String source, String target, String mode) {
    static Volume parse(String spec) throws ModuleException {
      String[] parts = spec.strip().split(":");
      if (parts.length == 1 && parts[0].startsWith("/")) {
        return new Volume("", parts[0], "");
      }
      if (parts.length < 2 || parts.length > 3 || !parts[1].startsWith("/")) {
        throw new ModuleException(
            "volumes: '" + spec + "' is not SOURCE:/PATH[:MODE] or an anonymous /PATH");
      }
      return new Volume(parts[0], parts[1], parts.length == 3 ? parts[2] : "rw");
    }

    boolean anonymous() {
      return source.isEmpty();
    }

    @Override
    public String toString() {
      return anonymous() ? target : source + ":" + target + ":" + mode;
    }
  }

  static ContainerConfig of(Args args) throws ModuleException {
    return new ContainerConfig(
        words(args, "command"),
        words(args, "entrypoint"),
        stringMap(args, "env"),
        args.has("published_ports") ? Optional.of(ports(args.strings("published_ports"))) : none(),
        args.has("volumes") ? Optional.of(volumes(args.strings("volumes"))) : none(),
        args.optStr("restart_policy"),
        args.optInt("restart_retries"),
        args.optStr("network_mode"),
        args.optStr("hostname"),
        stringMap(args, "labels"),
        args.optStr("user"),
        args.optStr("working_dir"));
  }

  private static <T> Optional<T> none() {
    return Optional.empty();
  }

  /** A command as Ansible takes it: a list as it is, a string split as a shell would. */
  private static Optional<List<String>> words(Args args, String name) throws ModuleException {
    if (!args.has(name)) {
      return Optional.empty();
    }
    Object value = args.get(name);
    if (value instanceof List<?> list) {
      return Optional.of(list.stream().map(String::valueOf).toList());
    }
    try {
      return Optional.of(ShellWords.split(String.valueOf(value)));
    } catch (IllegalArgumentException e) {
      throw new ModuleException(name + ": " + e.getMessage());
    }
  }

  private static Optional<Map<String, String>> stringMap(Args args, String name) {
    if (!args.has(name)) {
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    args.dict(name).forEach((key, value) -> out.put(key, value == null ? "" : value.toString()));
    return Optional.of(out);
  }

  private static Set<Port> ports(List<String> specs) throws ModuleException {
    Set<Port> out = new LinkedHashSet<>();
    for (String spec : specs) {
      out.add(Port.parse(spec));
    }
    return out;
  }

  private static Set<Volume> volumes(List<String> specs) throws ModuleException {
    Set<Volume> out = new LinkedHashSet<>();
    for (String spec : specs) {
      out.add(Volume.parse(spec));
    }
    return out;
  }

  /** docker create's options for this configuration (the name and image come from the caller). */
  List<String> createOptions() throws ModuleException {
    List<String> argv = new ArrayList<>();
    if (entrypoint.isPresent()) {
      if (entrypoint.get().size() != 1) {
        throw new ModuleException(
            "entrypoint: docker create takes one program; put its arguments in command");
      }
      argv.addAll(List.of("--entrypoint", entrypoint.get().get(0)));
    }
    if (restartPolicy.isPresent()) {
      argv.add("--restart");
      argv.add(
          restartPolicy.get()
              + (restartRetries.isPresent() && restartPolicy.get().equals("on-failure")
                  ? ":" + restartRetries.get()
                  : ""));
    }
    env.ifPresent(e -> e.forEach((key, value) -> argv.addAll(List.of("--env", key + "=" + value))));
    labels.ifPresent(
        l -> l.forEach((key, value) -> argv.addAll(List.of("--label", key + "=" + value))));
    ports.ifPresent(p -> p.forEach(port -> argv.addAll(List.of("--publish", port.toString()))));
    volumes.ifPresent(
        v -> v.forEach(volume -> argv.addAll(List.of("--volume", volume.toString()))));
    networkMode.ifPresent(n -> argv.addAll(List.of("--network", n)));
    hostname.ifPresent(h -> argv.addAll(List.of("--hostname", h)));
    user.ifPresent(u -> argv.addAll(List.of("--user", u)));
    workingDir.ifPresent(w -> argv.addAll(List.of("--workdir", w)));
    return argv;
  }

  /**
   * How the container differs from this configuration, one diff per stated setting; {@code image}
   * is the image's inspect object when the task names an image that is on the target.
   */
  List<Diff> differences(
      String subject, Map<String, Object> container, Optional<Map<String, Object>> image) {
    List<Diff> diffs = new ArrayList<>();
    command.ifPresent(
        c -> compare(diffs, subject, "command", Docker.strings(container, "Config", "Cmd"), c));
    entrypoint.ifPresent(
        e ->
            compare(
                diffs,
                subject,
                "entrypoint",
                Docker.strings(container, "Config", "Entrypoint"),
                e));
    if (env.isPresent()) {
      Map<String, String> expected =
          envMap(image.map(i -> Docker.strings(i, "Config", "Env")).orElse(List.of()));
      expected.putAll(env.get());
      Map<String, String> actual = envMap(Docker.strings(container, "Config", "Env"));
      Set<String> names = new TreeSet<>(expected.keySet());
      names.addAll(actual.keySet());
      for (String name : names) {
        compare(diffs, subject, "env " + name, value(actual.get(name)), value(expected.get(name)));
      }
    }
    ports.ifPresent(
        p ->
            compare(
                diffs, subject, "published_ports", sorted(publishedPorts(container)), sorted(p)));
    volumes.ifPresent(
        v -> compare(diffs, subject, "volumes", sorted(volumes(container, v)), sorted(v)));
    restartPolicy.ifPresent(
        p -> {
          String actual = Docker.string(container, "HostConfig", "RestartPolicy", "Name");
          compare(diffs, subject, "restart_policy", actual.isEmpty() ? "no" : actual, p);
        });
    restartRetries.ifPresent(
        r -> {
          Object actual =
              Docker.path(container, "HostConfig", "RestartPolicy", "MaximumRetryCount");
          compare(diffs, subject, "restart_retries", String.valueOf(actual), String.valueOf(r));
        });
    networkMode.ifPresent(
        n -> {
          String actual = Docker.string(container, "HostConfig", "NetworkMode");
          compare(diffs, subject, "network_mode", actual.equals("default") ? "bridge" : actual, n);
        });
    hostname.ifPresent(
        h ->
            compare(diffs, subject, "hostname", Docker.string(container, "Config", "Hostname"), h));
    labels.ifPresent(
        wanted -> {
          Map<String, Object> actual = Docker.map(Docker.path(container, "Config", "Labels"));
          wanted.forEach(
              (key, value) ->
                  compare(
                      diffs,
                      subject,
                      "label " + key,
                      value(actual.get(key) == null ? null : actual.get(key).toString()),
                      value));
        });
    user.ifPresent(
        u -> compare(diffs, subject, "user", Docker.string(container, "Config", "User"), u));
    workingDir.ifPresent(
        w ->
            compare(
                diffs,
                subject,
                "working_dir",
                Docker.string(container, "Config", "WorkingDir"),
                w));
    return diffs;
  }

  private static void compare(
      List<Diff> diffs, String subject, String name, Object actual, Object wanted) {
    if (!actual.equals(wanted)) {
      diffs.add(Diff.property(subject, name, actual, wanted));
    }
  }

  private static Map<String, String> envMap(List<String> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }
    return out;
  }

  private static String value(String value) {
    return value == null ? "(unset)" : value;
  }

  private static List<String> sorted(Set<?> items) {
    return items.stream().map(Object::toString).sorted().toList();
  }

  private static Set<Port> publishedPorts(Map<String, Object> container) {
    Set<Port> out = new LinkedHashSet<>();
    Docker.map(Docker.path(container, "HostConfig", "PortBindings"))
        .forEach(
            (containerPort, bindings) -> {
              if (bindings instanceof List<?> list) {
                for (Object binding : list) {
                  Map<String, Object> b = Docker.map(binding);
                  String ip = b.get("HostIp") == null ? "" : String.valueOf(b.get("HostIp"));
                  out.add(
                      new Port(
                          containerPort,
                          ip.equals("0.0.0.0") ? "" : ip,
                          b.get("HostPort") == null ? "" : String.valueOf(b.get("HostPort"))));
                }
              }
            });
    return out;
  }

  /**
   * The container's volumes in the task's terms: its binds, and those of the task's anonymous
   * volumes that it has (the image may declare more, which are not compared).
   */
  private static Set<Volume> volumes(Map<String, Object> container, Set<Volume> wanted) {
    Set<Volume> out = new LinkedHashSet<>();
    for (String bind : Docker.strings(container, "HostConfig", "Binds")) {
      String[] parts = bind.split(":");
      if (parts.length >= 2) {
        out.add(new Volume(parts[0], parts[1], parts.length >= 3 ? parts[2] : "rw"));
      }
    }
    Set<String> anonymous = Docker.map(Docker.path(container, "Config", "Volumes")).keySet();
    for (Volume volume : wanted) {
      if (volume.anonymous() && anonymous.contains(volume.target())) {
        out.add(volume);
      }
    }
    return out;
  }
}
