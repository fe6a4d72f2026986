package dev.ploy.run;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.module.ExecutorActions.Kind;
import dev.ploy.module.ExecutorActions.Meta;
import dev.ploy.playbook.Block;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Task;
import dev.ploy.playbook.TaskItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Walks a play's tasks for one host: blocks with rescue and always, includes, meta actions and
 * handler flushes, asking the {@link Gate} before each task so the strategy decides the pace.
 */
final class HostWalker implements Runnable {
  /** How a walk through a list of tasks ended for the host. */
  enum Outcome {
    CONTINUE,
    FAILED,
    STOP
  }

  private static final int FLUSH_AT_END = Integer.MAX_VALUE;

  private final PlayRun play;
  private final HostState host;
  private final Gate gate;
  private final TaskRunner runner;
  private final Recorder recorder;

  /**
   * An include_tasks whose file is missing failed in the block being walked: ansible-playbook 2.14
   * runs the rescue yet counts the failure, not a rescue (its strategy counts a failed load apart).
   */
  private boolean missingInclude;

  /** How many blocks with a rescue section the walk is inside of. */
  private int rescuing;

  /** Whether the tasks walked are those a handler included: they show as handlers. */
  private boolean inHandler;

  HostWalker(PlayRun play, HostState host, Gate gate, TaskRunner runner, Recorder recorder) {
    this.play = play;
    this.host = host;
    this.gate = gate;
    this.runner = runner;
    this.recorder = recorder;
  }

