package dev.ploy.run;

import dev.ploy.expr.Booleans;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Hashes;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.module.ExecutorActions;
import dev.ploy.module.ExecutorActions.Kind;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The actions that change the run's variables or inventory rather than a host: set_fact,
 * include_vars, add_host and group_by; and pause, which waits on the control node.
 */
final class BuiltinActions {
  private final PlayRun play;

  BuiltinActions(PlayRun play) {
    this.play = play;
  }

  /** Whether the executor runs this action itself, here. */
  static boolean handles(String action) {
    return Kind.of(action).map(Kind::changesRun).orElse(false);
  }

  /** Whether the action runs once per task whatever the play's hosts (add_host). */
  static boolean runsOnce(String action) {
    return ExecutorActions.find(action).map(ExecutorActions.Action::oncePerTask).orElse(false);
  }

  TaskResult run(HostState host, Task task, Frame frame, Templar templar) throws ExprException {
    Kind kind = Kind.of(task.action().module()).orElseThrow();
    HostState factsHost =
        play.factsHost(host, new TaskSettings(templar, frame.keywords(), play.options()));
    return switch (kind) {
      case SET_FACT -> setFact(factsHost, task, templar);
      case INCLUDE_VARS -> includeVars(factsHost, task, frame, templar);
      case ADD_HOST -> addHost(task, templar);
      case GROUP_BY -> groupBy(host, task, templar);
      case PAUSE -> pause(task, templar);
      default -> throw new IllegalArgumentException(kind.actionName());
    };
  }

  private TaskResult setFact(HostState host, Task task, Templar templar) throws ExprException {
    Map<String, Object> facts = new LinkedHashMap<>();
    boolean cacheable = false;
    for (Map.Entry<String, Object> entry : task.action().args().entrySet()) {
      if (entry.getKey().equals("cacheable")) {
        cacheable = Booleans.isTrue(templar.template(entry.getValue()));
        continue;
      }
      // the name is templated too, as Ansible does: set_fact: "{{ item }}=moo"
      String name = templar.render(entry.getKey());
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        return TaskResult.failed(
            "The variable name '"
                + name
                + "' is not valid. Variables must start with a letter"
                + " or underscore character, and contain only letters, numbers and underscores.");
      }
      facts.put(name, templar.templateToStore(entry.getValue()));
    }
    facts.forEach(host::setVariable);
    if (cacheable) {
      host.addFacts(facts);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("ansible_facts", Unsafe.strip(facts));
    return TaskResult.of(Status.OK, data);
  }

  /** add_host's own arguments; every other one is a variable of the host. */
  private static final java.util.Set<String> ADD_HOST_ARGS =
      java.util.Set.of("name", "hostname", "groupname", "groups");

  /**
   * add_host, as Ansible's: the host (name, hostname or host, with an optional :port) is added to
   * the run's inventory or updated, joins the groups (groups, groupname or group: a list or
   * comma-separated text), and every other argument becomes a variable of it. Changed when the
   * host, a variable, a group or a membership is new.
   */
  private TaskResult addHost(Task task, Templar templar) throws ExprException {
    Map<String, Object> args = new LinkedHashMap<>();
    Object raw = null;
    for (Map.Entry<String, Object> entry : task.action().args().entrySet()) {
      if (entry.getKey().equals("_raw_params")) {
        raw = templar.templateToStore(entry.getValue());
      } else {
        args.put(entry.getKey(), templar.templateToStore(entry.getValue()));
      }
    }
    if (raw != null) {
      Map<?, ?> mapping =
          raw instanceof Map<?, ?> map ? map : Unsafe.strip(raw) instanceof Map<?, ?> m ? m : null;
      if (mapping == null) {
        return TaskResult.failed(
            "Invalid raw parameters passed, requires a dictionary/mapping, got: "
                + Unsafe.strip(raw));
      }
      Map<String, Object> merged = new LinkedHashMap<>();
      mapping.forEach((k, v) -> merged.put(String.valueOf(k), v));
      merged.putAll(args);
      args = merged;
    }
    Object name = first(args, "name", "hostname", "host");
    if (name == null) {
      return TaskResult.failed("name, host or hostname needs to be provided");
    }
    Inventory.Address address = Inventory.parseAddress(String.valueOf(Unsafe.strip(name)));
    if (address.port() != null) {
      args.put("ansible_ssh_port", address.port());
    }
    List<String> groups = new ArrayList<>();
    Object written = first(args, "groupname", "groups", "group");
    if (written instanceof List<?> list) {
      list.forEach(g -> addOnce(groups, String.valueOf(Unsafe.strip(g)).strip()));
    } else if (written != null && !String.valueOf(written).isEmpty()) {
      if (written instanceof Map<?, ?> || written instanceof Number) {
        return TaskResult.failed("Groups must be specified as a list.");
      }
      for (String group : String.valueOf(Unsafe.strip(written)).split(",")) {
        addOnce(groups, group.strip());
      }
    }
    Map<String, Object> hostVars = new LinkedHashMap<>();
    args.forEach(
        (key, value) -> {
          if (!ADD_HOST_ARGS.contains(key)) {
            hostVars.put(key, value);
          }
        });
    Inventory.Update update;
    try {
      update =
          play.changeInventory(inventory -> inventory.withHost(address.host(), groups, hostVars));
    } catch (InventoryException e) {
      return TaskResult.failed(e.getMessage());
    }
    Map<String, Object> added = new LinkedHashMap<>();
    added.put("host_name", address.host());
    added.put("groups", groups);
    added.put("host_vars", Unsafe.strip(hostVars));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", update.changed());
    data.put("add_host", added);
    return TaskResult.of(update.changed() ? Status.CHANGED : Status.OK, data);
  }

