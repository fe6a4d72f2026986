package dev.ploy.modules.containers;

import dev.ploy.diff.Diff;
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
import java.util.regex.Pattern;

/**
 * A docker network, as community.docker.docker_network manages it, through the docker CLI on the
 * target: created when missing; an existing one whose driver, options, IPAM settings, flags or
 * labels differ from the task's is removed and created again (its containers disconnected and
 * connected again); the containers of {@code connected} are connected, and the others disconnected
 * unless {@code appends}.
 */
public final class DockerNetwork implements Module {
  /** An IPv4 or IPv6 subnet in CIDR notation, as Ansible's module checks it. */
  private static final Pattern CIDR =
      Pattern.compile(
          "([0-9]{1,3}\\.){3}[0-9]{1,3}/([0-9]|[1-2][0-9]|3[0-2])"
              + "|[0-9a-fA-F:]+/([0-9]|[1-9][0-9]|1[0-2][0-9])");

  /** ipam_config's keys, and what docker inspect calls them. */
  private static final Map<String, String> IPAM_KEYS =
      Map.of(
          "subnet", "Subnet",
          "iprange", "IPRange",
          "gateway", "Gateway",
          "aux_addresses", "AuxiliaryAddresses");

  private static final ModuleSpec SPEC =
      Docker.daemonOptions(
              ModuleSpec.builder("docker_network")
                  .description(
                      "Creates, recreates or removes a docker network and connects containers to"
                          + " it, with the docker CLI on the target. A network whose settings"
                          + " differ from the task's is removed and created again, its containers"
                          + " connected again.")
                  .arg(
                      Arg.str("name", "The network's name.")
                          .required()
                          .aliases("network_name")
                          .notAnOption())
                  .arg(
                      Arg.list(
                              "connected",
                              "Containers (names) connected to the network; the others are"
                                  + " disconnected unless appends. Empty: the network's present"
                                  + " containers.")
                          .elements(ArgType.STR)
                          .aliases("containers")
                          .defaultsTo(List.of())
                          .notAnOption())
                  .arg(
                      Arg.bool(
                              "appends",
                              "Connect the containers of connected, and leave the others"
                                  + " connected.")
                          .aliases("incremental")
                          .defaultsTo(false))
                  .arg(Arg.str("driver", "The network driver.").defaultsTo("bridge").notAnOption())
                  .arg(
                      Arg.dict("driver_options", "The driver's options (--opt KEY=VALUE).")
                          .defaultsTo(Map.of()))
                  .arg(
                      Arg.list(
                              "ipam_config",
                              "Address pools: subnet (CIDR), iprange, gateway, aux_addresses"
                                  + " (name: address).")
                          .elements(ArgType.DICT))
                  .arg(Arg.str("ipam_driver", "The IPAM driver.").notAnOption())
                  .arg(Arg.dict("ipam_driver_options", "The IPAM driver's options."))
                  .arg(Arg.bool("internal", "No access to outside networks."))
                  .arg(Arg.bool("enable_ipv6", "IPv6 networking."))
                  .arg(Arg.bool("attachable", "Containers may attach (swarm networks)."))
                  .arg(Arg.str("scope", "The network's scope.").choices("local", "global", "swarm"))
                  .arg(Arg.dict("labels", "Labels (compared as a subset).").defaultsTo(Map.of()))
                  .arg(
                      Arg.bool(
                              "force",
                              "state: present: remove and create the network again, even when"
                                  + " nothing differs; absent: disconnect its containers first"
                                  + " (ploy, as Ansible's module, always does).")
                          .defaultsTo(false))
                  .arg(
                      Arg.str("state", "present: the network exists; absent: it is removed.")
                          .defaultsTo("present")
                          .choices("absent", "present"))
                  .example(
                      "- name: the application's private network\n"
                          + "  community.docker.docker_network:\n"
                          + "    name: ocpizza\n"
                          + "    internal: true\n"
                          + "    ipam_config:\n"
                          + "      - subnet: 172.30.5.0/24\n"
                          + "        gateway: 172.30.5.1\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.matching("name", Docker.NAME, "a network name");
    List<Map<String, Object>> pools = pools(args);
    Optional<Map<String, Object>> network = Docker.inspectOnTarget(target, "network", name);
    String subject = "docker network " + name;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("network", network.isPresent() ? network.get() : Map.of());
    List<String> present = network.map(DockerNetwork::containers).orElse(List.of());

    List<Diff> diffs = new ArrayList<>();
    List<List<String>> steps = new ArrayList<>();
    if (args.str("state").equals("absent")) {
      if (network.isEmpty()) {
        return Plan.ok(result);
      }
      for (String container : present) {
        diffs.add(Diff.property(subject, "connected." + container, true, false));
        steps.add(List.of("docker", "network", "disconnect", name, container));
      }
      diffs.add(0, Diff.property(subject, "exists", true, false));
      steps.add(List.of("docker", "network", "rm", name));
      return Plan.change(
          diffs,
          result,
          on -> {
            Docker.runAll(on, steps);
            return Map.of("network", Map.of());
          });
    }

    List<String> wanted = args.strings("connected").isEmpty() ? present : args.strings("connected");
    List<String> connectedNow = present;
    if (network.isEmpty()) {
      diffs.add(Diff.property(subject, "exists", false, true));
      steps.add(create(name, args, pools));
      connectedNow = List.of();
    } else {
      List<Diff> differences = differences(subject, network.get(), args, pools);
      if (args.bool("force") || !differences.isEmpty()) {
        diffs.add(Diff.property(subject, "network", "as it is", "recreated"));
        diffs.addAll(differences);
        for (String container : present) {
          steps.add(List.of("docker", "network", "disconnect", name, container));
        }
        steps.add(List.of("docker", "network", "rm", name));
        steps.add(create(name, args, pools));
        connectedNow = List.of();
      }
    }
    for (String container : wanted) {
      if (!connectedNow.contains(container)) {
        if (!present.contains(container)) {
          diffs.add(Diff.property(subject, "connected." + container, false, true));
        }
        steps.add(List.of("docker", "network", "connect", name, container));
      }
    }
    if (!args.bool("appends")) {
      for (String container : connectedNow) {
        if (!wanted.contains(container)) {
          diffs.add(Diff.property(subject, "connected." + container, true, false));
          steps.add(List.of("docker", "network", "disconnect", name, container));
        }
      }
    }
    if (steps.isEmpty()) {
      return Plan.ok(result);
    }
    return Plan.change(diffs, result, on -> Docker.runAllThenInspect(on, steps, "network", name));
  }

  /** ipam_config's pools, checked before any host is probed. */
  private static List<Map<String, Object>> pools(Args args) throws ModuleException {
    List<Map<String, Object>> pools = new ArrayList<>();
    if (!args.has("ipam_config")) {
      return pools;
    }
    for (Object each : args.list("ipam_config")) {
      Map<String, Object> pool = Docker.map(each);
      for (String key : pool.keySet()) {
        if (!IPAM_KEYS.containsKey(key)) {
          throw new ModuleException(
              "ipam_config: unknown key '" + key + "' (subnet, iprange, gateway, aux_addresses)");
        }
      }
      Object subnet = pool.get("subnet");
      if (subnet == null || !CIDR.matcher(String.valueOf(subnet)).matches()) {
        throw new ModuleException("ipam_config: \"" + subnet + "\" is not a valid CIDR");
      }
      for (String key : List.of("iprange", "gateway")) {
        Object value = pool.get(key);
        if (value != null && String.valueOf(value).startsWith("-")) {
          throw new ModuleException("ipam_config: " + key + " '" + value + "' is not an address");
        }
      }
      pools.add(pool);
    }
    return pools;
  }

  /** The names of the containers connected to the network. */
  private static List<String> containers(Map<String, Object> network) {
    List<String> names = new ArrayList<>();
    for (Object endpoint : Docker.map(network.get("Containers")).values()) {
      names.add(Docker.string(Docker.map(endpoint), "Name"));
    }
    return names;
  }

  /** What differs from the task's settings, as Ansible compares them (only what the task says). */
  private static List<Diff> differences(
      String subject, Map<String, Object> network, Args args, List<Map<String, Object>> pools) {
    List<Diff> diffs = Docker.driverDiffs(subject, network, args);
    args.optStr("ipam_driver")
        .filter(d -> !d.equals(Docker.string(network, "IPAM", "Driver")))
        .ifPresent(
            d ->
                diffs.add(
                    Diff.property(
                        subject, "ipam_driver", Docker.string(network, "IPAM", "Driver"), d)));
    if (args.has("ipam_driver_options")) {
      Map<String, Object> has = Docker.map(Docker.path(network, "IPAM", "Options"));
      Map<String, String> wanted = new LinkedHashMap<>();
      args.dict("ipam_driver_options").forEach((k, v) -> wanted.put(k, Docker.optionValue(v)));
      Map<String, String> now = new LinkedHashMap<>();
      has.forEach((k, v) -> now.put(k, String.valueOf(v)));
      if (!wanted.equals(now)) {
        diffs.add(Diff.property(subject, "ipam_driver_options", now, wanted));
      }
    }
    List<Object> existing =
        Docker.path(network, "IPAM", "Config") instanceof List<?> l ? List.copyOf(l) : List.of();
    for (int i = 0; i < pools.size(); i++) {
      Map<String, Object> pool = pools.get(i);
      if (existing.stream().noneMatch(c -> samePool(pool, Docker.map(c)))) {
        Map<String, Object> like =
            existing.stream()
                .map(Docker::map)
                .filter(c -> String.valueOf(pool.get("subnet")).equals(c.get("Subnet")))
                .findFirst()
                .orElse(Map.of());
        for (Map.Entry<String, Object> entry : pool.entrySet()) {
          Object now = like.get(IPAM_KEYS.get(entry.getKey()));
          if (entry.getValue() != null && !sameValue(entry.getValue(), now)) {
            diffs.add(
                Diff.property(
                    subject,
                    "ipam_config[" + i + "]." + entry.getKey(),
                    now == null ? "(none)" : now,
                    entry.getValue()));
          }
        }
      }
    }
    flag(diffs, subject, args, "enable_ipv6", Docker.path(network, "EnableIPv6"));
    flag(diffs, subject, args, "internal", Docker.path(network, "Internal"));
    flag(diffs, subject, args, "attachable", Docker.path(network, "Attachable"));
    args.optStr("scope")
        .filter(s -> !s.equals(Docker.string(network, "Scope")))
        .ifPresent(
            s -> diffs.add(Diff.property(subject, "scope", Docker.string(network, "Scope"), s)));
    diffs.addAll(Docker.subsetDiffs(subject, "labels", args.dict("labels"), network.get("Labels")));
    return diffs;
  }

  private static void flag(List<Diff> diffs, String subject, Args args, String name, Object has) {
    boolean now = Boolean.TRUE.equals(has);
    args.optBool(name)
        .filter(wanted -> wanted != now)
        .ifPresent(wanted -> diffs.add(Diff.property(subject, name, now, wanted)));
  }

  /** Whether an existing pool has every value the task's pool gives. */
  private static boolean samePool(Map<String, Object> pool, Map<String, Object> existing) {
    return pool.entrySet().stream()
        .allMatch(
            e ->
                e.getValue() == null
                    || sameValue(e.getValue(), existing.get(IPAM_KEYS.get(e.getKey()))));
  }

  private static boolean sameValue(Object wanted, Object now) {
    if (wanted instanceof Map<?, ?> map) {
      Map<String, String> w = new LinkedHashMap<>();
      map.forEach((k, v) -> w.put(String.valueOf(k), String.valueOf(v)));
      Map<String, String> n = new LinkedHashMap<>();
      Docker.map(now).forEach((k, v) -> n.put(k, String.valueOf(v)));
      return w.equals(n);
    }
    return now != null && String.valueOf(wanted).equals(String.valueOf(now));
  }

  private static List<String> create(String name, Args args, List<Map<String, Object>> pools) {
    List<String> argv = Docker.createWithDriver("network", args);
    args.optStr("ipam_driver").ifPresent(d -> argv.addAll(List.of("--ipam-driver", d)));
    if (args.has("ipam_driver_options")) {
      argv.addAll(Docker.keyValues("--ipam-opt", args.dict("ipam_driver_options")));
    }
    for (Map<String, Object> pool : pools) {
      argv.addAll(List.of("--subnet", String.valueOf(pool.get("subnet"))));
      if (pool.get("iprange") != null) {
        argv.addAll(List.of("--ip-range", String.valueOf(pool.get("iprange"))));
      }
      if (pool.get("gateway") != null) {
        argv.addAll(List.of("--gateway", String.valueOf(pool.get("gateway"))));
      }
      argv.addAll(Docker.keyValues("--aux-address", Docker.map(pool.get("aux_addresses"))));
    }
    if (args.optBool("internal").orElse(false)) {
      argv.add("--internal");
    }
    if (args.optBool("enable_ipv6").orElse(false)) {
      argv.add("--ipv6");
    }
    if (args.optBool("attachable").orElse(false)) {
      argv.add("--attachable");
    }
    args.optStr("scope").ifPresent(s -> argv.addAll(List.of("--scope", s)));
    argv.addAll(Docker.keyValues("--label", args.dict("labels")));
    argv.add(name);
    return argv;
  }
}
