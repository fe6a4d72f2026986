package dev.ploy.report;

import dev.ploy.expr.Json;
import dev.ploy.module.ExecutorActions;
import dev.ploy.module.Plan;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunListener;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The console output an Ansible user reads at once: PLAY and TASK headers, one line per host (and
 * per loop item), failures with their message, diffs with --diff, and the PLAY RECAP.
 */
public final class ConsoleReporter implements RunListener {
  private static final int WIDTH = 80;

  private static final Json.Format RESULT = ResultView.JSON;

  private final PrintStream out;
  private final int verbosity;
  private final Colors colors;
  private Task lastHeader;
  private boolean freeStrategy;

  public ConsoleReporter(PrintStream out, int verbosity, boolean color) {
    this.out = out;
    this.verbosity = verbosity;
    this.colors = new Colors(color);
  }

  @Override
  public synchronized void playStart(Play play, List<String> hosts) {
    out.println();
    header("PLAY [" + play.displayName() + "]");
    lastHeader = null;
    freeStrategy = play.strategy().equals("free");
  }

  @Override
  public synchronized void noHostsMatched(Play play) {
    out.println(colors.skip("skipping: no hosts matched"));
  }

  @Override
  public synchronized void taskStart(String title, Task task, boolean handler, List<String> hosts) {
    // As Ansible's default callback: under the linear strategy every round shows its header (a
    // task file included twice shows its tasks twice); under free, a header is shown when the task
    // differs from the last one shown.
    if (task != null && task == lastHeader && freeStrategy) {
      return;
    }
    lastHeader = task;
    out.println();
    header((handler ? "RUNNING HANDLER [" : "TASK [") + title + "]");
  }

  @Override
  public boolean wantsCommands() {
    return verbosity >= 3;
  }

  @Override
  public synchronized void command(String host, String line) {
    if (verbosity >= 3) {
      out.println("<" + host + "> EXEC " + line);
    }
  }

  @Override
  public synchronized void itemResult(String name, Task task, TaskResult item) {
    String host = shown(name, item);
    String label = " => (item=" + item.label() + ")";
    printDiffs(item);
    printWarnings(item);
    switch (item.status()) {
      case OK -> out.println(colors.ok("ok: [" + host + "]" + label) + details(task, item));
      case CHANGED ->
          out.println(colors.changed("changed: [" + host + "]" + label) + details(task, item));
      case SKIPPED -> out.println(colors.skip("skipping: [" + host + "]" + label));
      case FAILED ->
          out.println(
              colors.failed(
                  "failed: ["
                      + host
                      + "] (item="
                      + item.label()
                      + ") => "
                      + Json.write(visible(item.data()), RESULT)
                      + where(item)));
      case UNREACHABLE ->
          out.println(
              colors.failed(
                  "fatal: ["
                      + host
                      + "]: UNREACHABLE! (item="
                      + item.label()
                      + ") => "
                      + Json.write(visible(item.data()), RESULT)));
    }
  }

  @Override
  public synchronized void hostResult(String name, Task task, TaskResult result) {
    if (task != null
        && task != lastHeader
        && ExecutorActions.Kind.META.is(task.action().module())) {
      // a meta task starts no header; as Ansible's callback, its result shows the task's first
      taskStart(task.displayName(), task, false, List.of(name));
    }
    String host = shown(name, result);
    if (task != null && isInclude(task) && result.status() == Status.OK) {
      out.println(
          "included: "
              + result.data().get("include")
              + " for "
              + name
              + (result.label() != null ? " => (item=" + result.label() + ")" : ""));
      return;
    }
    boolean loop = !result.items().isEmpty();
    if (!loop) {
      printDiffs(result);
      printWarnings(result);
    }
    switch (result.status()) {
      case OK -> {
        if (!loop) {
          out.println(colors.ok("ok: [" + host + "]") + details(task, result));
        }
      }
      case CHANGED -> {
        if (!loop) {
          out.println(colors.changed("changed: [" + host + "]") + details(task, result));
        }
      }
      case SKIPPED -> {
        if (!loop) {
          out.println(
              colors.skip("skipping: [" + host + "]")
                  + (verbosity > 0 ? " => " + Json.write(visible(result.data()), RESULT) : ""));
        }
      }
      case FAILED -> {
        // as Ansible's callback: a loop's failure is shown by its items, no line of its own
        if (!loop) {
          printFailure(host, result);
        }
        if (result.ignored()) {
          out.println(colors.skip("...ignoring"));
        }
      }
      case UNREACHABLE ->
          out.println(
              colors.failed(
                  "fatal: ["
                      + host
                      + "]: UNREACHABLE! => "
                      + Json.write(visible(result.data()), RESULT)));
    }
  }

  private void printFailure(String host, TaskResult result) {
    out.println(
        colors.failed(
            "fatal: ["
                + host
                + "]: "
                // ignore_unreachable keeps an unreachable host going, counted as an ignored
                // failure; Ansible shows it still as unreachable
                + (Boolean.TRUE.equals(result.data().get("unreachable"))
                    ? "UNREACHABLE! => "
                    : "FAILED! => ")
                + Json.write(visible(result.data()), format(result))
                + where(result)));
  }

  /**
   * The host as a result line names it: {@code h1 -> h2} for a task delegated to h2, as Ansible.
   */
  private static String shown(String host, TaskResult result) {
    return result.delegatedTo() == null ? host : host + " -> " + result.delegatedTo();
  }

