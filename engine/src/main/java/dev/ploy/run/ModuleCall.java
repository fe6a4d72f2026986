package dev.ploy.run;

import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.diff.Diff;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.module.ArgChecker;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleDefaults;
import dev.ploy.module.ModuleException;
import dev.ploy.module.PathExpansion;
import dev.ploy.module.Plan;
import dev.ploy.playbook.Task;
import dev.ploy.review.PlanReview;
import dev.ploy.review.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One call of a module for a task on a host: its arguments templated and bound, the target it
 * probes through, its plan, and — the one place where check mode is decided — applying that plan or
 * only reporting it; then the task's changed_when and failed_when ({@link ResultRules}).
 */
final class ModuleCall {
  private final PlayRun play;

  ModuleCall(PlayRun play) {
    this.play = play;
  }

  /**
   * Runs the module once; the result carries a warning for each argument ploy does not honour.
   * attempt: under until, which attempt this is (changed_when/failed_when see it); else 0.
   */
  TaskResult run(
      HostState host, Task task, Frame frame, Templar templar, Module module, int attempt)
      throws ExprException {
    List<String> warnings = new ArrayList<>();
    TaskResult result = planAndApply(host, task, frame, templar, module, warnings, attempt);
    if (!warnings.isEmpty()) {
      List<Object> all = new ArrayList<>(warnings);
      if (result.data().get("warnings") instanceof List<?> own) {
        all.addAll(own);
      }
      result.data().put("warnings", all);
    }
    return result;
  }

  private TaskResult planAndApply(
      HostState host,
      Task task,
      Frame frame,
      Templar templar,
      Module module,
      List<String> warnings,
      int attempt)
      throws ExprException {
    TaskSettings settings = new TaskSettings(templar, frame.keywords(), play.options());
    boolean check = settings.check();
    Map<String, Object> data = new LinkedHashMap<>();
    Plan plan;
    TaskTarget target;
    Map<String, Object> marked;
    try {
      marked =
          templatedArgs(
              ModuleDefaults.apply(
                  module.spec(),
                  frame.keywords().moduleDefaults().getOrDefault(module.spec().name(), Map.of()),
                  task.action().args()),
              templar);
    } catch (ExprException e) {
      return TaskResult.failed(e.getMessage()).at(TaskRunner.where(task));
    }
    try {
      // the module gets unsafe text as its literal text, and never evaluates it (debug var,
      // assert that)
      Map<String, Object> rawArgs = Unsafe.stripValues(marked);
      Args args = Args.bind(module.spec(), rawArgs);
      warnings.addAll(ArgChecker.notHonoured(module.spec(), rawArgs));
      if (play.options().verbosity() >= 2) {
        data.put("invocation", Map.of("module_args", Secrets.shownArgs(module, rawArgs)));
      }
      target = target(host, frame, settings, Secrets.values(module, rawArgs), Unsafe.texts(marked));
      args = PathExpansion.expand(args, PathExpansion.of(target));
      plan = module.plan(target, args);
    } catch (UnreachableException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ConnectionException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ModuleException e) {
      return judge(task, templar, attempt, ResultRules.failure(e), List.of());
    }
    if (!check && plan.failureWhenRun().isPresent()) {
      // what the plan assumed an earlier task makes is still missing: fail as the module would
      ModuleException missing = new ModuleException(plan.failureWhenRun().get());
      return ResultRules.judge(task, templar, ResultRules.failure(missing), List.of());
    }
    Optional<String> refused = play.review().review(host.name(), task, step(plan, settings));
    if (refused.isPresent()) {
      return TaskResult.failed(refused.get());
    }
    if (check) {
      warnings.addAll(plan.checkModeWarnings());
    }
    data.putAll(plan.result());
    // the result carries the diffs only when the task runs in diff mode (its diff: keyword, else
    // --diff): the reporters show what the result carries, whatever keys a module returns
    List<Diff> diffs = settings.diffMode() ? plan.diffs() : List.of();
    if (!diffs.isEmpty()) {
      // a module that returns its own diff (known_hosts) keeps it, as Ansible's does
      data.putIfAbsent("diff", Diff.ansibleShaped(diffs));
    }
    if (!plan.changed()) {
      absorbFacts(play.factsHost(host, settings), data);
      data.put("changed", false);
      // as in Ansible, a module whose result says skipped (script kept by its creates/removes)
      // skipped the task
      Status status = Boolean.TRUE.equals(data.get("skipped")) ? Status.SKIPPED : Status.OK;
      return judge(task, templar, attempt, TaskResult.of(status, data), diffs);
    }
    if (check) {
      if (plan.inCheckMode() == Plan.CheckMode.UPKEEP) {
        absorbFacts(play.factsHost(host, settings), data);
        data.put("changed", false);
        return judge(task, templar, attempt, TaskResult.of(Status.OK, data), diffs);
      }
      if (plan.inCheckMode() == Plan.CheckMode.SKIP) {
        data.put("changed", false);
        data.put("skipped", true);
        data.putIfAbsent("msg", plan.checkModeSkip().orElse("skipped, running in check mode"));
        return TaskResult.of(Status.SKIPPED, data);
      }
      data.put("changed", true);
      return judge(task, templar, attempt, TaskResult.of(Status.CHANGED, data), diffs);
    }
    try {
      Map<String, Object> applied = plan.apply().orElseThrow().apply(target);
      data.putAll(applied);
    } catch (UnreachableException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ModuleException e) {
      Map<String, Object> failed = new LinkedHashMap<>(data);
      failed.putAll(ResultRules.failure(e).data());
      return judge(task, templar, attempt, TaskResult.of(Status.FAILED, failed), diffs);
    }
    absorbFacts(play.factsHost(host, settings), data);
    boolean changed = !Boolean.FALSE.equals(data.get("changed"));
    data.put("changed", changed);
    return judge(
        task, templar, attempt, TaskResult.of(changed ? Status.CHANGED : Status.OK, data), diffs);
  }

