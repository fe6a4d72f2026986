package dev.ploy.cli;

import dev.ploy.report.ConsoleReporter;
import dev.ploy.review.Inputs;
import dev.ploy.review.PlanRecorder;
import dev.ploy.review.PlannedTask;
import dev.ploy.review.ReviewedPlan;
import dev.ploy.run.Interruption;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ploy apply plan.json}: applies a plan made by {@code ploy plan}, exactly. It refuses when
 * a file the plan was made from changed; then plans every host again in check mode, and a host
 * whose plan now differs (its state drifted from what was probed) is left untouched and reported,
 * exit 2. The other hosts run for real, each module's plan checked against the reviewed one before
 * it is applied: a change that was not planned is refused.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Applies a plan written by 'ploy plan': exactly its changes, on hosts as probed.")
final class ApplyCommand implements Callable<Integer> {
  @ParentCommand PloyCommand ploy;

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file 'ploy plan' wrote.")
  Path planFile;

  @Option(
      names = {"-e", "--extra-vars"},
      paramLabel = "VARS",
      description =
          "The -e values the plan was made with, again and in order: a plan file does not keep"
              + " them, since they may be secrets (an @file is kept and need not be given).")
  List<String> extraVars = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream out = ploy.out();
    PrintStream err = ploy.err();
    ReviewedPlan plan;
    try {
      plan = ReviewedPlan.parse(Files.readString(planFile));
    } catch (IOException | IllegalArgumentException e) {
      err.println("ERROR! " + planFile + ": " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    List<String> changed =
        plan.inputs().changesIn(Inputs.read(plan.inputs().roots(), Set.of(planFile)));
    if (!changed.isEmpty()) {
      err.println(
          "ERROR! the files the plan was made from changed since; make a new plan (it was made in "
              + plan.directory()
              + "):\n  "
              + String.join("\n  ", changed));
      return ExitCodes.BAD_INPUT;
    }
    return ploy.reporting(() -> apply(plan, out, err));
  }

  /** Plans again with the plan's command line and applies the plan on the hosts as planned. */
  private int apply(ReviewedPlan plan, PrintStream out, PrintStream err) throws Exception {
    PlanCommand command = new PlanCommand();
    command.ploy = ploy;
    List<String> arguments = new ArrayList<>(ExtraVars.restored(plan.arguments(), extraVars));
    arguments.addAll(List.of("-o", planFile.toString()));
    try {
      new CommandLine(command).setExpandAtFiles(false).parseArgs(arguments.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      err.println("ERROR! the plan's command line: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    PlanCommand.Run checked = command.prepare(true);
    out.println("Planning again in check mode: only the hosts still as planned are changed...");
    Interruption interruption = new Interruption();
    PlanRecorder now = new PlanRecorder();
    checked.run(now, now, interruption);
    Map<String, List<String>> drifted = new LinkedHashMap<>();
    for (String host : plan.hosts().keySet()) {
      if (plan.problems().containsKey(host)) {
        continue;
      }
      List<String> drift = new ArrayList<>();
      Optional.ofNullable(now.problems().get(host)).ifPresent(drift::add);
      List<PlannedTask> steps = now.hosts().get(host);
      drift.addAll(
          steps == null ? List.of("the run does not reach it now") : plan.drift(host, steps));
      if (!drift.isEmpty()) {
        drifted.put(host, drift);
      }
    }
    for (String host : now.hosts().keySet()) {
      if (!plan.hosts().containsKey(host)) {
        drifted.put(host, List.of("the host is not in the plan"));
      }
    }
    List<String> applied =
        plan.hosts().keySet().stream()
            .filter(h -> !drifted.containsKey(h) && !plan.problems().containsKey(h))
            .toList();
    int code = ExitCodes.OK;
    if (!applied.isEmpty()) {
      RunOptions options = real(checked.options(), applied);
      RunListener console = new ConsoleReporter(out, options.verbosity(), ploy.color());
      try (Signals signals = Signals.stopping(interruption, out, err)) {
        code = checked.with(options).run(plan.enforcer(), console, interruption);
      }
      if (interruption.requested()) {
        return ploy.interrupted();
      }
    }
    plan.problems()
        .forEach(
            (host, why) ->
                out.println("\nNOT APPLIED on " + host + ": planning had failed: " + why));
    drifted.forEach(
        (host, drift) -> {
          out.println("\nDRIFT on " + host + ": not changed; it is no longer as planned:");
          drift.forEach(line -> out.println("  " + line));
        });
    if (!drifted.isEmpty() || !plan.problems().isEmpty()) {
      return Math.max(code, ExitCodes.HOST_FAILED);
    }
    return code;
  }

  /** The plan's options for a real run on {@code hosts} only. */
  private static RunOptions real(RunOptions planned, List<String> hosts) {
    return new RunOptions(
        false,
        planned.diff(),
        planned.forks(),
        planned.tags(),
        planned.skipTags(),
        Optional.of(String.join(",", hosts)),
        planned.startAtTask(),
        planned.extraVars(),
        planned.forceHandlers(),
        planned.become(),
        planned.becomeUser(),
        planned.becomeMethod(),
        planned.becomePassword(),
        planned.remoteUser(),
        planned.verbosity(),
        planned.connectionVars(),
        planned.setting());
  }
}