  /**
   * For an error ploy raised running the task, the line after the result that names the task and
   * its file:line (the result's msg stays Ansible's bare message).
   */
  private static String where(TaskResult result) {
    return result.where() == null ? "" : System.lineSeparator() + "  (" + result.where() + ")";
  }

  @Override
  public synchronized void retry(String host, Task task, int attempt, int retries) {
    out.println(
        colors.failed(
            "FAILED - RETRYING: ["
                + host
                + "]: "
                // as Ansible's TaskResult.task_name: a named task by its name alone, without its
                // role
                + (task.name() != null ? task.name() : task.displayName())
                + " ("
                + (retries - attempt + 1)
                + " retries left)."));
  }

  @Override
  public synchronized void warning(String message) {
    out.println(colors.warn("[WARNING]: " + message));
  }

  /**
   * What ansible-playbook prints before a pause waits: "Pausing for N seconds" (noting hidden
   * output), then the prompt under the task's name. Not Ansible's "(ctrl+C then 'C' = continue
   * early...)": ploy reads no keys, and Ctrl-C stops the run.
   */
  @Override
  public synchronized void pausing(Task task, long seconds, String prompt, boolean echo) {
    String hidden = echo ? "" : " (output is hidden)";
    if (seconds > 0) {
      out.println("Pausing for " + seconds + " seconds" + hidden);
    }
    if (prompt != null) {
      out.println("[" + task.displayName().strip() + "]");
      out.println(prompt + hidden + ":");
    }
  }

  @Override
  public synchronized void playAborted(String reason) {
    out.println();
    out.println(colors.failed(reason));
  }

  /**
   * Which host was stopped in which task ({@code interrupted (SIGINT): [web1] in TASK [name]}),
   * before the recap; ansible-playbook says only that it was interrupted.
   */
  @Override
  public synchronized void interrupted(String cause, Map<String, String> tasksByHost) {
    out.println();
    if (tasksByHost.isEmpty()) {
      out.println(colors.failed("interrupted (" + cause + ") between tasks"));
    }
    tasksByHost.forEach(
        (host, task) ->
            out.println(
                colors.failed(
                    "interrupted (" + cause + "): [" + host + "] in TASK [" + task + "]")));
  }

  @Override
  public synchronized void recap(Map<String, HostStats> stats) {
    out.println();
    header("PLAY RECAP");
    for (Map.Entry<String, HostStats> entry : stats.entrySet()) {
      HostStats s = entry.getValue();
      String name = String.format("%-26s", entry.getKey());
      String colored =
          s.failed() > 0 || s.unreachable() > 0
              ? colors.failed(name)
              : s.changed() > 0 ? colors.changed(name) : colors.ok(name);
      StringBuilder line = new StringBuilder(colored).append(" :");
      RecapCounts.of(s).forEach((counter, n) -> line.append(' ').append(count(counter, n)));
      out.println(line);
    }
    out.println();
    out.flush();
  }

  /** One recap counter, colored by what it counts when it is not zero. */
  private String count(String name, int value) {
    String text = String.format("%s=%-4d", name, value);
    if (value == 0) {
      return text;
    }
    return switch (name) {
      case "changed" -> colors.changed(text);
      case "unreachable", "failed" -> colors.failed(text);
      case "skipped" -> colors.skip(text);
      case "ignored" -> colors.warn(text);
      default -> colors.ok(text);
    };
  }

  private void header(String title) {
    int stars = Math.max(3, WIDTH - title.length() - 1);
    out.println(title + " " + "*".repeat(stars));
  }

  /**
   * The diffs of a task that ran in diff mode (its diff: keyword, else --diff): only such a result
   * carries them, whatever keys the module returned (known_hosts returns a diff in every mode).
   */
  private void printDiffs(TaskResult result) {
    String diffs = ResultView.diffs(result);
    if (!diffs.isEmpty()) {
      out.print(colors.diff(diffs));
    }
  }

  /** Warnings a module returned, as Ansible prints them. */
  private void printWarnings(TaskResult result) {
    if (result.data().get("warnings") instanceof java.util.List<?> warnings) {
      for (Object warning : warnings) {
        out.println(colors.warn("[WARNING]: " + warning));
      }
    }
  }

  /** What follows the status: the result with -v, and always for debug and assert. */
  private String details(Task task, TaskResult result) {
    boolean debug = task != null && task.action().module().equals("debug");
    if (debug) {
      return " => "
          + Json.write(ResultView.debugCleaned(visible(result.data())), RESULT.indented(4));
    }
    if (verbosity > 0 || alwaysShown(result)) {
      return " => " + Json.write(visible(result.data()), format(result));
    }
    return "";
  }

  /** Whether the module asks for its result to be shown without -v (assert, unless quiet). */
  private static boolean alwaysShown(TaskResult result) {
    return Boolean.TRUE.equals(result.data().get(Plan.VERBOSE_ALWAYS));
  }

  /** A result shown without -v is indented, as Ansible's callback indents it. */
  private static Json.Format format(TaskResult result) {
    return alwaysShown(result) ? RESULT.indented(4) : RESULT;
  }

  private Map<String, Object> visible(Map<String, Object> data) {
    return ResultView.visible(data, verbosity);
  }

  private static boolean isInclude(Task task) {
    return ExecutorActions.Kind.of(task.action().module())
        .map(ExecutorActions.Kind::includesAtRun)
        .orElse(false);
  }
}