  /** The plan as a reviewed plan records it (see {@link PlanReview}). */
  private static Step step(Plan plan, TaskSettings settings) {
    Step.Action action =
        !plan.changed()
            ? Step.Action.OK
            : switch (plan.inCheckMode()) {
              case PREDICT -> Step.Action.CHANGE;
              case SKIP -> Step.Action.RUNS;
              case UPKEEP -> Step.Action.UPKEEP;
            };
    return new Step(action, plan.diffs(), settings.noLog());
  }

  /** changed_when/failed_when on a result, which under until already holds its attempts. */
  private static TaskResult judge(
      Task task, Templar templar, int attempt, TaskResult result, List<Diff> diffs)
      throws ExprException {
    if (attempt > 0) {
      result.data().put("attempts", attempt);
    }
    return ResultRules.judge(task, templar, result, diffs);
  }

  /** Facts a module returns (setup, for one) become the host's facts, as in Ansible. */
  private static void absorbFacts(HostState host, Map<String, Object> data) {
    if (data.get("ansible_facts") instanceof Map<?, ?> facts && !facts.isEmpty()) {
      Map<String, Object> named = new LinkedHashMap<>();
      facts.forEach((k, v) -> named.put(String.valueOf(k), v));
      host.addFacts(Unsafe.wrapValues(named));
    }
  }

  private static Map<String, Object> templatedArgs(Map<String, Object> written, Templar templar)
      throws ExprException {
    Map<String, Object> args = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : written.entrySet()) {
      Object value;
      try {
        value = templar.templateToStore(entry.getValue());
      } catch (ExprException e) {
        throw new ExprException("argument '" + entry.getKey() + "': " + e.getMessage(), null);
      }
      if (value != Templar.OMIT) {
        args.put(entry.getKey(), value);
      }
    }
    return args;
  }

  private TaskTarget target(
      HostState host,
      Frame frame,
      TaskSettings settings,
      List<String> secrets,
      Set<String> unsafeArgs)
      throws ExprException, ConnectionException {
    Connection connection = play.connectionFor(host, settings.delegate());
    // -vvv and the debug log show each command line sent, except for no_log tasks, secrets masked
    Consumer<String> trace =
        play.listener().wantsCommands() && !settings.noLog()
            ? line -> play.listener().command(host.name(), Secrets.masked(line, secrets))
            : line -> {};
    return new TaskTarget(
        trace,
        host.name(),
        connection,
        play.factCache(connection),
        settings.become(),
        settings.environment(),
        settings.templar(),
        frame.role(),
        play.playbookDir(),
        new ScopeMap(() -> play.variables().scope(host, frame, Map.of()).plain(), Set::of),
        play.vault(),
        settings.deadline(),
        unsafeArgs);
  }
}
