package dev.ploy.run;

import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.RoleContext;
import dev.ploy.vars.Precedence;
import dev.ploy.vars.Precedence.View;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the variables of a host: a task's scope, hostvars and connection settings, each a view of
 * the one table {@link Precedence}; this class only says where each layer comes from.
 */
final class Variables {
  /**
   * The Ansible version whose semantics ploy follows (ansible-core of Debian 12), for roles that
   * test {@code ansible_version}.
   */
  static final Map<String, Object> ANSIBLE_VERSION =
      Map.of("full", "2.14.18", "major", 2, "minor", 14, "revision", 18, "string", "2.14.18");

  private final java.util.function.Supplier<Inventory> inventory;
  private final Play play;
  private final Map<String, Object> varsFiles;
  private final Map<String, Object> extraVars;
  private final Map<String, HostState> hosts;
  private final List<String> playHosts;
  private final RunOptions options;
  private final Path playbookDir;
  private final Map<String, Object> allRoleDefaults;
  private Map<String, Object> hostvars;
  private Inventory hostvarsOf;
  private volatile List<String> batch;

  Variables(
      java.util.function.Supplier<Inventory> inventory,
      Play play,
      Map<String, Object> varsFiles,
      RunOptions options,
      Map<String, HostState> hosts,
      List<String> playHosts,
      Path playbookDir) {
    this.inventory = inventory;
    this.play = play;
    this.varsFiles = varsFiles;
    this.extraVars = options.extraVars();
    this.hosts = hosts;
    this.playHosts = List.copyOf(playHosts);
    this.batch = this.playHosts;
    this.options = options;
    this.playbookDir = playbookDir;
    Map<String, Object> defaults = new LinkedHashMap<>();
    for (RoleContext role : play.roles()) {
      defaults.putAll(role.defaults());
    }
    this.allRoleDefaults = defaults;
  }

  /** The hosts of the batch being run (serial), for ansible_play_batch. */
  void batch(List<String> names) {
    this.batch = List.copyOf(names);
  }

  /** The hosts that have neither failed nor become unreachable. */
  private List<String> active(List<String> names) {
    List<String> active = new ArrayList<>();
    for (String name : names) {
      HostState state = hosts.get(name);
      if (state == null || (!state.failed() && !state.unreachable())) {
        active.add(name);
      }
    }
    return active;
  }

  /** The scope of a task on a host; {@code innermost} holds loop variables. */
  Scope scope(HostState host, Frame frame, Map<String, Object> innermost) {
    Map<Precedence, Map<String, Object>> inventoryLayers = inventory.get().layersOf(host.host());
    List<Map<String, ?>> layers =
        new ArrayList<>(
            Precedence.highestFirst(
                View.TASK, layer -> layer(layer, host, frame, innermost, inventoryLayers)));
    // as Ansible's PlayContext.update_vars: the address a task connects to, when nothing sets it
    layers.add(Map.of("ansible_host", host.name()));
    return new LayeredScope(layers);
  }

  /** One layer of a host's variables, as seen from {@code frame}. */
  private Map<String, ?> layer(
      Precedence layer,
      HostState host,
      Frame frame,
      Map<String, Object> innermost,
      Map<Precedence, Map<String, Object>> inventoryLayers) {
    RoleContext role = frame.role();
    return switch (layer) {
      case PLAY_ROLE_DEFAULTS -> allRoleDefaults;
      case ROLE_DEFAULTS -> role == null ? Map.of() : role.defaults();
      case INVENTORY_GROUP_VARS, GROUP_VARS_ALL, GROUP_VARS, INVENTORY_HOST_VARS, HOST_VARS ->
          inventoryLayers.getOrDefault(layer, Map.of());
      case FACTS -> facts(host);
      case PLAY_VARS -> play.vars();
      case PLAY_VARS_FILES -> varsFiles;
      case ROLE_VARS -> role == null ? Map.of() : role.vars();
      case BLOCK_AND_TASK_VARS -> frame.keywords().vars();
      case ROLE_PARAMS -> role == null ? Map.of() : role.params();
      case INCLUDE_PARAMS -> frame.includeParams();
      case INCLUDE_VARS -> host.includedVariables();
      case SET_FACT_AND_REGISTER -> host.hostVariables();
      case MAGIC -> magic(host, frame);
      case LOOP -> innermost;
      case EXTRA_VARS -> extraVars;
    };
  }