  @Override
  public void run() {
    try {
      List<List<TaskItem>> sections =
          List.of(play.play().preTasks(), play.play().tasks(), play.play().postTasks());
      for (int section = 0; section < sections.size(); section++) {
        Frame frame = new Frame(play.play().keywords(), null, Map.of(), List.of(section));
        Outcome outcome = walk(sections.get(section), frame);
        if (outcome == Outcome.FAILED && play.forceHandlers()) {
          flushHandlers(List.of(section, FLUSH_AT_END));
        }
        if (outcome != Outcome.CONTINUE) {
          return;
        }
        if (flushHandlers(List.of(section, FLUSH_AT_END)) != Outcome.CONTINUE) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      gate.leave(host);
    }
  }

  private Outcome walk(List<TaskItem> items, Frame frame) throws InterruptedException {
    for (int index = 0; index < items.size(); index++) {
      TaskItem item = items.get(index);
      Frame here = frame.at(index);
      Outcome outcome =
          item instanceof Block block ? walkBlock(block, here) : walkTask((Task) item, here);
      if (outcome != Outcome.CONTINUE) {
        return outcome;
      }
    }
    return Outcome.CONTINUE;
  }

  private Outcome walkBlock(Block block, Frame frame) throws InterruptedException {
    Frame inner = frame.enter(block.keywords(), block.role());
    boolean rescuable = !block.rescue().isEmpty();
    if (rescuable) {
      rescuing++;
    }
    Outcome outcome;
    try {
      outcome = walk(block.block(), inner.at(0));
    } finally {
      if (rescuable) {
        rescuing--;
      }
    }
    if (outcome == Outcome.FAILED && !block.rescue().isEmpty()) {
      host.setFailed(false);
      if (missingInclude) {
        host.stats().rescueCountedFailed();
      } else {
        host.stats().rescue();
      }
      missingInclude = false;
      outcome = walk(block.rescue(), inner.at(1));
    }
    if (outcome != Outcome.STOP && !block.always().isEmpty()) {
      boolean failedBefore = outcome == Outcome.FAILED;
      if (failedBefore) {
        host.setFailed(false);
      }
      Outcome always = walk(block.always(), inner.at(2));
      if (always != Outcome.CONTINUE) {
        outcome = always;
      } else if (failedBefore) {
        host.setFailed(true);
      }
    }
    return outcome;
  }

  private Outcome walkTask(Task task, Frame frame) throws InterruptedException {
    if (!play.selectedByTags(task, frame)) {
      return Outcome.CONTINUE;
    }
    if (!play.pastStartAtTask(task)) {
      return Outcome.CONTINUE;
    }
    if (Kind.META.is(task.action().module())) {
      // shown as any task is (TASK [meta]), as Ansible's linear strategy shows it; it acts after
      // its round, since flush_handlers runs the handlers through the gate
      if (!gate.enter(host, task, frame.path(), inHandler, title(host, task, frame))) {
        return Outcome.STOP;
      }
      gate.exit(host);
      return meta(task, frame);
    }
    if (!gate.enter(host, task, frame.path(), inHandler, title(host, task, frame))) {
      return Outcome.STOP;
    }
    if (includesAtRun(task)) {
      return include(task, frame);
    }
    try {
      return runTask(task, frame);
    } finally {
      gate.exit(host);
    }
  }

  private Outcome runTask(Task task, Frame frame) throws InterruptedException {
    TaskResult result;
    if (play.runOnce(host, task, frame)) {
      String key = task.hashCode() + "@" + frame.path();
      // as Ansible: the first host of the round runs it (under the free strategy, the first there)
      List<HostState> round = gate.round(host);
      CompletableFuture<PlayRun.RunOnce> shared;
      boolean runs;
      if (round.isEmpty()) {
        CompletableFuture<PlayRun.RunOnce> mine = new CompletableFuture<>();
        CompletableFuture<PlayRun.RunOnce> before = play.runOnceResults().putIfAbsent(key, mine);
        runs = before == null;
        shared = runs ? mine : before;
      } else {
        runs = round.get(0) == host;
        shared = play.runOnceResults().computeIfAbsent(key, k -> new CompletableFuture<>());
      }
      if (runs) {
        TaskResult ran = TaskResult.failed("interrupted");
        try {
          ran = play.withFork(() -> runner.run(host, task, frame));
        } finally {
          shared.complete(new PlayRun.RunOnce(host, ran));
        }
        result = ran;
      } else {
        PlayRun.RunOnce once = shared.join();
        shareFacts(once);
        if (once.result().isFailed() || once.result().status() == Status.UNREACHABLE) {
          // a failure is every host's (each shows and counts it), as before
          result = recorder.record(host, task, frame, once.result());
        } else {
          // as Ansible: only the host that ran it shows and counts it; the others are given it
          recorder.share(host, task, once.result());
          result = once.result();
        }
      }
    } else {
      result = play.withFork(() -> runner.run(host, task, frame));
    }
    return outcomeOf(task, result);
  }

  /**
   * What a run_once task set on the host that ran it, set on this host too, as Ansible gives its
   * facts to every host: set_fact's variables, and the facts among them when cacheable.
   */
  private void shareFacts(PlayRun.RunOnce once) {
    if (once.host() == host
        || !(once.result().data().get("ansible_facts") instanceof Map<?, ?> facts)) {
      return;
    }
    Map<String, Object> ran = once.host().hostVariables();
    Map<String, Object> cached = once.host().facts();
    for (Object key : facts.keySet()) {
      String name = String.valueOf(key);
      if (ran.containsKey(name)) {
        host.setVariable(name, ran.get(name));
      }
      if (cached.containsKey(name)) {
        host.addFacts(Map.of(name, cached.get(name)));
      }
    }
  }

  private Outcome outcomeOf(Task task, TaskResult result) {
    if (result.status() == Status.UNREACHABLE) {
      host.setUnreachable();
      return Outcome.STOP;
    }
    if (result.isFailed()) {
      // what a rescue section reads, as in Ansible
      host.setVariable("ansible_failed_result", Unsafe.wrapValues(result.data()));
      host.setVariable(
          "ansible_failed_task",
          // its own name, as Ansible gives it (no role prefix; empty for an unnamed task)
          Map.of("name", task.name() == null ? "" : task.name(), "action", task.action().module()));
      // a failure that a rescue will handle does not fail the host, so any_errors_fatal and
      // max_fail_percentage do not count it (Ansible's iterator does the same)
      if (rescuing == 0) {
        host.setFailed(true);
      }
      return Outcome.FAILED;
    }
    return Outcome.CONTINUE;
  }

  private Outcome meta(Task task, Frame frame) throws InterruptedException {
    Frame inner = frame.enter(task.keywords(), task.role());
    Templar templar = play.variables().templar(host, inner, Map.of());
    try {
      if (!runner.conditionsHold(templar, inner)) {
        play.listener()
            .hostResult(host.name(), task, TaskResult.skipped("Conditional result was False"));
        return Outcome.CONTINUE;
      }
    } catch (ExprException e) {
      return outcomeOf(
          task,
          recorder.record(
              host, task, frame, TaskResult.failed(e.getMessage()).at(TaskRunner.where(task))));
    }
    Object what = task.action().args().get("_raw_params");
    Optional<Meta> meta = Meta.of(what);
    if (meta.isEmpty()) {
      // the loader refuses these; a templated one may still arrive
      return outcomeOf(
          task,
          recorder.record(host, task, frame, TaskResult.failed("unknown meta action " + what)));
    }
    switch (meta.get()) {
      case FLUSH_HANDLERS -> {
        return flushHandlers(frame.path());
      }
      case END_HOST -> {
        // as Ansible: no result is shown, the host leaves the play (its always sections too)
        return Outcome.STOP;
      }
      case END_PLAY -> {
        play.endPlay();
        return Outcome.STOP;
      }
      case END_BATCH -> {
        play.endBatch();
        return Outcome.STOP;
      }
      case CLEAR_FACTS -> host.addFacts(Map.of());
      case CLEAR_HOST_ERRORS -> host.setFailed(false);
      case REFRESH_INVENTORY, NOOP, RESET_CONNECTION -> {
        // nothing to do: ploy's inventory is read once, and connections are kept
      }
    }
    return Outcome.CONTINUE;
  }

  /** include_tasks / include_role: evaluated per host, per loop item, at run time. */
  private Outcome include(Task task, Frame outer) throws InterruptedException {
    Frame frame = outer.enter(withoutTags(task), task.role());
    List<PlayRun.Included> parts;
    try {
      parts = play.loadInclude(host, task, frame);
    } catch (PlaybookException e) {
      if (Kind.INCLUDE_TASKS.is(task.action().module())
          && !(e instanceof PlaybookLoader.MissingFile)) {
        // a file Ansible cannot parse (conflicting actions, an unknown module, bad YAML) ends the
        // whole run with exit 4, whatever rescue the include is under
        gate.exit(host);
        play.stopRun(new RunError(e.getMessage(), RunError.PARSE_ERROR));
        return Outcome.STOP;
      }
      gate.exit(host);
      missingInclude = e instanceof PlaybookLoader.MissingFile;
      return outcomeOf(
          task,
          recorder.record(
              host, task, outer, TaskResult.failed(e.getMessage()).at(TaskRunner.where(task))));
    } catch (ExprException e) {
      gate.exit(host);
      return outcomeOf(
          task,
          recorder.record(
              host, task, outer, TaskResult.failed(e.getMessage()).at(TaskRunner.where(task))));
    }
    if (parts.isEmpty()) {
      gate.exit(host);
      recorder.record(host, task, outer, TaskResult.skipped("Conditional result was False"));
      return Outcome.CONTINUE;
    }
    for (PlayRun.Included part : parts) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changed", false);
      data.put("include", part.source());
      if (Kind.INCLUDE_TASKS.is(task.action().module())) {
        // Ansible shows and counts each included file; an included role shows only its tasks
        TaskResult included = TaskResult.of(Status.OK, data).withLabel(part.label());
        host.stats().count(included);
        play.listener().hostResult(host.name(), task, included);
      }
    }
    gate.exit(host);
    for (int index = 0; index < parts.size(); index++) {
      PlayRun.Included part = parts.get(index);
      Frame inner =
          new Frame(
                  frame.keywords().withoutWhen(),
                  part.role() != null ? part.role() : frame.role(),
                  frame.includeParams(),
                  frame.path())
              .withParams(part.params())
              .at(index);
      Outcome outcome = walk(part.items(), inner);
      if (outcome != Outcome.CONTINUE) {
        return outcome;
      }
    }
    return Outcome.CONTINUE;
  }

