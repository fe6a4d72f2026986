package dev.ploy.run;

import dev.ploy.connection.Become;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.expr.Booleans;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.expr.Unsafe;
import dev.ploy.inventory.Host;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.RoleContext;
import dev.ploy.playbook.Task;
import dev.ploy.playbook.TaskItem;
import dev.ploy.review.PlanReview;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One play being run: its hosts in batches, facts, the strategy, handlers, and what the play shares
 * between hosts (run_once results, failure limits).
 */
final class PlayRun {
  /** One part of an include: the tasks, the role they come from, their parameters. */
  record Included(
      List<TaskItem> items,
      RoleContext role,
      Map<String, Object> params,
      String source,
      String label) {}

  private final Play play;
  private final Engine engine;
  private final List<HostState> hosts;
  private final Variables variables;
  private final List<Task> handlers;
  private final Map<String, CompletableFuture<RunOnce>> runOnce = new ConcurrentHashMap<>();
  private final Semaphore forks;
  private final HostConnections connections;
  private volatile boolean started;
  private volatile Gate gate;

  /** meta: end_batch ended the current batch (not the play): the next batch runs. */
  private volatile boolean batchEnded;

  private volatile List<HostState> batch = List.of();
  private volatile boolean failureLimitReached;

  PlayRun(Play play, Engine engine, List<HostState> hosts, Map<String, Object> varsFiles) {
    this.play = play;
    this.engine = engine;
    this.hosts = List.copyOf(hosts);
    List<String> names = new ArrayList<>();
    hosts.forEach(h -> names.add(h.name()));
    this.variables =
        new Variables(
            engine::inventory,
            play,
            varsFiles,
            engine.options(),
            engine.hostStates(),
            names,
            engine.playbookDir());
    this.handlers = new java.util.concurrent.CopyOnWriteArrayList<>(play.handlers());
    this.forks = new Semaphore(Math.max(1, engine.options().forks()));
    this.started = engine.options().startAtTask().isEmpty();
    this.connections = new HostConnections(play, engine, variables);
  }

  Play play() {
    return play;
  }

  Variables variables() {
    return variables;
  }

  RunOptions options() {
    return engine.options();
  }

  private final Map<Task, java.util.concurrent.Semaphore> throttles =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The permits of a task with throttle: N, shared by the play's hosts. */
  java.util.concurrent.Semaphore throttle(Task task, int limit) {
    return throttles.computeIfAbsent(task, t -> new java.util.concurrent.Semaphore(limit));
  }

  /** The run's vault passwords. */
  dev.ploy.vault.Vault vault() {
    return engine.includes().vault();
  }

  /** A vars file read with the run's vault passwords (include_vars). */
  Map<String, Object> readVars(Path file) throws PlaybookException {
    return engine.includes().readVars(file);
  }

  /** The facts of the host {@code connection} reaches, shared by the run's modules. */
  dev.ploy.facts.FactCache factCache(Connection connection) {
    return engine.factCache(connection.host());
  }

  /** Changes the run's inventory (add_host, group_by); later plays and lookups see the change. */
  dev.ploy.inventory.Inventory.Update changeInventory(Engine.InventoryChange change)
      throws dev.ploy.inventory.InventoryException {
    return engine.changeInventory(change);
  }

  RunListener listener() {
    return engine.listener();
  }

  PlanReview review() {
    return engine.review();
  }

  Path playbookDir() {
    return engine.playbookDir();
  }

  List<Task> handlers() {
    return handlers;
  }

  /** A run_once task's result, and the host that ran it. */
  record RunOnce(HostState host, TaskResult result) {}

  Map<String, CompletableFuture<RunOnce>> runOnceResults() {
    return runOnce;
  }

  boolean forceHandlers() {
    return engine.options().forceHandlers() || Booleans.isTrue(play.forceHandlers());
  }

  /**
   * Runs the play on its hosts, batch by batch (serial). Returns false when the playbook ends with
   * this play, as ansible-playbook's break_play: any_errors_fatal or max_fail_percentage stopped
   * it, or every host of a batch failed.
   */
  boolean run() throws InterruptedException {
    boolean first = true;
    for (List<HostState> batch : Serial.batches(hosts, play.serial())) {
      if (interrupted()) {
        break;
      }
      if (!first) {
        // each batch after the first is announced as the play again, as ansible-playbook does
        engine.listener().playStart(play, names(batch));
      }
      first = false;
      batchEnded = false;
      this.batch = batch;
      variables.batch(batch.stream().map(HostState::name).toList());
      runBatch(batch);
      if (failureLimitReached) {
        return false;
      }
      if (gate != null && gate.aborted() && (!batchEnded || engine.error() != null)) {
        break;
      }
      if (batch.stream().allMatch(h -> h.failed() || h.unreachable())) {
        return false;
      }
    }
    return true;
  }