  /** The layers of a view that do not depend on the task, merged. */
  private Map<String, Object> merged(View view, HostState host) {
    Map<Precedence, Map<String, Object>> inventoryLayers = inventory.get().layersOf(host.host());
    Frame frame = Frame.of(play);
    return Precedence.merged(view, layer -> layer(layer, host, frame, Map.of(), inventoryLayers));
  }

  Templar templar(HostState host, Frame frame, Map<String, Object> innermost) {
    return new Templar(scope(host, frame, innermost));
  }

  /** What connection settings are read from before a task runs (untemplated). */
  Map<String, Object> hostVarsForConnection(HostState host) {
    return merged(View.CONNECTION, host);
  }

  private static Map<String, Object> facts(HostState host) {
    Map<String, Object> facts = host.facts();
    Map<String, Object> layer = new LinkedHashMap<>(facts);
    Map<String, Object> unprefixed = new LinkedHashMap<>();
    facts.forEach((k, v) -> unprefixed.put(k.startsWith("ansible_") ? k.substring(8) : k, v));
    layer.put("ansible_facts", unprefixed);
    return layer;
  }

  private Map<String, Object> magic(HostState host, Frame frame) {
    Map<String, Object> magic = hostMagic(host.host());
    magic.put("hostvars", hostvars());
    List<String> active = active(playHosts);
    magic.put("play_hosts", active);
    magic.put("ansible_play_hosts", active);
    magic.put("ansible_play_batch", active(batch));
    magic.put("ansible_play_hosts_all", playHosts);
    // the play's roles: section, the roles their meta/main.yml pulled in, and both (Ansible's sets)
    List<String> playRoles = new ArrayList<>();
    Set<String> dependencies = new LinkedHashSet<>();
    for (RoleContext role : play.roles()) {
      if (role.dependency()) {
        dependencies.add(role.name());
      } else {
        playRoles.add(role.name());
      }
    }
    Set<String> allRoles = new LinkedHashSet<>(playRoles);
    allRoles.addAll(dependencies);
    magic.put("role_names", playRoles);
    magic.put("ansible_play_role_names", playRoles);
    magic.put("ansible_dependent_role_names", new ArrayList<>(dependencies));
    magic.put("ansible_role_names", new ArrayList<>(allRoles));
    magic.put("ansible_play_name", play.displayName());
    // the directory of the play's own file, as Ansible's loader sets it for an imported playbook
    if (play.directory() != null) {
      magic.put("playbook_dir", play.directory().toAbsolutePath().normalize().toString());
    }
    // what {{ ansible_managed | comment }} puts at the top of a generated file
    magic.put("ansible_managed", "Managed by ploy: local changes will be overwritten");
    if (frame.role() != null) {
      magic.put("role_name", frame.role().name());
      magic.put("role_path", frame.role().path().toString());
      magic.put("ansible_role_name", frame.role().name());
      List<RoleContext> includers = frame.role().includers();
      if (!includers.isEmpty()) {
        magic.put("ansible_parent_role_names", includers.stream().map(RoleContext::name).toList());
        magic.put(
            "ansible_parent_role_paths", includers.stream().map(r -> r.path().toString()).toList());
      }
    }
    magic.put("ansible_search_path", searchPath(frame));
    return magic;
  }

