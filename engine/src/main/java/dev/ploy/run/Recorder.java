package dev.ploy.run;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Templar;
import dev.ploy.module.Plan;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What follows a task's result on a host: ignore_errors and ignore_unreachable, register, notify,
 * the host's counts, and the event for the listener (censored under no_log).
 */
final class Recorder {
  private final PlayRun play;

  Recorder(PlayRun play) {
    this.play = play;
  }

  /** Records the result (the task's own, or one shared by run_once) and returns it as counted. */
  TaskResult record(HostState host, Task task, Frame frame, TaskResult result) {
    Templar templar = play.variables().templar(host, frame, Map.of());
    TaskSettings settings = new TaskSettings(templar, frame.keywords(), play.options());
    if (result.status() == Status.FAILED && settings.flag(Keyword.IGNORE_ERRORS)) {
      result = result.withIgnored();
    }
    if (result.status() == Status.UNREACHABLE && settings.flag(Keyword.IGNORE_UNREACHABLE)) {
      result =
          new TaskResult(
              Status.FAILED,
              result.data(),
              result.diffs(),
              true,
              result.items(),
              result.label(),
              result.where());
    }
    if (result.isChanged()) {
      String unknown = notifyHandlers(host, task, templar);
      if (unknown != null) {
        // ansible-playbook stops the whole run with this error, the result unshown and uncounted;
        // the loader warned of the name (PlaybookLoader)
        play.stopRun(RunError.unknownHandler(unknown));
        return result;
      }
    }
    register(host, task, result);
    host.stats().count(result);
    result = delegated(host, settings, result);
    boolean noLog = settings.noLog();
    play.listener().hostResult(host.name(), task, noLog ? Secrets.censored(result) : result);
    return result;
  }

  /**
   * The result, marked with the host delegate_to ran it on when that is another host: the console
   * shows it as Ansible does.
   */
  static TaskResult delegated(HostState host, TaskSettings settings, TaskResult result) {
    Optional<String> to;
    try {
      to = settings.delegate();
    } catch (ExprException e) {
      return result;
    }
    return to.isEmpty() || to.get().equals(host.name()) ? result : result.delegatedTo(to.get());
  }

  /**
   * Registers a run_once task's result on a host that did not run it: as Ansible, that host is
   * given the result (register) but neither shows nor counts it, nor notifies.
   */
  void share(HostState host, Task task, TaskResult result) {
    register(host, task, result);
  }

  private static void register(HostState host, Task task, TaskResult result) {
    if (task.register() != null) {
      Map<String, Object> registered = new LinkedHashMap<>(result.data());
      // Ansible's marks for its callbacks are not part of the registered result
      registered.remove(Plan.VERBOSE_ALWAYS);
      registered.putIfAbsent("changed", result.isChanged());
      registered.putIfAbsent("failed", result.status() == Status.FAILED);
      host.setVariable(task.register(), ResultRules.registered(task, registered));
    }
  }

  /**
   * Notifies the handlers the task names; returns the first name no handler of the play answers to
   * (nothing is notified then), or null.
   */
  private String notifyHandlers(HostState host, Task task, Templar templar) {
    List<String> names = new ArrayList<>();
    for (String name : task.notifies()) {
      try {
        names.add(templar.render(name));
      } catch (ExprException e) {
        names.add(name);
      }
    }
    Set<String> known = new HashSet<>();
    play.handlers().forEach(handler -> known.addAll(handler.handlerNames()));
    for (String name : names) {
      if (!known.contains(name)) {
        return name;
      }
    }
    names.forEach(host::notify);
    return null;
  }
}
