package dev.ploy.modules.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ConnectionFactory;
import dev.ploy.facts.FactGatherer;
import dev.ploy.inventory.Inventory;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Task;
import dev.ploy.report.ConsoleReporter;
import dev.ploy.run.HostStats;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a playbook against testbed hosts over real SSH, as {@code ploy -i ... --diff} would, and
 * keeps the results and the console output for the test to check.
 */
public final class TestbedRun {
  private static final ModuleRegistry MODULES = ModuleRegistry.load();

  private final Path dir;
  private final List<TargetHost> hosts;
  private boolean check;
  private Map<String, Object> extraVars = Map.of();

  private TestbedRun(Path dir, List<TargetHost> hosts) {
    this.dir = dir;
    this.hosts = hosts;
  }

  /** A run in {@code dir} (a temporary directory holding the playbook and its files). */
  public static TestbedRun in(Path dir, List<TargetHost> hosts) {
    return new TestbedRun(dir, List.copyOf(hosts));
  }

  public static TestbedRun in(Path dir, TargetHost host) {
    return in(dir, List.of(host));
  }

  public TestbedRun check(boolean on) {
    this.check = on;
    return this;
  }

  public TestbedRun vars(Map<String, Object> vars) {
    this.extraVars = Map.copyOf(vars);
    return this;
  }

  /** Writes a file beside the playbook (a template, a file to copy...). */
  public TestbedRun file(String relative, String content) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  /**
   * One result per host and task, plus what the console showed. {@code byHost} holds each host's
   * results by task name ("" for fact gathering; a task run twice keeps its last result), and the
   * command lines sent to each host, in order.
   */
  public record Result(
      RunOutcome outcome,
      Map<String, List<TaskResult>> byTask,
      String console,
      Map<String, Map<String, TaskResult>> byHost,
      Map<String, List<String>> commands) {
    public int exitCode() {
      return outcome.exitCode();
    }

    public HostStats stats(String host) {
      return outcome.stats().get(host);
    }

    public int changed() {
      return outcome.stats().values().stream().mapToInt(HostStats::changed).sum();
    }

    public int failed() {
      return outcome.stats().values().stream().mapToInt(HostStats::failed).sum();
    }

    /**
     * Asserts that the run failed nothing and changed nothing: a second run after a converged one.
     */
    public void assertConverged() {
      assertThat(failed()).as(console()).isZero();
      assertThat(changed()).as(console()).isZero();
    }

    /** The result of a task on the single host of the run (or the first host). */
    public TaskResult task(String name) {
      List<TaskResult> results = byTask.get(name);
      if (results == null || results.isEmpty()) {
        throw new AssertionError(
            "no result for task '" + name + "'; ran: " + byTask.keySet() + "\n" + console);
      }
      return results.get(0);
    }

    public Status status(String name) {
      return task(name).status();
    }

    /** The result of a task on one host of the run. */
    public TaskResult task(String host, String name) {
      TaskResult result = byHost.getOrDefault(host, Map.of()).get(name);
      if (result == null) {
        throw new AssertionError(
            "no result for task '"
                + name
                + "' on "
                + host
                + "; ran there: "
                + byHost.getOrDefault(host, Map.of()).keySet()
                + "\n"
                + console);
      }
      return result;
    }

    public Status status(String host, String name) {
      return task(host, name).status();
    }
  }

  /** Runs {@code playbookYaml} (its plays should target 'all' or 'testbed'). */
  public Result run(String playbookYaml) throws Exception {
    Path playbook = dir.resolve("playbook.yml");
    Files.writeString(playbook, playbookYaml);
    StringBuilder ini = new StringBuilder("[testbed]\n");
    for (TargetHost host : hosts) {
      ini.append(host.inventoryLine()).append('\n');
    }
    Path inventoryFile = dir.resolve("hosts.ini");
    Files.writeString(inventoryFile, ini.toString());
    Playbook loaded = new PlaybookLoader(MODULES, List.of()).load(playbook);
    Inventory inventory = Inventory.load(List.of(inventoryFile.toString())).withPlaybookVars(dir);
    RunOptions.Builder run = RunOptions.builder();
    run.check = check;
    run.diff = true;
    run.extraVars = extraVars;
    RunOptions options = run.build();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    ConsoleReporter reporter = new ConsoleReporter(out, 0, false);
    Map<String, List<TaskResult>> byTask = Collections.synchronizedMap(new LinkedHashMap<>());
    Map<String, Map<String, TaskResult>> byHost = new ConcurrentHashMap<>();
    Map<String, List<String>> commands = new ConcurrentHashMap<>();
    RunListener recorder =
        new RunListener() {
          @Override
          public boolean wantsCommands() {
            return true;
          }

          @Override
          public void command(String host, String line) {
            commands
                .computeIfAbsent(host, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(line);
          }

          @Override
          public void hostResult(String host, Task task, TaskResult result) {
            byTask
                .computeIfAbsent(
                    task == null ? "" : task.displayName(),
                    k -> Collections.synchronizedList(new ArrayList<>()))
                .add(result);
            byHost
                .computeIfAbsent(host, k -> new ConcurrentHashMap<>())
                .put(task == null ? "" : task.displayName(), result);
          }
        };
    RunOutcome outcome;
    try (ConnectionFactory connections = new ConnectionFactory(TargetHost.defaults())) {
      PlaybookRunner runner =
          new PlaybookRunner(MODULES, List.of(), connections::open, FactGatherer::gather);
      outcome =
          runner.run(loaded, inventory, options, RunListener.all(List.of(reporter, recorder)));
    }
    out.flush();
    return new Result(outcome, byTask, console.toString(StandardCharsets.UTF_8), byHost, commands);
  }
}