  private void runBatch(List<HostState> batch) throws InterruptedException {
    List<HostState> live = new ArrayList<>(gatherFacts(batch));
    runOnce.clear();
    Recorder recorder = new Recorder(this);
    TaskRunner runner = new TaskRunner(this, engine.modules(), recorder);
    gate =
        play.strategy().equals("free")
            ? new FreeGate(engine.listener(), this::checkFailureLimits)
            : new LinearGate(live, engine.listener(), this::checkFailureLimits);
    List<Thread> threads = new ArrayList<>();
    for (HostState host : live) {
      Thread thread =
          new Thread(new HostWalker(this, host, gate, runner, recorder), "ploy-" + host.name());
      thread.setDaemon(true);
      threads.add(thread);
    }
    runAll(threads, live, gate);
  }

  /**
   * Runs the hosts' threads to their end. When the run is stopped, the gate lets no host start
   * another task, and the task each host was in is noted for the report.
   */
  private void runAll(List<Thread> threads, List<HostState> hosts, Gate stopped)
      throws InterruptedException {
    Interruption interruption = engine.interruption();
    Runnable forget =
        interruption.onRequest(
            () -> {
              for (HostState host : hosts) {
                String task = host.runningTask();
                if (task != null) {
                  interruption.stoppedIn(host.name(), task);
                }
              }
              if (stopped != null) {
                stopped.abort();
              }
            });
    try {
      for (Thread thread : threads) {
        interruption.register(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
    } finally {
      forget.run();
      threads.forEach(interruption::unregister);
    }
  }

  /** Whether the run was stopped from outside (SIGINT, SIGTERM). */
  boolean interrupted() {
    return engine.interruption().requested();
  }

  /** Facts for every host of the batch, in parallel; unreachable hosts leave the batch. */
  private List<HostState> gatherFacts(List<HostState> batch) throws InterruptedException {
    List<HostState> reachable = new ArrayList<>();
    boolean gather;
    try {
      gather =
          Booleans.isTrue(
              new Templar(variables.scope(batch.get(0), Frame.of(play), Map.of()))
                  .template(play.gatherFacts()));
    } catch (ExprException e) {
      gather = true;
    }
    List<HostState> toGather = batch.stream().filter(h -> !h.factsGathered()).toList();
    if (!gather || toGather.isEmpty()) {
      return new ArrayList<>(batch);
    }
    engine.listener().taskStart("Gathering Facts", null, false, names(toGather));
    Map<HostState, TaskResult> results = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    for (HostState host : toGather) {
      Thread thread =
          new Thread(
              () -> results.put(host, withFork(() -> gatherOne(host))),
              "ploy-facts-" + host.name());
      thread.setDaemon(true);
      threads.add(thread);
    }
    runAll(threads, toGather, null);
    if (interrupted()) {
      // the hosts were stopped while gathering: what gathering said of them is no result
      return List.of();
    }
    for (HostState host : batch) {
      TaskResult result = results.get(host);
      if (result != null) {
        host.stats().count(result);
        engine.listener().hostResult(host.name(), null, result);
        if (result.status() == Status.UNREACHABLE) {
          host.setUnreachable();
          continue;
        }
        if (result.status() == Status.FAILED) {
          host.setFailed(true);
          continue;
        }
      }
      reachable.add(host);
    }
    return reachable;
  }

  private TaskResult gatherOne(HostState host) {
    if (interrupted()) {
      return TaskResult.failed("interrupted");
    }
    host.setRunningTask("Gathering Facts");
    try {
      Connection connection = connectionFor(host, Optional.empty());
      Templar templar = variables.templar(host, Frame.of(play), Map.of());
      Optional<Become> become =
          new TaskSettings(templar, play.keywords(), engine.options()).become();
      // -vvv and the debug log show the command, as they show each task's
      Consumer<String> trace =
          engine.listener().wantsCommands()
              ? line -> engine.listener().command(host.name(), line)
              : line -> {};
      host.addFacts(
          Unsafe.wrapValues(
              engine
                  .facts()
                  .gather(connection, become, engine.factCache(connection.host()), trace)));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changed", false);
      return TaskResult.of(Status.OK, data);
    } catch (ConnectionException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ExprException e) {
      return TaskResult.failed(e.getMessage());
    } finally {
      host.setRunningTask(null);
    }
  }

  /**
   * The host that the facts a task returns (set_fact, include_vars, setup...) go to: under
   * delegate_to with delegate_facts the delegated host, as Ansible's strategy sends them; else the
   * task's own host. A delegated host outside the inventory keeps them as Ansible's does, unseen.
   */
  HostState factsHost(HostState host, TaskSettings settings) throws ExprException {
    Optional<String> to = settings.delegate();
    if (to.isEmpty() || to.get().equals(host.name()) || !settings.flag(Keyword.DELEGATE_FACTS)) {
      return host;
    }
    boolean known = engine.hostStates().containsKey(to.get());
    HostState delegated =
        engine.state(engine.inventory().host(to.get()).orElse(new Host(to.get())));
    if (!known) {
      variables.hostStateAdded();
    }
    return delegated;
  }

  /** The host's own connection, or the delegated host's. Opened once and reused. */
  Connection connectionFor(HostState host, Optional<String> delegateTo)
      throws ConnectionException, ExprException {
    return connections.connectionFor(host, delegateTo);
  }

  /**
   * Runs work while holding one of the forks (-f) slots. When the run is stopped while the host
   * waits for a slot, the work is called without one: a stopped run's task starts nothing.
   */
  <T> T withFork(Supplier<T> work) {
    try {
      forks.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (interrupted()) {
        return work.get();
      }
      throw new IllegalStateException("interrupted", e);
    }
    try {
      return work.get();
    } finally {
      forks.release();
    }
  }

  /** Whether run_once is on for this task on this host, or the action runs once (add_host). */
  boolean runOnce(HostState host, Task task, Frame frame) {
    if (BuiltinActions.runsOnce(task.action().module())) {
      return true;
    }
    var setting = frame.enter(task.keywords(), task.role()).keywords().setting(Keyword.RUN_ONCE);
    if (setting.isEmpty()) {
      return false;
    }
    try {
      return Booleans.isTrue(variables.templar(host, frame, Map.of()).template(setting.get()));
    } catch (ExprException e) {
      return false;
    }
  }

  /** --tags and --skip-tags, with Ansible's always and never. */
  boolean selectedByTags(Task task, Frame frame) {
    Set<String> tags = new java.util.HashSet<>(frame.keywords().tags());
    tags.addAll(task.keywords().tags());
    return TagFilter.selected(tags, engine.options().tags(), engine.options().skipTags());
  }

  /** --start-at-task: nothing runs until a task of that name is reached. */
  boolean pastStartAtTask(Task task) {
    if (started) {
      return true;
    }
    String wanted = engine.options().startAtTask().orElse("");
    if (task.displayName().equals(wanted) || wanted.equals(task.name())) {
      started = true;
    }
    return started;
  }

  /** Loads what an include_tasks or include_role brings, once per loop item. */
  List<Included> loadInclude(HostState host, Task task, Frame frame)
      throws ExprException, PlaybookException {
    return engine.includes().load(this, host, task, frame);
  }

  /** Adds handlers brought in by include_role. */
  void addHandlers(List<Task> more) {
    for (Task handler : more) {
      if (!handlers.contains(handler)) {
        handlers.add(handler);
      }
    }
  }

  /** Ends the whole run with {@code error}: no host starts another task (ERROR! in Ansible). */
  void stopRun(RunError error) {
    engine.stop(error);
    if (gate != null) {
      gate.abort();
    }
  }

  /** meta: end_play, which ansible-playbook ends without a word. */
  void endPlay() {
    if (gate != null) {
      gate.abort();
    }
  }

  /** meta: end_batch, which ends the serial batch only (the next batch runs), without a word. */
  void endBatch() {
    batchEnded = true;
    endPlay();
  }

  /** any_errors_fatal and max_fail_percentage, checked after each round. */
  private void checkFailureLimits() {
    List<HostState> current = batch;
    if (current.isEmpty() || gate.aborted()) {
      return;
    }
    long failed = current.stream().filter(h -> h.failed() || h.unreachable()).count();
    if (failed == 0) {
      return;
    }
    boolean anyFatal =
        Booleans.isTrue(play.keywords().setting(Keyword.ANY_ERRORS_FATAL).orElse(false));
    if (anyFatal) {
      failureLimitReached = true;
      engine.listener().playAborted("NO MORE HOSTS LEFT");
      gate.abort();
      return;
    }
    if (play.maxFailPercentage() != null) {
      double limit = Double.parseDouble(String.valueOf(play.maxFailPercentage()));
      if (failed * 100.0 / current.size() > limit) {
        failureLimitReached = true;
        engine.listener().playAborted("NO MORE HOSTS LEFT");
        gate.abort();
      }
    }
  }

  private static List<String> names(List<HostState> hosts) {
    List<String> names = new ArrayList<>();
    hosts.forEach(h -> names.add(h.name()));
    return names;
  }
}
