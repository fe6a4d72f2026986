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
      facts.put(entry.getKey(), templar.templateToStore(entry.getValue()));
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
    Object file = templar.template(task.action().args().get("file"));
    Path path = Path.of(String.valueOf(file));
    if (!path.isAbsolute()) {
      List<Path> places = new ArrayList<>();
      if (frame.role() != null) {
        places.add(frame.role().path().resolve("vars").resolve(path));
      }
      places.add(play.playbookDir().resolve("vars").resolve(path));
      places.add(play.playbookDir().resolve(path));
      path =
          places.stream()
              .filter(Files::isRegularFile)
              .findFirst()
              .orElse(places.get(places.size() - 1));
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
      return TaskResult.failed(e.getMessage());
    }
  }
}
