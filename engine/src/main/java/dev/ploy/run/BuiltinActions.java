package dev.ploy.run;

import dev.ploy.expr.Booleans;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The actions that change the run's variables rather than a host: set_fact and include_vars. */
final class BuiltinActions {
  private final PlayRun play;

  BuiltinActions(PlayRun play) {
    this.play = play;
  }

  /** Whether the executor runs this action itself, here. */
  static boolean handles(String action) {
    return action.equals("set_fact") || action.equals("include_vars");
  }

  TaskResult run(HostState host, Task task, Frame frame, Templar templar) throws ExprException {
    return switch (task.action().module()) {
      case "set_fact" -> setFact(host, task, templar);
      case "include_vars" -> includeVars(host, task, frame, templar);
      default -> throw new IllegalArgumentException(task.action().module());
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
      Object name = task.action().args().get("name");
      if (name != null) {
        host.setVariable(String.valueOf(templar.template(name)), vars);
      } else {
        vars.forEach(host::setVariable);
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changed", false);
      data.put("ansible_facts", vars);
      data.put("ansible_included_var_files", List.of(path.toString()));
      return TaskResult.of(Status.OK, data);
    } catch (PlaybookException e) {
      return varsFailure(e.getMessage());
    }
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
    Object name = args.get("name");
    if (name != null) {
      host.setVariable(String.valueOf(templar.template(name)), vars);
    } else {
      vars.forEach(host::setVariable);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put(
        "ansible_facts",
        name != null ? Map.of(String.valueOf(templar.template(name)), vars) : vars);
    data.put("ansible_included_var_files", loaded);
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
