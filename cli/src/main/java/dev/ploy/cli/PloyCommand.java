package dev.ploy.cli;

import dev.ploy.config.ConfigException;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.Problem;
import dev.ploy.run.Interruption;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import dev.ploy.run.RunOutcome;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    exitCodeOnInvalidInput = ExitCodes.BAD_INPUT,
    exitCodeOnExecutionException = ExitCodes.ERROR)
public final class PloyCommand implements Callable<Integer> {
  /**
   * The subcommands, in the order the usage lists them. {@link Main#commandLine(PloyCommand,
   * String...)} adds only those a command line names, since building each one's model costs time at
   * every start.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          AdhocCommand.class,
          PlanCommand.class,
          ApplyCommand.class,
          InventoryCommand.class,
          DocCommand.class,
          GraphCommand.class,
          RolesCommand.class,
          VaultCommand.class);

  @Parameters(paramLabel = "PLAYBOOK", description = "Playbook files to run, in order.")
  List<Path> playbooks = new ArrayList<>();

  @Mixin HostOptions host = new HostOptions();

  @Mixin TagOptions tagOptions = new TagOptions();

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

  /** Whether output is colored: on a terminal, unless NO_COLOR is set. */
  boolean color() {
    return System.console() != null && !environment.containsKey("NO_COLOR");
  }

  @Override
  public Integer call() throws Exception {
    if (playbooks.isEmpty()) {
      err.println(
          "ploy: give a playbook to run, e.g. 'ploy -i inventory.ini site.yml' (see ploy --help)");
      return ExitCodes.BAD_INPUT;
    }
    return reporting(this::runPlaybooks);
  }

  /** Loads the playbooks, then checks, lists or runs them. */
  private int runPlaybooks() throws Exception {
    Playbooks read =
        Playbooks.load(
            host,
            tagOptions.selection(startAtTask, forceHandlers),
            playbooks,
            environment,
            warning -> err.println("[WARNING]: " + warning));
    logging = read.logging();
    Setup setup = read.setup();
    List<Playbook> loaded = read.loaded();
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
      new Listing(out, inventory, options, read.loader())
          .print(loaded, listHosts, listTasks, listTags);
      return ExitCodes.OK;
    }
    return run(loaded, inventory, options, setup, read.modules());
  }

  /** A command's work, which may meet the bad input {@link #reporting} reports. */
  interface Work {
    int run() throws Exception;
  }

  /**
   * Does {@code work}, reporting bad input as every command reports it, on standard error: a usage,
   * configuration or inventory error on one line, a playbook's problems as a list; exit 5
   * (BAD_INPUT).
   */
  int reporting(Work work) throws Exception {
    try {
      return work.run();
    } catch (UsageException | ConfigException | InventoryException e) {
      err.println("ERROR! " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    } catch (PlaybookException e) {
      printProblems(e.problems());
      return ExitCodes.BAD_INPUT;
    }
  }

  /** Says that the user interrupted the run, as ansible-playbook does: after the recap, exit 99. */
  int interrupted() {
    out.flush();
    err.println("[ERROR]: User interrupted execution");
    return ExitCodes.INTERRUPTED;
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
        if (outcome.error() != null) {
          // ansible-playbook's ERROR!: the run ends there, with the error's own exit code
          out.flush();
          err.println("ERROR! " + outcome.error().message());
          code = outcome.error().exitCode();
          break;
        }
        code = Math.max(code, outcome.exitCode());
        if (interruption.requested()) {
          break;
        }
      }
    }
    reports.finish();
    return interruption.requested() ? interrupted() : code;
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
}
