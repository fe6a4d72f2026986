package dev.ploy.report;

import dev.ploy.diff.Diff;
import dev.ploy.expr.Json;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunListener;
import dev.ploy.run.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine-readable report of every play, task and host, shaped like ansible's json callback:
 * {@code {"plays": [{"play": ..., "tasks": [{"task": ..., "hosts": {...}}]}], "stats": {...}}}.
 */
public final class JsonReporter implements RunListener {
  private final List<Object> plays = new ArrayList<>();
  private final Map<String, Object> stats = new LinkedHashMap<>();
  private List<Object> tasks;
  private Map<String, Object> hosts;
  private Task current;
  private Map<String, Object> interrupted;

  @Override
  public synchronized void playStart(Play play, List<String> hostNames) {
    Map<String, Object> entry = new LinkedHashMap<>();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", play.displayName());
    info.put("hosts", play.hosts());
    info.put("path", play.location().toString());
    entry.put("play", info);
    tasks = new ArrayList<>();
    entry.put("tasks", tasks);
    plays.add(entry);
    current = null;
  }

  @Override
  public synchronized void taskStart(
      String title, Task task, boolean handler, List<String> hostNames) {
    if (task != null && task == current && hosts != null) {
      return;
    }
    current = task;
    Map<String, Object> entry = new LinkedHashMap<>();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", title);
    info.put("handler", handler);
    if (task != null) {
      info.put("action", task.action().module());
      info.put("path", task.location().toString());
    }
    entry.put("task", info);
    hosts = new LinkedHashMap<>();
    entry.put("hosts", hosts);
    if (tasks != null) {
      tasks.add(entry);
    }
  }

  @Override
  public synchronized void hostResult(String host, Task task, TaskResult result) {
    if (hosts == null) {
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>(result.data());
    data.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
    if (result.ignored()) {
      data.put("ignored", true);
    }
    if (!result.diffs().isEmpty()) {
      // shaped as Ansible's modules return their diff: before, after and their headers
      data.put("diff", Diff.ansibleShaped(result.diffs()));
    }
    hosts.put(host, data);
  }

  /** An interrupted run's report says so: {"interrupted": {"by": "SIGINT", "hosts": {h: task}}}. */
  @Override
  public synchronized void interrupted(String cause, Map<String, String> tasksByHost) {
    interrupted = new LinkedHashMap<>();
    interrupted.put("by", cause);
    interrupted.put("hosts", new LinkedHashMap<>(tasksByHost));
  }

  @Override
  public synchronized void recap(Map<String, HostStats> all) {
    all.forEach(
        (host, s) -> {
          // Ansible's json callback names the failed count failures
          Map<String, Object> counts = new LinkedHashMap<>();
          RecapCounts.of(s)
              .forEach((name, n) -> counts.put(name.equals("failed") ? "failures" : name, n));
          stats.put(host, counts);
        });
  }

  public synchronized String toJson() {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("plays", plays);
    report.put("stats", stats);
    if (interrupted != null) {
      report.put("interrupted", interrupted);
    }
    return Json.write(report, Json.Format.DUMPS.indented(4).sorted());
  }
}
