package dev.ploy.cli;

import dev.ploy.inventory.Inventory;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.review.Inputs;
import dev.ploy.review.PlanRecorder;
import dev.ploy.review.PlanReview;
import dev.ploy.review.PlanSummary;
import dev.ploy.review.ReviewedPlan;
import dev.ploy.run.Interruption;
import dev.ploy.run.PlaybookRunner;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ploy plan PLAYBOOK... -o plan.json}: runs the playbooks in check mode and writes what each
 * host would change, with the probed state each change rests on and the checksums of the files the
 * plan was made from, for {@code ploy apply} to apply exactly that (see {@link ApplyCommand}). A
 * summary goes to standard output: plain text, or Markdown for a pull request.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Plans a run in check mode and writes the plan for 'ploy apply', with a summary to read.")
final class PlanCommand implements Callable<Integer> {
  @ParentCommand PloyCommand ploy;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", arity = "1..*", description = "Playbook files, in order.")
  List<Path> playbooks = new ArrayList<>();

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      required = true,
      description = "Where to write the plan (JSON), for 'ploy apply FILE'.")
  Path planFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "The summary on standard output: text (default) or md (for a pull request).")
  String format = "text";

  @Mixin HostOptions host = new HostOptions();

  @Mixin TagOptions tagOptions = new TagOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = ploy.out();
    PrintStream err = ploy.err();
    if (!List.of("text", "md").contains(format)) {
      err.println("ERROR! --format takes text or md, not '" + format + "'");
      return ExitCodes.BAD_INPUT;
    }
    List<String> arguments = arguments();
    return ploy.reporting(() -> plan(arguments, out, err));
  }

  /** Plans in check mode, writes the plan and prints its summary. */
  private int plan(List<String> arguments, PrintStream out, PrintStream err) throws Exception {
    try {
      Run run = prepare(true);
      Inputs inputs = Inputs.read(run.roots(), Set.of(planFile));
      PlanRecorder recorder = new PlanRecorder();
      int code = run.run(recorder, recorder, new Interruption());
      ReviewedPlan plan =
          new ReviewedPlan(
              arguments,
              Path.of("").toAbsolutePath().toString(),
              inputs,
              recorder.hosts(),
              recorder.problems());
      Files.writeString(planFile, plan.toJson());
      out.print("md".equals(format) ? PlanSummary.markdown(plan) : PlanSummary.text(plan));
      if (code != ExitCodes.OK) {
        err.println(
            "[WARNING]: planning failed on some hosts; 'ploy apply "
                + planFile
                + "' will not change them");
      }
      return code;
    } catch (IOException e) {
      err.println("ERROR! " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
  }

  /**
   * This command's own arguments, as given, without where the plan and summary go and with the -e
   * values written on the command line withheld.
   */
  private List<String> arguments() {
    // the parse result's arguments are the whole command line's: this command's follow its name
    List<String> given = spec.commandLine().getParseResult().originalArgs();
    List<String> kept = new ArrayList<>();
    for (int i = given.indexOf(spec.name()) + 1; i < given.size(); i++) {
      String arg = given.get(i);
      if (List.of("-o", "--out", "--format").contains(arg)) {
        i++;
      } else if (!arg.startsWith("--out=")
          && !arg.startsWith("--format=")
          && !(arg.startsWith("-o") && arg.length() > 2)) {
        kept.add(arg);
      }
    }
    return ExtraVars.withheld(kept);
  }

  /** The loaded playbooks, inventory and settings of a run of this command line. */
  record Run(
      List<Playbook> playbooks,
      Inventory inventory,
      RunOptions options,
      Setup setup,
      ModuleRegistry modules,
      List<String> roots) {

    /** Runs every playbook, each module's plan shown to {@code review}; the worst exit code. */
    int run(PlanReview review, RunListener listener, Interruption interruption) throws Exception {
      int code = ExitCodes.OK;
      try (var connections = setup.connections()) {
        PlaybookRunner runner = setup.runner(modules, connections, interruption).reviewing(review);
        for (Playbook playbook : playbooks) {
          code = Math.max(code, runner.run(playbook, inventory, options, listener).exitCode());
        }
      }
      return code;
    }

    /** The same run with other options. */
    Run with(RunOptions other) {
      return new Run(playbooks, inventory, other, setup, modules, roots);
    }
  }

  /** Loads what a run of this command line needs; {@code check}: in check mode. */
  Run prepare(boolean check) throws Exception {
    host.check = check;
    Playbooks loaded =
        Playbooks.load(
            host, tagOptions.selection(null, false), playbooks, ploy.environment(), warning -> {});
    Setup setup = loaded.setup();
    Inventory inventory = setup.inventory();
    List<String> roots = new ArrayList<>();
    for (Path playbook : playbooks) {
      Path dir = playbook.getParent() == null ? Path.of(".") : playbook.getParent();
      if (!roots.contains(dir.toString())) {
        roots.add(dir.toString());
      }
    }
    for (String source : setup.inventorySources()) {
      if (Files.exists(Path.of(source)) && !roots.contains(source)) {
        roots.add(source);
      }
    }
    setup.rolesPath().forEach(dir -> roots.add(dir.toString()));
    if (Files.isRegularFile(Path.of("ploy.yml")) && !roots.contains("ploy.yml")) {
      roots.add("ploy.yml");
    }
    return new Run(loaded.loaded(), inventory, setup.options(), setup, loaded.modules(), roots);
  }
}
