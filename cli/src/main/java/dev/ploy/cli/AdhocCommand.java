package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.expr.Json;
import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.report.AdhocReporter;
import dev.ploy.report.LogReporter;
import dev.ploy.run.Interruption;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ploy adhoc PATTERN -m MODULE -a ARGS}: one task on the hosts of a pattern, as the ansible
 * command runs it: a play of that one task, facts not gathered, run by the same engine as a
 * playbook, and one entry per host in Ansible's ad-hoc output. Exit codes as ansible's.
 */
@Command(
    name = "adhoc",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs one module on the hosts of a pattern, as the ansible command does.")
final class AdhocCommand implements Callable<Integer> {
  /** Ansible's MODULE_REQUIRE_ARGS: modules that do nothing without arguments. */
  private static final List<String> REQUIRE_ARGS = List.of("command", "shell", "raw", "script");

  @ParentCommand PloyCommand ploy;

  @Parameters(index = "0", paramLabel = "PATTERN", description = "The hosts: all, web, 'db:!db3'.")
  String pattern;

  @Option(
      names = {"-m", "--module-name"},
      paramLabel = "MODULE",
      description = "The module to run (default command).")
  String module = "command";

  @Option(
      names = {"-a", "--args"},
      paramLabel = "ARGS",
      description =
          "The module's arguments: k=v pairs, a JSON mapping, or the command line for command,"
              + " shell and raw.")
  String args;

  @Option(
      names = {"-o", "--one-line"},
      description = "One line per host.")
  boolean oneline;

  @Option(names = "--list-hosts", description = "List the hosts the pattern selects and stop.")
  boolean listHosts;

  @Mixin HostOptions host = new HostOptions();

  @Override
  public Integer call() throws Exception {
    return ploy.reporting(() -> run(ploy.out(), ploy.err()));
  }

  private int run(PrintStream out, PrintStream err) throws Exception {
    Config config = Config.load(Path.of("."), ploy.environment());
    boolean logging = host.startLog(config);
    Path here = Path.of("").toAbsolutePath();
    Setup setup = Setup.from(host, Setup.Selection.ALL, config, here);
    Inventory inventory = setup.inventory();
    for (String warning : inventory.warnings()) {
      err.println("[WARNING]: " + warning);
    }
    RunOptions options = setup.options();
    if (listHosts) {
      List<Host> hosts = PlaybookRunner.select(inventory, pattern, options);
      out.println("  hosts (" + hosts.size() + "):");
      hosts.forEach(h -> out.println("    " + h.name()));
      return ExitCodes.OK;
    }
    String shortName = module.replaceFirst("^ansible\\.(builtin|legacy)\\.", "");
    if (REQUIRE_ARGS.contains(shortName) && (args == null || args.isEmpty())) {
      throw new UsageException(
          "No argument passed to "
              + module
              + " module"
              + (pattern.endsWith(".yml") ? " (did you mean to run a playbook: ploy FILE?)" : ""));
    }
    ModuleRegistry modules = ModuleRegistry.load();
    Playbook playbook =
        new PlaybookLoader(modules, setup.rolesPath(), setup.vault())
            .adhoc(pattern, module, arguments(), here);
    RunListener shown =
        new AdhocReporter(out, err, options.verbosity(), options.diff(), oneline, ploy.color());
    RunListener listener = logging ? RunListener.all(List.of(shown, new LogReporter())) : shown;
    Interruption interruption = new Interruption();
    int code;
    try (Signals signals = Signals.stopping(interruption, out, err);
        var connections = setup.connections()) {
      code =
          setup
              .runner(modules, connections, interruption)
              .run(playbook, inventory, options, listener)
              .exitCode();
    }
    return interruption.requested() ? ploy.interrupted() : code;
  }

  /**
   * The arguments as the ansible command reads -a: a JSON mapping when the text is one, else the
   * text as a task writes it after the module's name (k=v pairs, or a command line for command,
   * shell and raw, whose chdir=, creates=... are read as in a playbook).
   */
  private Object arguments() {
    if (args == null || args.isBlank()) {
      return null;
    }
    if (args.startsWith("{") && args.endsWith("}")) {
      try {
        if (Json.parse(args.strip()) instanceof Map<?, ?> mapping && !mapping.isEmpty()) {
          return mapping;
        }
      } catch (IllegalArgumentException notJson) {
        // as ansible: text that is not JSON is read as k=v pairs
      }
    }
    return args;
  }
}
