package dev.ploy.report;

import dev.ploy.expr.Json;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Task;
import dev.ploy.run.RunListener;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The output of an ad-hoc command, as the ansible command's callbacks print it: one entry per host
 * and no headers or recap. For command, shell and raw, {@code host | CHANGED | rc=0 >>} then what
 * the command printed (Ansible's minimal callback); for other modules {@code host | SUCCESS =>} and
 * the result as indented JSON. With {@code oneline} (-o), each host on one line, as Ansible's
 * oneline callback. Warnings go to standard error, as Ansible's.
 */
public final class AdhocReporter implements RunListener {
  /** Ansible's MODULE_NO_JSON: modules whose output is what the command printed. */
  private static final List<String> NO_JSON = List.of("command", "shell", "raw");

  private final PrintStream out;
  private final PrintStream err;
  private final int verbosity;
  private final boolean diff;
  private final boolean oneline;
  private final Colors colors;

  public AdhocReporter(
      PrintStream out,
      PrintStream err,
      int verbosity,
      boolean diff,
      boolean oneline,
      boolean color) {
    this.out = out;
    this.err = err;
    this.verbosity = verbosity;
    this.diff = diff;
    this.oneline = oneline;
    this.colors = new Colors(color);
  }

  @Override
  public synchronized void noHostsMatched(Play play) {
    warning("No hosts matched, nothing to do");
  }

  @Override
  public synchronized void warning(String message) {
    err.println(colors.warn("[WARNING]: " + message));
  }

  @Override
  public synchronized void hostResult(String host, Task task, TaskResult result) {
    if (result.data().get("warnings") instanceof List<?> warnings) {
      warnings.forEach(w -> err.println(colors.warn("[WARNING]: " + w)));
    }
    if (diff && !oneline) {
      String diffs = ResultView.diffs(result);
      if (!diffs.isEmpty()) {
        out.println(colors.diff(diffs));
      }
    }
    boolean noJson = task != null && NO_JSON.contains(shortName(task.action().module()));
    Map<String, Object> shown = ResultView.visible(result.data(), verbosity);
    switch (result.status()) {
      case OK, CHANGED -> {
        String state = result.status() == Status.CHANGED ? "CHANGED" : "SUCCESS";
        boolean debug = task != null && shortName(task.action().module()).equals("debug");
        String line =
            noJson
                ? commandOutput(host, state, result.data())
                : host
                    + " | "
                    + state
                    + " => "
                    + json(debug ? ResultView.debugCleaned(shown) : shown);
        out.println(state.equals("CHANGED") ? colors.changed(line) : colors.ok(line));
      }
      case FAILED -> {
        boolean plain = noJson && !oneline && !result.data().containsKey("module_stderr");
        out.println(
            colors.failed(
                plain
                    ? commandOutput(host, "FAILED", result.data())
                    : host + " | FAILED! => " + json(shown)));
      }
      case SKIPPED -> out.println(colors.skip(host + " | SKIPPED"));
      case UNREACHABLE ->
          out.println(
              colors.failed(
                  oneline
                      ? host + " | UNREACHABLE!: " + text(result.data().get("msg"))
                      : host + " | UNREACHABLE! => " + json(shown)));
    }
  }

  /** What a command printed, with its return code (minimal), or on one line (oneline). */
  private String commandOutput(String host, String state, Map<String, Object> data) {
    Object rc = data.getOrDefault("rc", -1);
    if (!oneline) {
      return host
          + " | "
          + state
          + " | rc="
          + rc
          + " >>\n"
          + text(data.get("stdout"))
          + text(data.get("stderr"))
          + text(data.get("msg"));
    }
    String line =
        host + " | " + state + " | rc=" + rc + " | (stdout) " + escaped(data.get("stdout"));
    String stderr = text(data.get("stderr"));
    return stderr.isEmpty() ? line : line + " (stderr) " + escaped(stderr);
  }

  /** The result as Ansible dumps it: indented by four, or (oneline) its lines joined. */
  private String json(Map<String, Object> shown) {
    return oneline
        ? Json.write(shown, ResultView.JSON.indented(0)).replace("\n", "")
        : Json.write(shown, ResultView.JSON.indented(4));
  }

  private static String escaped(Object value) {
    return text(value).replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String text(Object value) {
    return Objects.toString(value, "");
  }

  /** ansible.builtin.command and ansible.legacy.command are command. */
  private static String shortName(String module) {
    return module.replaceFirst("^ansible\\.(builtin|legacy)\\.", "");
  }
}