  /**
   * The magic variables of the host itself, outside any play or role: what hostvars[host] holds of
   * them, as Ansible's (no hostvars, play_hosts, role_names or role_name there).
   */
  private Map<String, Object> hostMagic(Host host) {
    Map<String, Object> magic = new LinkedHashMap<>();
    String name = host.name();
    magic.put("inventory_hostname", name);
    magic.put(
        "inventory_hostname_short",
        name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
    magic.put("group_names", inventory.get().groupNames(host));
    magic.put("groups", inventory.get().groups());
    magic.put("ansible_check_mode", options.check());
    magic.put("ansible_diff_mode", options.diff());
    magic.put("ansible_verbosity", options.verbosity());
    magic.put("ansible_forks", options.forks());
    magic.put("ansible_version", ANSIBLE_VERSION);
    magic.put(
        "ansible_run_tags",
        options.tags().isEmpty() ? List.of("all") : new ArrayList<>(new TreeSet<>(options.tags())));
    magic.put("ansible_skip_tags", new ArrayList<>(new TreeSet<>(options.skipTags())));
    magic.put("playbook_dir", playbookDir.toString());
    magic.put("omit", Templar.OMIT);
    RunOptions.Settings setting = options.setting();
    magic.put("ansible_config_file", setting.configFile());
    magic.put("ansible_inventory_sources", inventorySources(setting.inventorySources()));
    options.limit().ifPresent(limit -> magic.put("ansible_limit", limit));
    magic.put("ansible_playbook_python", PLAYBOOK_PYTHON);
    if (!setting.inventorySources().isEmpty()) {
      // Ansible's is the source the host was first read from; ploy's the last source given (the
      // one add_host's hosts get in Ansible), the same when there is one
      String source =
          inventorySource(setting.inventorySources().get(setting.inventorySources().size() - 1));
      magic.put("inventory_file", source);
      magic.put("inventory_dir", inventoryDir(source));
    }
    return magic;
  }

  /**
   * ansible_playbook_python: ploy runs no Python, on the targets or here. A role that reads it (to
   * point localhost's ansible_python_interpreter at it) gets where Debian's ansible-playbook runs,
   * the same on every machine, which ploy itself never starts.
   */
  static final String PLAYBOOK_PYTHON = "/usr/bin/python3";

  /** The sources as Ansible lists them: a host list as written, a path made absolute. */
  private static List<String> inventorySources(List<String> sources) {
    return sources.stream().map(Variables::inventorySource).toList();
  }

  private static String inventorySource(String source) {
    return source.contains(",") ? source : Path.of(source).toAbsolutePath().normalize().toString();
  }

  /**
   * inventory_dir as Ansible's basedir() makes it: a directory source itself, a file's directory,
   * and for a host list "None" (its text for no directory).
   */
  static String inventoryDir(String source) {
    Path path = Path.of(source);
    if (java.nio.file.Files.isDirectory(path)) {
      return path.toString();
    }
    if (java.nio.file.Files.isRegularFile(path)) {
      return path.toAbsolutePath().getParent().toString();
    }
    return "None";
  }

  /**
   * ansible_search_path as Ansible gives it to a task: the task's role and the roles it runs under
   * (nearest first), the directory of the task's file, and the playbook's directory, each once.
   */
  private List<String> searchPath(Frame frame) {
    Set<String> places = new LinkedHashSet<>();
    if (frame.role() != null) {
      frame.role().chain().forEach(role -> places.add(role.path().toString()));
    }
    if (frame.taskFile() != null && frame.taskFile().getParent() != null) {
      places.add(frame.taskFile().toAbsolutePath().getParent().toString());
    }
    places.add(playbookDir.toString());
    return new ArrayList<>(places);
  }

  /** A host now has a state of the run (delegate_facts gave it facts): hostvars shows it. */
  synchronized void hostStateAdded() {
    hostvars = null;
  }

  /** hostvars, built again when add_host or group_by has changed the inventory. */
  private synchronized Map<String, Object> hostvars() {
    Inventory now = inventory.get();
    if (hostvars == null || hostvarsOf != now) {
      hostvarsOf = now;
      hostvars = buildHostvars();
    }
    return hostvars;
  }

  private Map<String, Object> buildHostvars() {
    Inventory inventory = this.inventory.get();
    Map<String, Object> all = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    inventory.hosts().forEach(h -> names.add(h.name()));
    names.addAll(hosts.keySet());
    for (String name : names) {
      HostState state = hosts.get(name);
      if (state != null) {
        all.put(name, new ScopeMap(() -> hostScope(state), () -> allNames(state)));
      } else {
        inventory.host(name).ifPresent(h -> all.put(name, outsideThePlay(inventory, h)));
      }
    }
    return all;
  }

  /** A host no play has run on yet: its inventory variables, the magic ones and -e's. */
  private Map<String, Object> outsideThePlay(Inventory inventory, Host host) {
    Map<String, Object> vars = new LinkedHashMap<>(inventory.varsOf(host));
    vars.putAll(hostMagic(host));
    vars.putAll(extraVars);
    return vars;
  }

  /** What hostvars[host] reads: the layers of {@link View#HOSTVARS}, highest first. */
  private Scope hostScope(HostState host) {
    return new LayeredScope(Precedence.highestFirst(View.HOSTVARS, hostLayer(host)));
  }

  /** One layer of hostvars[host]: the host's own magic variables, the other layers as a task's. */
  private java.util.function.Function<Precedence, Map<String, ?>> hostLayer(HostState host) {
    Map<Precedence, Map<String, Object>> inventoryLayers = inventory.get().layersOf(host.host());
    Frame frame = Frame.of(play);
    return layer ->
        layer == Precedence.MAGIC
            ? hostMagic(host.host())
            : layer(layer, host, frame, Map.of(), inventoryLayers);
  }

  private Set<String> allNames(HostState state) {
    return new TreeSet<>(Precedence.merged(View.HOSTVARS, hostLayer(state)).keySet());
  }
}
