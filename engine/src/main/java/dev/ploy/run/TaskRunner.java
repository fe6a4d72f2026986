package dev.ploy.run;

import dev.ploy.connection.Become;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleDefaults;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.Plan;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Keywords;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one task on one host: conditions, loops, templating of arguments, the module's plan, and —
 * the one place where check mode is decided — applying that plan or only reporting it. Then
 * changed_when, failed_when, until/retries, register and notify.
 */
final class TaskRunner {
  static final String NO_LOG_MESSAGE =
      "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

  private final PlayRun play;
  private final ModuleRegistry modules;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TaskRunner.class);

  TaskRunner(PlayRun play, ModuleRegistry modules) {
    this.play = play;
    this.modules = modules;
  }

  /** Runs the task (all its loop items) and reports, registers and notifies. */
  TaskResult run(HostState host, Task task, Frame outer) {
    Frame frame = outer.enter(task.keywords(), task.role());
    TaskResult result;
    java.util.concurrent.Semaphore throttle = null;
    try {
      throttle = throttle(host, task, frame);
      result = execute(host, task, frame);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = TaskResult.failed("interrupted" + located(task));
    } catch (ExprException e) {
      result = TaskResult.failed(e.getMessage() + located(task));
    } catch (RuntimeException e) {
      // a bug in a module must fail this task on this host, loudly, and never kill the run
      LOG.error("internal error in {} on {}", task.action().module(), host.name(), e);
      result =
          TaskResult.failed(
              "internal error in module "
                  + task.action().module()
                  + ": "
                  + e
                  + located(task)
                  + "; please report it (the stack trace is in the --log-file)");
    } finally {
      if (throttle != null) {
        throttle.release();
      }
    }
    return record(host, task, frame, result);
  }

  /**
   * throttle: N lets at most N hosts run this task at once (under -f); the permit taken, or null
   * without throttle.
   */
  private java.util.concurrent.Semaphore throttle(HostState host, Task task, Frame frame)
      throws ExprException, InterruptedException {
    Optional<Object> value = frame.keywords().setting(Keyword.THROTTLE);
    if (value.isEmpty()) {
      return null;
    }
    Object n = play.variables().templar(host, frame, Map.of()).template(value.get());
    int limit;
    try {
      limit = Integer.parseInt(String.valueOf(n).strip());
    } catch (NumberFormatException e) {
      throw new ExprException("throttle must be a number of hosts, not '" + n + "'", "throttle");
    }
    if (limit <= 0) {
      return null;
    }
    java.util.concurrent.Semaphore permits = play.throttle(task, limit);
    permits.acquire();
    return permits;
  }

  private TaskResult execute(HostState host, Task task, Frame frame) throws ExprException {
    Templar templar = play.variables().templar(host, frame, Map.of());
    if (task.loop() == null) {
      if (!conditionsHold(templar, frame.keywords())) {
        return TaskResult.skipped("Conditional result was False");
      }
      return invoke(host, task, frame, templar);
    }
    List<Object> items = LoopItems.resolve(task.loop(), templar, play.playbookDir());
    List<TaskResult> results = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      Map<String, Object> loopVars = LoopItems.loopVars(task.loop(), items, index);
      Templar itemTemplar = templar.with(loopVars);
      TaskResult item;
      if (!conditionsHold(itemTemplar, frame.keywords())) {
        item = TaskResult.skipped("Conditional result was False");
      } else {
        item = invoke(host, task, frame, itemTemplar);
      }
      item.data().put(task.loop().loopVar(), items.get(index));
      item.data().put("ansible_loop_var", task.loop().loopVar());
      if (task.loop().indexVar() != null) {
        item.data().put(task.loop().indexVar(), index);
      }
      item = item.withLabel(label(task, itemTemplar, items.get(index)));
      if (isNoLog(itemTemplar, frame)) {
        play.listener().itemResult(host.name(), task, censored(item));
      } else {
        play.listener().itemResult(host.name(), task, item);
      }
      results.add(item);
      if (item.status() == Status.UNREACHABLE) {
        break;
      }
      if (task.loop().pauseSeconds() > 0 && index + 1 < items.size()) {
        sleep(task.loop().pauseSeconds());
      }
    }
    return LoopItems.aggregate(results);
  }

  /** One call of the module (one loop item), with until/retries. */
  private TaskResult invoke(HostState host, Task task, Frame frame, Templar templar)
      throws ExprException {
    String action = task.action().module();
    if (action.equals("set_fact")) {
      return setFact(host, task, templar);
    }
    if (action.equals("include_vars")) {
      return includeVars(host, task, frame, templar);
    }
    Optional<Module> module = modules.find(action);
    if (module.isEmpty()) {
      return TaskResult.failed("action " + action + " cannot run here" + located(task));
    }
    int retries = 0;
    double delay = 0;
    if (task.until() != null) {
      retries = task.retries() == null ? 3 : toInt(templar.template(task.retries()));
      delay = task.delay() == null ? 5 : toDouble(templar.template(task.delay()));
    }
    int attempt = 0;
    while (true) {
      attempt++;
      TaskResult result = invokeOnce(host, task, frame, templar, module.get());
      if (task.until() == null
          || result.status() == Status.SKIPPED
          || result.status() == Status.UNREACHABLE) {
        return result;
      }
      result.data().put("attempts", attempt);
      Templar withResult = bindRegister(templar, task, result);
      if (withResult.condition(task.until())) {
        return result;
      }
      if (attempt > retries) {
        result.data().put("failed", true);
        result.data().putIfAbsent("msg", "");
        return new TaskResult(Status.FAILED, result.data(), result.diffs(), false, List.of(), null);
      }
      play.listener().retry(host.name(), task, attempt, retries);
      sleep(delay);
    }
  }

  private TaskResult invokeOnce(
      HostState host, Task task, Frame frame, Templar templar, Module module) throws ExprException {
    boolean check = checkMode(templar, frame);
    Optional<TaskTarget.Deadline> deadline = deadline(templar, frame);
    Map<String, Object> data = new LinkedHashMap<>();
    Plan plan;
    TaskTarget target;
    try {
      Map<String, Object> rawArgs =
          templatedArgs(
              task,
              ModuleDefaults.apply(
                  module.spec(),
                  frame.keywords().moduleDefaults().getOrDefault(module.spec().name(), Map.of()),
                  task.action().args()),
              templar);
      Args args = Args.bind(module.spec(), rawArgs);
      if (play.options().verbosity() >= 2) {
        data.put("invocation", Map.of("module_args", shownArgs(module, rawArgs)));
      }
      target = target(host, frame, templar, check, secrets(module, rawArgs), deadline);
      plan = module.plan(target, args);
    } catch (UnreachableException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ConnectionException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ModuleException e) {
      return judge(task, templar, failure(e), List.of());
    }
    data.putAll(plan.result());
    List<dev.ploy.diff.Diff> diffs = shownDiffs(templar, frame, plan.diffs());
    if (!plan.changed()) {
      absorbFacts(host, data);
      data.put("changed", false);
      return judge(task, templar, TaskResult.of(Status.OK, data), diffs);
    }
    if (check) {
      if (plan.inCheckMode() == Plan.CheckMode.SKIP) {
        data.put("changed", false);
        data.put("skipped", true);
        data.put("msg", "skipped, running in check mode");
        return TaskResult.of(Status.SKIPPED, data);
      }
      data.put("changed", true);
      return judge(task, templar, TaskResult.of(Status.CHANGED, data), diffs);
    }
    try {
      Map<String, Object> applied = plan.apply().orElseThrow().apply(target);
      data.putAll(applied);
    } catch (UnreachableException e) {
      return TaskResult.unreachable(e.getMessage());
    } catch (ModuleException e) {
      Map<String, Object> failed = new LinkedHashMap<>(data);
      failed.putAll(failure(e).data());
      return judge(task, templar, TaskResult.of(Status.FAILED, failed), diffs);
    }
    absorbFacts(host, data);
    boolean changed = !Boolean.FALSE.equals(data.get("changed"));
    data.put("changed", changed);
    return judge(task, templar, TaskResult.of(changed ? Status.CHANGED : Status.OK, data), diffs);
  }

  /** The plan's diffs, unless the task, its block or its play says diff: false. */
  private static List<dev.ploy.diff.Diff> shownDiffs(
      Templar templar, Frame frame, List<dev.ploy.diff.Diff> diffs) {
    Optional<Object> keyword = frame.keywords().setting(Keyword.DIFF);
    if (keyword.isEmpty()) {
      return diffs;
    }
    try {
      return isTrue(templar.template(keyword.get())) ? diffs : List.of();
    } catch (ExprException e) {
      return List.of();
    }
  }

  /** The end of the task's time (its timeout: keyword, in seconds), when it has one. */
  private static Optional<TaskTarget.Deadline> deadline(Templar templar, Frame frame)
      throws ExprException {
    Optional<Object> keyword = frame.keywords().setting(Keyword.TIMEOUT);
    if (keyword.isEmpty()) {
      return Optional.empty();
    }
    Object value = templar.template(keyword.get());
    long seconds;
    try {
      seconds = Long.parseLong(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new ExprException(
          "timeout must be a number of seconds, not '" + value + "'", "timeout");
    }
    if (seconds <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new TaskTarget.Deadline(
            java.time.Duration.ofSeconds(seconds), java.time.Instant.now().plusSeconds(seconds)));
  }

  /** Facts a module returns (setup, for one) become the host's facts, as in Ansible. */
  private static void absorbFacts(HostState host, Map<String, Object> data) {
    if (data.get("ansible_facts") instanceof Map<?, ?> facts && !facts.isEmpty()) {
      Map<String, Object> named = new LinkedHashMap<>();
      facts.forEach((k, v) -> named.put(String.valueOf(k), v));
      host.addFacts(named);
    }
  }

  /** changed_when and failed_when, evaluated with the result bound to the register name. */
  private TaskResult judge(
      Task task, Templar templar, TaskResult result, List<dev.ploy.diff.Diff> diffs)
      throws ExprException {
    Map<String, Object> data = result.data();
    Status status = result.status();
    if (!task.changedWhen().isEmpty() && status != Status.FAILED) {
      Templar withResult = bindRegister(templar, task, result);
      boolean changed = allHold(withResult, task.changedWhen());
      data.put("changed", changed);
      status = changed ? Status.CHANGED : Status.OK;
    }
    if (!task.failedWhen().isEmpty()) {
      Templar withResult = bindRegister(templar, task, TaskResult.of(status, data));
      boolean failed = allHold(withResult, task.failedWhen());
      data.put("failed_when_result", failed);
      if (failed) {
        data.put("failed", true);
        data.putIfAbsent("msg", "failed_when condition was true");
        status = Status.FAILED;
      } else {
        data.put("failed", false);
        if (status == Status.FAILED) {
          status = Boolean.TRUE.equals(data.get("changed")) ? Status.CHANGED : Status.OK;
        }
      }
    }
    if (status == Status.FAILED) {
      data.put("failed", true);
    }
    return new TaskResult(status, data, diffs, false, List.of(), null);
  }

  private Templar bindRegister(Templar templar, Task task, TaskResult result) {
    Map<String, Object> bound = new LinkedHashMap<>(result.data());
    bound.putIfAbsent("failed", result.status() == Status.FAILED);
    Map<String, Object> inner = new LinkedHashMap<>(bound);
    if (task.register() != null) {
      inner.put(task.register(), bound);
    }
    return templar.with(inner);
  }

  private static TaskResult failure(ModuleException e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.putAll(e.result());
    data.put("failed", true);
    data.put("msg", e.getMessage());
    return TaskResult.of(Status.FAILED, data);
  }

  /**
   * After the task (or for a result shared by run_once): ignore_errors, register, notify, report.
   */
  TaskResult record(HostState host, Task task, Frame frame, TaskResult result) {
    Templar templar = play.variables().templar(host, frame, Map.of());
    if (result.status() == Status.FAILED
        && truthy(templar, frame.keywords(), Keyword.IGNORE_ERRORS, result)) {
      result = result.withIgnored();
    }
    if (result.status() == Status.UNREACHABLE
        && truthy(templar, frame.keywords(), Keyword.IGNORE_UNREACHABLE, result)) {
      result =
          new TaskResult(
              Status.FAILED, result.data(), result.diffs(), true, result.items(), result.label());
    }
    if (task.register() != null) {
      Map<String, Object> registered = new LinkedHashMap<>(result.data());
      registered.putIfAbsent("changed", result.isChanged());
      registered.putIfAbsent("failed", result.status() == Status.FAILED);
      host.setVariable(task.register(), registered);
    }
    if (result.isChanged() && !task.notifies().isEmpty()) {
      for (String name : task.notifies()) {
        try {
          host.notify(templar.render(name));
        } catch (ExprException e) {
          host.notify(name);
        }
      }
    }
    host.stats().count(result);
    boolean noLog = isNoLog(templar, frame);
    play.listener().hostResult(host.name(), task, noLog ? censored(result) : result);
    return result;
  }

  private TaskResult setFact(HostState host, Task task, Templar templar) throws ExprException {
    Map<String, Object> facts = new LinkedHashMap<>();
    boolean cacheable = false;
    for (Map.Entry<String, Object> entry : task.action().args().entrySet()) {
      if (entry.getKey().equals("cacheable")) {
        cacheable = Boolean.TRUE.equals(templar.template(entry.getValue()));
        continue;
      }
      facts.put(entry.getKey(), templar.template(entry.getValue()));
    }
    facts.forEach(host::setVariable);
    if (cacheable) {
      host.addFacts(facts);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", false);
    data.put("ansible_facts", facts);
    return TaskResult.of(Status.OK, data);
  }

  private TaskResult includeVars(HostState host, Task task, Frame frame, Templar templar)
      throws ExprException {
    Object file = templar.template(task.action().args().get("file"));
    Path path = Path.of(String.valueOf(file));
    if (!path.isAbsolute()) {
      List<Path> places = new ArrayList<>();
      if (frame.role() != null) {
        places.add(frame.role().path().resolve("vars").resolve(path));
      }
      places.add(play.playbookDir().resolve("vars").resolve(path));
      places.add(play.playbookDir().resolve(path));
      path =
          places.stream()
              .filter(Files::isRegularFile)
              .findFirst()
              .orElse(places.get(places.size() - 1));
    }
    try {
      Map<String, Object> vars = play.readVars(path);
      Object name = task.action().args().get("name");
      if (name != null) {
        host.setVariable(String.valueOf(templar.template(name)), vars);
      } else {
        vars.forEach(host::setVariable);
      }
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("changed", false);
      data.put("ansible_facts", vars);
      data.put("ansible_included_var_files", List.of(path.toString()));
      return TaskResult.of(Status.OK, data);
    } catch (PlaybookException e) {
      return TaskResult.failed(e.getMessage());
    }
  }

  private Map<String, Object> templatedArgs(Task task, Map<String, Object> written, Templar templar)
      throws ModuleException {
    Map<String, Object> args = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : written.entrySet()) {
      Object value;
      try {
        value = templar.template(entry.getValue());
      } catch (ExprException e) {
        throw new ModuleException(
            "argument '" + entry.getKey() + "': " + e.getMessage() + located(task));
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
      Templar templar,
      boolean check,
      List<String> secrets,
      Optional<TaskTarget.Deadline> deadline)
      throws ExprException, ConnectionException {
    Keywords keywords = frame.keywords();
    Connection connection = play.connectionFor(host, delegate(templar, keywords));
    // -vvv shows each command line sent to the host, except for no_log tasks, secrets masked
    java.util.function.Consumer<String> trace =
        play.options().verbosity() >= 3 && !isNoLog(templar, frame)
            ? line -> play.listener().command(host.name(), masked(line, secrets))
            : line -> {};
    return new TaskTarget(
        trace,
        host.name(),
        connection,
        become(templar, keywords),
        environment(templar, keywords),
        check,
        templar,
        frame.role(),
        play.playbookDir(),
        new ScopeMap(() -> play.variables().scope(host, frame, Map.of()), java.util.Set::of),
        play.vault(),
        deadline);
  }

  /** The values of the task's secret arguments (passwords), as text. */
  private static List<String> secrets(Module module, Map<String, Object> rawArgs) {
    List<String> values = new java.util.ArrayList<>();
    rawArgs.forEach(
        (name, value) -> {
          if (value != null
              && !String.valueOf(value).isEmpty()
              && module.spec().arg(name).map(dev.ploy.module.Arg::noLog).orElse(false)) {
            values.add(String.valueOf(value));
          }
        });
    return values;
  }

  /** A command line with every secret value, quoted or not, replaced by a mask. */
  static String masked(String line, List<String> secrets) {
    String shown = line;
    for (String secret : secrets) {
      shown =
          shown
              .replace(dev.ploy.connection.ShellQuote.quote(secret), "'********'")
              .replace(secret, "********");
    }
    return shown;
  }

  /** Module arguments as -vv shows them: secret ones (passwords) masked, as Ansible does. */
  private static Map<String, Object> shownArgs(Module module, Map<String, Object> rawArgs) {
    Map<String, Object> shown = new LinkedHashMap<>();
    rawArgs.forEach(
        (name, value) ->
            shown.put(
                name,
                module.spec().arg(name).map(dev.ploy.module.Arg::noLog).orElse(false)
                    ? "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
                    : value));
    return shown;
  }

  private static Optional<String> delegate(Templar templar, Keywords keywords)
      throws ExprException {
    Optional<Object> to = keywords.setting(Keyword.DELEGATE_TO);
    if (to.isEmpty()) {
      return Optional.empty();
    }
    Object value = templar.template(to.get());
    return value == null || value == Templar.OMIT
        ? Optional.empty()
        : Optional.of(String.valueOf(value));
  }

  /** Become from the task's keywords, else the host's ansible_become* variables, else -b/-K. */
  Optional<Become> become(Templar templar, Keywords keywords) throws ExprException {
    RunOptions options = play.options();
    Object enabled = keywords.setting(Keyword.BECOME).orElse(null);
    boolean on;
    if (enabled != null) {
      on = isTrue(templar.template(enabled));
    } else if (defined(templar, "ansible_become")) {
      on = isTrue(templar.lookup("ansible_become"));
    } else {
      on = options.become();
    }
    if (!on) {
      return Optional.empty();
    }
    String user =
        firstOf(
                templar,
                keywords.setting(Keyword.BECOME_USER),
                "ansible_become_user",
                options.becomeUser())
            .orElse("root");
    String method =
        firstOf(
                templar,
                keywords.setting(Keyword.BECOME_METHOD),
                "ansible_become_method",
                options.becomeMethod())
            .orElse("sudo");
    Optional<String> password =
        firstOf(templar, Optional.empty(), "ansible_become_password", Optional.empty())
            .or(() -> firstOfQuietly(templar, "ansible_become_pass"))
            .or(options::becomePassword);
    Become.Method how =
        switch (method) {
          case "sudo" -> Become.Method.SUDO;
          case "su" -> Become.Method.SU;
          default ->
              throw new ExprException(
                  "become_method '" + method + "' is not supported; use sudo or su", method);
        };
    return Optional.of(new Become(user, how, password));
  }

  private static Optional<String> firstOf(
      Templar templar, Optional<Object> keyword, String variable, Optional<String> option)
      throws ExprException {
    if (keyword.isPresent()) {
      return Optional.of(String.valueOf(templar.template(keyword.get())));
    }
    if (defined(templar, variable)) {
      return Optional.of(String.valueOf(templar.lookup(variable)));
    }
    return option;
  }

  /** Whether a variable is defined in the task's scope. */
  static boolean defined(Templar templar, String variable) throws ExprException {
    try {
      return templar.lookup(variable) != null;
    } catch (dev.ploy.expr.UndefinedVariableException e) {
      return false;
    }
  }

  private static Optional<String> firstOfQuietly(Templar templar, String variable) {
    try {
      return defined(templar, variable)
          ? Optional.of(String.valueOf(templar.lookup(variable)))
          : Optional.empty();
    } catch (ExprException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> environment(Templar templar, Keywords keywords)
      throws ExprException {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : keywords.environment().entrySet()) {
      Object value = templar.template(entry.getValue());
      if (entry.getKey().isEmpty()) {
        Object evaluated = value instanceof String text ? templar.evaluate(text) : value;
        if (evaluated instanceof Map<?, ?> map) {
          map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
      } else if (value != Templar.OMIT) {
        env.put(entry.getKey(), value == null ? "" : String.valueOf(value));
      }
    }
    return env;
  }

  boolean conditionsHold(Templar templar, Keywords keywords) throws ExprException {
    return allHold(templar, keywords.when());
  }

  private static boolean allHold(Templar templar, List<String> conditions) throws ExprException {
    for (String condition : conditions) {
      if (!templar.condition(condition)) {
        return false;
      }
    }
    return true;
  }

  private boolean checkMode(Templar templar, Frame frame) throws ExprException {
    Optional<Object> keyword = frame.keywords().setting(Keyword.CHECK_MODE);
    if (keyword.isPresent()) {
      return isTrue(templar.template(keyword.get()));
    }
    return play.options().check();
  }

  private boolean isNoLog(Templar templar, Frame frame) {
    Optional<Object> keyword = frame.keywords().setting(Keyword.NO_LOG);
    if (keyword.isEmpty()) {
      return false;
    }
    try {
      return isTrue(templar.template(keyword.get()));
    } catch (ExprException e) {
      return true;
    }
  }

  private static boolean truthy(
      Templar templar, Keywords keywords, Keyword keyword, TaskResult result) {
    Optional<Object> value = keywords.setting(keyword);
    if (value.isEmpty()) {
      return false;
    }
    try {
      return isTrue(templar.template(value.get()));
    } catch (ExprException e) {
      return false;
    }
  }

  private static TaskResult censored(TaskResult result) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("censored", NO_LOG_MESSAGE);
    data.put("changed", result.isChanged());
    return new TaskResult(
        result.status(),
        data,
        List.of(),
        result.ignored(),
        List.of(),
        result.label() == null ? null : "(censored)");
  }

  private static String label(Task task, Templar templar, Object item) {
    if (task.loop().label() != null) {
      try {
        return String.valueOf(templar.render(task.loop().label()));
      } catch (ExprException e) {
        return task.loop().label();
      }
    }
    return LoopItems.display(item);
  }

  static boolean isTrue(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value == null) {
      return false;
    }
    String text = String.valueOf(value).trim().toLowerCase(java.util.Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on", "1", "y" -> true;
      default -> false;
    };
  }

  private static int toInt(Object value) {
    return value instanceof Number n
        ? n.intValue()
        : Integer.parseInt(String.valueOf(value).trim());
  }

  private static double toDouble(Object value) {
    return value instanceof Number n
        ? n.doubleValue()
        : Double.parseDouble(String.valueOf(value).trim());
  }

  private static void sleep(double seconds) {
    try {
      Thread.sleep(Duration.ofMillis((long) (seconds * 1000)).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String located(Task task) {
    return " (task '" + task.displayName() + "' at " + task.location() + ")";
  }
}
