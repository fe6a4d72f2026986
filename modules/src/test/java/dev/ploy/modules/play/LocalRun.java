package dev.ploy.modules.play;

import dev.ploy.connection.Connection;
import dev.ploy.connection.LocalConnection;
import dev.ploy.facts.FactGatherer;
import dev.ploy.inventory.Inventory;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.TaskResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a playbook from the test resources on this machine over the local connection, with the real
 * modules, and keeps every result for the test to read.
 */
final class LocalRun {
  private static final ModuleRegistry MODULES = ModuleRegistry.load();

  record Event(String host, String task, boolean handler, TaskResult result) {}

  record Result(RunOutcome outcome, List<Event> events) {
    int exitCode() {
      return outcome.exitCode();
    }

    HostStats stats() {
      return outcome.stats().get("localhost");
    }

    /** The last result of the task with this name on localhost. */
    TaskResult task(String name) {
      TaskResult found = null;
      for (Event event : events) {
        if (event.task().equals(name)) {
          found = event.result();
        }
      }
      if (found == null) {
        throw new AssertionError("no result for task '" + name + "'; tasks run: " + taskNames());
      }
      return found;
    }

    List<String> taskNames() {
      return events.stream().map(Event::task).toList();
    }
  }

  static Path fixture(String name) {
    try {
      return Path.of(LocalRun.class.getResource("/play/" + name).toURI());
    } catch (Exception e) {
      throw new IllegalArgumentException("no fixture " + name, e);
    }
  }

  static Result run(String playbook, Map<String, Object> extraVars) throws Exception {
    return run(playbook, extraVars, false, Set.of());
  }

  static Result run(String playbook, Map<String, Object> extraVars, boolean check, Set<String> tags)
      throws Exception {
    Path file = fixture(playbook);
    Playbook loaded = new PlaybookLoader(MODULES, List.of()).load(file);
    Inventory inventory =
        Inventory.load(List.of(file.getParent().resolve("hosts.ini").toString()))
            .withPlaybookVars(file.getParent());
    RunOptions.Builder run = RunOptions.builder();
    run.check = check;
    run.diff = true;
    run.tags = tags;
    run.extraVars = extraVars;
    RunOptions options = run.build();
    Map<String, Connection> connections = new ConcurrentHashMap<>();
    List<Event> events = java.util.Collections.synchronizedList(new ArrayList<>());
    PlaybookRunner runner =
        new PlaybookRunner(
            MODULES,
            List.of(),
            (host, vars) -> connections.computeIfAbsent(host, LocalConnection::new),
            FactGatherer::gather);
    RunOutcome outcome =
        runner.run(
            loaded,
            inventory,
            options,
            new RunListener() {
              private volatile boolean handler;

              @Override
              public void taskStart(
                  String title, Task task, boolean isHandler, List<String> hosts) {
                handler = isHandler;
              }

              @Override
              public void hostResult(String host, Task task, TaskResult result) {
                events.add(
                    new Event(host, task == null ? "" : task.displayName(), handler, result));
              }
            });
    connections.values().forEach(Connection::close);
    return new Result(outcome, List.copyOf(events));
  }
}
