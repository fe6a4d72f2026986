package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.config.ConfigException;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Problem;
import dev.ploy.run.Interruption;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import dev.ploy.run.RunOutcome;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ploy [options] PLAYBOOK...}: runs playbooks like ansible-playbook, with its flags and exit
 * codes. Subcommands: adhoc, plan, apply, inventory, doc, graph, roles.
 */
@Command(
    name = "ploy",
    mixinStandardHelpOptions = true,
    version = "ploy 0.1.0",
    sortOptions = false,
    description = "Runs Ansible-style playbooks over agentless SSH.",
    subcommands = {
      AdhocCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      InventoryCommand.class,
      DocCommand.class,
      GraphCommand.class,
      RolesCommand.class,
      VaultCommand.class
    },
    exitCodeOnInvalidInput = ExitCodes.BAD_INPUT,
    exitCodeOnExecutionException = ExitCodes.ERROR)
public final class PloyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "PLAYBOOK", description = "Playbook files to run, in order.")
  List<Path> playbooks = new ArrayList<>();

  @Mixin HostOptions host = new HostOptions();

  @Option(
      names = {"-t", "--tags"},
      paramLabel = "TAGS",
      split = ",",
      description = "Only run tasks with these tags.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--skip-tags",
      paramLabel = "TAGS",
      split = ",",
      description = "Skip tasks with these tags.")
  List<String> skipTags = new ArrayList<>();

  @Option(
      names = "--flush-cache",
      description = "Accepted for compatibility: ploy keeps no fact cache between runs.")
  boolean flushCache;

  @Option(
      names = "--syntax-check",
      description = "Check the playbooks and stop; no host is contacted.")
  boolean syntaxCheck;

  @Option(names = "--list-tasks", description = "List the tasks that would run.")
  boolean listTasks;

  @Option(names = "--list-hosts", description = "List the hosts each play would run on.")
  boolean listHosts;

  @Option(names = "--list-tags", description = "List the tags in the playbooks.")
  boolean listTags;

  @Option(
      names = "--start-at-task",
      paramLabel = "NAME",
      description = "Start at the task of this name.")
  String startAtTask;

  @Option(names = "--force-handlers", description = "Run notified handlers even when a host fails.")
  boolean forceHandlers;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description =
          "Also write a report: json or junit, to stdout instead of the console output, or to"
              + " FILE with json=FILE, junit=FILE.")
  String output;

  @Option(
      names = "--report",
      paramLabel = "FILE.html",
      description = "Write an HTML report of the run (recap, host x task grid, diffs, errors).")
  Path report;

  private boolean logging;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  public PloyCommand() {
    this(System.out, System.err, System.getenv());
  }

  PloyCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  Map<String, String> environment() {
    return environment;
  }

  @Override
  public Integer call() throws Exception {
    if (playbooks.isEmpty()) {
      err.println(
          "ploy: give a playbook to run, e.g. 'ploy -i inventory.ini site.yml' (see ploy --help)");
      return ExitCodes.BAD_INPUT;
    }
    try {
      Config config = Config.load(Path.of("."), environment);
      logging = host.startLog(config);
      Setup setup =
          Setup.from(
              host,
              new Setup.Selection(tags, skipTags, startAtTask, forceHandlers),
              config,
              playbooks.get(0).toAbsolutePath().getParent());
      ModuleRegistry modules = ModuleRegistry.load();
      PlaybookLoader loader = new PlaybookLoader(modules, setup.rolesPath(), setup.vault());
      List<Playbook> loaded = loadAll(loader);
      if (loaded == null) {
        return ExitCodes.BAD_INPUT;
      }
      if (syntaxCheck) {
        for (Playbook playbook : loaded) {
          out.println();
          out.println("playbook: " + playbook.file());
        }
        return ExitCodes.OK;
      }
      Inventory inventory = setup.inventory();
      for (String warning : inventory.warnings()) {
        err.println("[WARNING]: " + warning);
      }
      RunOptions options = setup.options();
      if (listTasks || listHosts || listTags) {
        new Listing(out, inventory, options, loader).print(loaded, listHosts, listTasks, listTags);
        return ExitCodes.OK;
      }
      return run(loaded, inventory, options, setup, modules);
    } catch (UsageException | ConfigException | InventoryException e) {
      err.println("ERROR! " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (PlaybookException e) {
      printProblems(e.problems());
      return ExitCodes.BAD_INPUT;
    }
  }

  private List<Playbook> loadAll(PlaybookLoader loader) {
    List<Playbook> loaded = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path playbook : playbooks) {
      if (!Files.isRegularFile(playbook)) {
        problems.add(
            new Problem(dev.ploy.yaml.Location.of(playbook), "the playbook does not exist"));
        continue;
      }
      try {
        Playbook read = loader.load(playbook);
        for (Problem warning : read.warnings()) {
          err.println("[WARNING]: " + warning);
        }
        loaded.add(read);
      } catch (PlaybookException e) {
        for (Problem warning : e.warnings()) {
          err.println("[WARNING]: " + warning);
        }
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      printProblems(problems);
      return null;
    }
    return loaded;
  }

  private int run(
      List<Playbook> loaded,
      Inventory inventory,
      RunOptions options,
      Setup setup,
      ModuleRegistry modules)
      throws Exception {
    Reports reports = Reports.of(output, report, options, out, environment, logging);
    RunListener listener = reports.listener();
    int code = ExitCodes.OK;
    Interruption interruption = new Interruption();
    try (Signals signals = Signals.stopping(interruption, out, err);
        var connections = setup.connections();
        AutoCloseable progress = reports.progress()) {
      PlaybookRunner runner = setup.runner(modules, connections, interruption);
      for (Playbook playbook : loaded) {
        RunOutcome outcome = runner.run(playbook, inventory, options, listener);
        code = Math.max(code, outcome.exitCode());
        if (interruption.requested()) {
          break;
        }
      }
    }
    reports.finish();
    if (interruption.requested()) {
      // as ansible-playbook says it, on standard error, after the recap
      out.flush();
      err.println("[ERROR]: User interrupted execution");
      return ExitCodes.INTERRUPTED;
    }
    return code;
  }

  void printProblems(List<Problem> problems) {
    err.println(
        "ERROR! "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " found before running; no host was contacted:");
    for (Problem problem : problems) {
      err.println("  " + problem);
    }
  }

  List<String> allTags() {
    return tags;
  }

  Set<String> tagSet(List<String> values) {
    Set<String> set = new LinkedHashSet<>();
    values.forEach(v -> set.add(v.trim()));
    return set;
  }
}