  /**
   * Waits as Ansible's pause does when stdin is not a terminal, since ploy never reads it: the
   * seconds (minutes times 60, at least 1), or not at all for a prompt alone, with a warning. The
   * listener hears of it first, as ansible-playbook prints "Pausing for N seconds" and the prompt
   * before it waits.
   */
  private TaskResult pause(Task task, Templar templar) throws ExprException {
    Map<String, Object> args = task.action().args();
    Long seconds;
    String unit = "minutes";
    try {
      if (args.get("minutes") != null) {
        seconds = whole(templar.template(args.get("minutes")), "minutes") * 60;
      } else if (args.get("seconds") != null) {
        seconds = whole(templar.template(args.get("seconds")), "seconds");
        unit = "seconds";
      } else {
        seconds = null;
      }
    } catch (IllegalArgumentException e) {
      return TaskResult.failed(e.getMessage());
    }
    Object echo = args.get("echo");
    // the keys in the order of Ansible's result, which to_json keeps
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("rc", 0);
    data.put("stderr", "");
    data.put("stdout", "");
    data.put("start", null);
    data.put("stop", null);
    data.put("delta", null);
    data.put("echo", echo == null || Booleans.isTrue(templar.template(echo)));
    data.put("user_input", "");
    Object prompt = args.get("prompt") == null ? null : templar.template(args.get("prompt"));
    play.listener()
        .pausing(
            task,
            seconds == null ? 0 : Math.max(seconds, 1),
            prompt == null || String.valueOf(prompt).isEmpty() ? null : String.valueOf(prompt),
            (Boolean) data.get("echo"));
    long start = System.nanoTime();
    data.put("start", java.time.LocalDateTime.now().toString().replace('T', ' '));
    if (seconds == null) {
      data.put(
          "warnings",
          List.of(
              "Not waiting for response to prompt as ploy runs unattended (stdin is not read)"));
    } else {
      try {
        Thread.sleep(Math.max(seconds, 1) * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return TaskResult.failed("interrupted while pausing");
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    data.put("stop", java.time.LocalDateTime.now().toString().replace('T', ' '));
    data.put("delta", (long) elapsed);
    double shown = unit.equals("minutes") ? elapsed / 60 : elapsed;
    data.put("stdout", "Paused for " + Math.round(shown * 100) / 100.0 + " " + unit);
    return TaskResult.of(Status.OK, data);
  }

  /** A whole number as Python's int() makes one: a float is truncated, text must be an integer. */
  private static long whole(Object value, String name) {
    if (value instanceof Number number) {
      return number.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "argument '"
              + name
              + "' is of type "
              + value.getClass().getSimpleName()
              + " and we were unable to convert to int: "
              + value);
    }
  }

  /**
   * group_by, as Ansible's: the host joins the group named by key (spaces become dashes), created
   * if new under its parents (default all); changed when the host was not in it yet, as Ansible's
   * strategy reports it.
   */
  private TaskResult groupBy(HostState host, Task task, Templar templar) throws ExprException {
    Object key = templar.template(task.action().args().get("key"));
    if (key == null) {
      return TaskResult.failed("the 'key' param is required when using group_by");
    }
    String group = String.valueOf(key).replace(' ', '-');
    Object written = templar.template(task.action().args().getOrDefault("parents", List.of("all")));
    List<String> parents = new ArrayList<>();
    for (String parent :
        written instanceof List<?> ? strings(written) : List.of(String.valueOf(written))) {
      parents.add(parent.replace(' ', '-'));
    }
    Inventory.Update update;
    try {
      update = play.changeInventory(inventory -> inventory.withGroup(host.name(), group, parents));
    } catch (InventoryException e) {
      return TaskResult.failed("group_by: " + e.getMessage());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", update.changed());
    data.put("add_group", group);
    data.put("parent_groups", parents);
    return TaskResult.of(update.changed() ? Status.CHANGED : Status.OK, data);
  }

  private static Object first(Map<String, Object> args, String... names) {
    for (String name : names) {
      if (args.get(name) != null) {
        return args.get(name);
      }
    }
    return null;
  }

  private static void addOnce(List<String> list, String value) {
    if (!list.contains(value)) {
      list.add(value);
    }
  }

  private TaskResult includeVars(HostState host, Task task, Frame frame, Templar templar)
      throws ExprException {
    if (task.action().args().get("dir") != null) {
      return includeVarsDir(host, task, frame, templar);
    }
    Object file = templar.template(task.action().args().get("file"));
    String named = file == null ? "" : String.valueOf(file);
    Path path = Path.of(named);
    if (!path.isAbsolute()) {
      List<Path> places = new ArrayList<>();
      // Ansible's search for 'vars': the role's vars/ and the role itself, then its tasks/
      if (frame.role() != null) {
        places.add(frame.role().path().resolve("vars").resolve(path));
        places.add(frame.role().path().resolve(path));
        places.add(frame.role().path().resolve("tasks").resolve(path));
      }
      places.add(play.playbookDir().resolve("vars").resolve(path));
      places.add(play.playbookDir().resolve(path));
      path =
          places.stream()
              .filter(Files::isRegularFile)
              .findFirst()
              .orElse(places.get(places.size() - 1));
    }
    if (named.isEmpty() || !Files.isRegularFile(path)) {
      // Ansible's AnsibleFileNotFound, which its include_vars target looks for
      return varsFailure(
          (named.isEmpty() ? "Could not find file" : "Could not find or access '" + named + "'")
              + " on the Ansible Controller.\nIf you are using a module and expect the file to"
              + " exist on the remote, see the remote_src option");
    }
    try {
      Map<String, Object> vars = play.readVars(path);
      return included(host, task, templar, vars, List.of(path.toString()));
    } catch (PlaybookException e) {
      return varsFailure(e.getMessage());
    }
  }

  /**
   * hash_behaviour: merge, as Ansible's include_vars does it: a mapping read is merged recursively
   * over the variable's current value when that is a mapping too (read with its unsafe marks).
   */
  private static Map<String, Object> mergedOverCurrent(Map<String, Object> vars, Templar templar)
      throws ExprException {
    Map<String, Object> out = new LinkedHashMap<>(vars);
    for (Map.Entry<String, Object> e : vars.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> read
          && e.getKey().matches("[A-Za-z_]\\w*")
          && templar.lookup(e.getKey()) instanceof Map) {
        Object current = templar.templateToStore("{{ " + e.getKey() + " }}");
        if (current instanceof Map<?, ?> old) {
          out.put(e.getKey(), Hashes.merged(old, read));
        }
      }
    }
    return out;
  }

  /**
   * include_vars fails as Ansible's does: the error under 'message' (msg too, for ploy's output).
   */
  private static TaskResult varsFailure(String message) {
    TaskResult failed = TaskResult.failed(message);
    failed.data().put("message", message);
    return failed;
  }

  /**
   * include_vars dir: every vars file under the directory (a role's vars/DIR, else beside the
   * playbook), directories walked in sorted order, files sorted in each, later files overriding
   * earlier ones. As in Ansible: depth counts the directories read (0: all), files_matching is a
   * regular expression searched in the name, ignore_files regular expressions matching its end,
   * extensions (json, yml, yaml) the files read; another extension is an error unless
   * ignore_unknown_extensions.
   */
  private TaskResult includeVarsDir(HostState host, Task task, Frame frame, Templar templar)
      throws ExprException {
    Map<String, Object> args = new LinkedHashMap<>();
    task.action().args().forEach((k, v) -> args.put(k, v));
    Path dir = Path.of(String.valueOf(templar.template(args.get("dir"))));
    if (!dir.isAbsolute()) {
      List<Path> places = new ArrayList<>();
      if (frame.role() != null) {
        places.add(frame.role().path().resolve("vars").resolve(dir));
        places.add(frame.role().path().resolve(dir)); // dir: vars means the role's vars/
      }
      places.add(play.playbookDir().resolve(dir));
      places.add(play.playbookDir().resolve("vars").resolve(dir));
      dir = places.stream().filter(Files::isDirectory).findFirst().orElse(places.get(0));
    }
    if (!Files.isDirectory(dir)) {
      return varsFailure(dir + " directory does not exist");
    }
    int depth = Integer.parseInt(String.valueOf(templar.template(args.getOrDefault("depth", 0))));
    Object matching = templar.template(args.get("files_matching"));
    java.util.regex.Pattern matcher =
        matching == null ? null : java.util.regex.Pattern.compile(String.valueOf(matching));
    List<String> ignored = strings(templar.template(args.get("ignore_files")));
    List<String> extensions = strings(templar.template(args.get("extensions")));
    if (extensions.isEmpty()) {
      extensions = List.of("json", "yml", "yaml");
    }
    boolean ignoreUnknown =
        Booleans.isTrue(templar.template(args.getOrDefault("ignore_unknown_extensions", false)));
    List<Path> dirs;
    try (var walk = Files.walk(dir)) {
      dirs = walk.filter(Files::isDirectory).sorted().toList();
    } catch (java.io.IOException e) {
      return varsFailure("cannot read " + dir + ": " + e.getMessage());
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    List<String> loaded = new ArrayList<>();
    int read = 0;
    for (Path current : dirs) {
      if (depth != 0 && ++read > depth) {
        break;
      }
      List<Path> files;
      try (var list = Files.list(current)) {
        files = list.filter(Files::isRegularFile).sorted().toList();
      } catch (java.io.IOException e) {
        return varsFailure("cannot read " + current + ": " + e.getMessage());
      }
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (matcher != null && !matcher.matcher(name).find()) {
          continue;
        }
        if (ignored.stream()
            .anyMatch(p -> java.util.regex.Pattern.compile(p + "$").matcher(name).find())) {
          continue;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        if (!extensions.contains(extension)) {
          if (ignoreUnknown) {
            continue;
          }
          return varsFailure(
              file + " does not have a valid extension: " + String.join(", ", extensions));
        }
        try {
          vars.putAll(play.readVars(file));
        } catch (PlaybookException e) {
          return varsFailure(e.getMessage());
        }
        loaded.add(file.toString());
      }
    }
    return included(host, task, templar, vars, loaded);
  }

  /**
   * What include_vars (file or dir) does with the variables it read: sets them on the host, under
   * {@code name} when given (merged over their current values with hash_behaviour: merge), and
   * reports them so as ansible_facts, as Ansible does.
   */
  private static TaskResult included(
      HostState host, Task task, Templar templar, Map<String, Object> vars, List<String> files)
      throws ExprException {
    Object name = task.action().args().get("name");
    Map<String, Object> facts =
        name == null ? vars : Map.of(String.valueOf(templar.template(name)), vars);
    if ("merge".equals(templar.template(task.action().args().get("hash_behaviour")))) {
      facts = mergedOverCurrent(facts, templar);
    }
    facts.forEach(host::includeVariable);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("ansible_facts", facts);
    data.put("ansible_included_var_files", files);
    return TaskResult.of(Status.OK, data);
  }

  private static List<String> strings(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(value));
  }
}