  /**
   * Tags on an include select the include itself; they are not passed to what it includes. Its when
   * decides whether it is loaded at all (evaluated by Includes, per loop item).
   */
  private static dev.ploy.playbook.Keywords withoutTags(Task task) {
    var k = task.keywords();
    return new dev.ploy.playbook.Keywords(
        k.when(), Set.of(), k.vars(), k.environment(), k.settings());
  }

  /** Runs, in the play's order, the handlers this host notified; handlers may notify others. */
  private Outcome flushHandlers(List<Integer> at) throws InterruptedException {
    if (host.failed() && !play.forceHandlers()) {
      return Outcome.CONTINUE;
    }
    List<Task> handlers = play.handlers();
    for (int pass = 0; pass < 8 && host.hasNotifications(); pass++) {
      Set<String> notified = new LinkedHashSet<>();
      for (Task handler : handlers) {
        for (String name : handler.handlerNames()) {
          if (host.isNotified(name)) {
            notified.add(name);
          }
        }
      }
      for (int index = 0; index < handlers.size(); index++) {
        Task handler = handlers.get(index);
        boolean wanted = handler.handlerNames().stream().anyMatch(notified::contains);
        if (!wanted) {
          continue;
        }
        handler.handlerNames().forEach(host::clearNotification);
        List<Integer> path = new ArrayList<>(at);
        path.add(pass);
        path.add(index);
        if (!gate.enter(host, handler, path, true, handler.displayName())) {
          return Outcome.STOP;
        }
        if (includesAtRun(handler)) {
          // a handler that includes tasks runs them, as in Ansible (include releases the gate)
          Outcome outcome;
          inHandler = true;
          try {
            outcome =
                include(handler, new Frame(play.play().keywords(), handler.role(), Map.of(), path));
          } finally {
            inHandler = false;
          }
          if (outcome != Outcome.CONTINUE) {
            return outcome;
          }
          continue;
        }
        TaskResult result;
        try {
          Frame frame = new Frame(play.play().keywords(), handler.role(), Map.of(), path);
          result = play.withFork(() -> runner.run(host, handler, frame));
        } finally {
          gate.exit(host);
        }
        Outcome outcome = outcomeOf(handler, result);
        if (outcome != Outcome.CONTINUE) {
          return outcome;
        }
      }
    }
    host.clearNotifications();
    return Outcome.CONTINUE;
  }

  /**
   * The task's header as Ansible's strategy shows it: its name templated with the host's variables
   * (the task's own included, no loop item), or the name as written when that fails, e.g. on an
   * undefined variable, as Ansible templates it with fail_on_undefined off.
   */
  private String title(HostState host, Task task, Frame frame) {
    String shown = task.displayName();
    if (task.name() == null || !task.name().contains("{")) {
      return shown;
    }
    try {
      Templar templar =
          play.variables().templar(host, frame.enter(task.keywords(), task.role()), Map.of());
      Object name = Unsafe.strip(templar.template(task.name()));
      return shown.substring(0, shown.length() - task.name().length()) + name;
    } catch (ExprException | RuntimeException e) {
      return shown;
    }
  }

  private static boolean includesAtRun(Task task) {
    return Kind.of(task.action().module()).map(Kind::includesAtRun).orElse(false);
  }
}
