package dev.ploy.report;

import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunListener;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The run kept as data for the reports written after it (JUnit, HTML): each task of each play as a
 * row, each host's result in it as a cell with its duration, and the recap. It hears what the
 * console hears, so no_log results arrive censored and nothing no_log hides is kept.
 */
public final class RunRecord implements RunListener {
  /**
   * One host's result of one task.
   *
   * @param message the failure's or the skip's reason, empty otherwise
   * @param output the result as {@code -v} shows it (JSON)
   * @param diff the unified diffs of the result and its loop items, empty for none
   */
  public record Cell(
      String host,
      Status status,
      boolean ignored,
      long nanos,
      String message,
      String output,
      String diff) {}

  /** One task (or Gathering Facts, or a handler) of a play, with the cells of its hosts. */
  public record Row(
      String playbook,
      String play,
      String title,
      boolean handler,
      String location,
      Map<String, Cell> cells) {}

  /** Everything recorded, in the order it happened. */
  public record Snapshot(
      Instant started,
      long nanos,
      List<String> hosts,
      List<Row> rows,
      Map<String, HostStats> recap,
      String interruptedBy) {}

  private final LongSupplier clock;
  private final Instant started;
  private final long begun;
  private final Set<String> hosts = new LinkedHashSet<>();
  private final List<Building> rows = new ArrayList<>();
  private final Map<String, HostStats> recap = new LinkedHashMap<>();
  private String playbook = "";
  private String play = "";
  private int playStartsAt;
  private String interruptedBy;

  public RunRecord() {
    this(System::nanoTime, Instant.now());
  }

  /** A record timed by {@code clock} (nanoseconds, as System.nanoTime), started at {@code at}. */
  public RunRecord(LongSupplier clock, Instant at) {
    this.clock = clock;
    this.started = at;
    this.begun = clock.getAsLong();
  }

  @Override
  public synchronized void playbookStart(Playbook book) {
    String name = book.file().getFileName().toString();
    playbook = name.replaceFirst("\\.ya?ml$", "");
  }

  @Override
  public synchronized void playStart(Play started, List<String> names) {
    play = started.displayName();
    playStartsAt = rows.size();
    hosts.addAll(names);
  }

  @Override
  public synchronized void taskStart(String title, Task task, boolean handler, List<String> names) {
    long now = clock.getAsLong();
    hosts.addAll(names);
    Building row = task == null ? null : openRow(task, names);
    if (row == null) {
      row =
          new Building(playbook, play, title, handler, task == null ? "" : fileAndLine(task), task);
      rows.add(row);
    }
    for (String host : names) {
      row.started.put(host, now);
    }
  }

  /** Where the task is, as ansible's junit callback names a testcase's class: file:line. */
  private static String fileAndLine(Task task) {
    return new dev.ploy.yaml.Location(task.location().file(), task.location().line(), 0).toString();
  }

  /** Under the free strategy each host starts a task alone: its row is the one already open. */
  private Building openRow(Task task, List<String> names) {
    for (int i = rows.size() - 1; i >= playStartsAt; i--) {
      Building row = rows.get(i);
      if (row.task == task) {
        return names.stream().anyMatch(row.started::containsKey) ? null : row;
      }
    }
    return null;
  }

  @Override
  public synchronized void hostResult(String host, Task task, TaskResult result) {
    long now = clock.getAsLong();
    hosts.add(host);
    Building row = null;
    for (int i = rows.size() - 1; i >= playStartsAt && row == null; i--) {
      Building candidate = rows.get(i);
      if (candidate.task == task && candidate.started.containsKey(host)) {
        row = candidate;
      }
    }
    if (row == null) {
      return;
    }
    row.cells.put(
        host,
        new Cell(
            host,
            result.status(),
            result.ignored(),
            now - row.started.get(host),
            reason(result),
            dev.ploy.expr.Json.write(ResultView.visible(result.data(), 0), ResultView.JSON),
            diffs(result)));
  }

  /** Why a host failed, was unreachable or skipped, as the console's message says it. */
  private static String reason(TaskResult result) {
    return switch (result.status()) {
      case OK, CHANGED -> "";
      case SKIPPED -> String.valueOf(result.data().getOrDefault("skip_reason", "skipped"));
      case FAILED, UNREACHABLE -> {
        String message = result.message();
        if (message.isEmpty() && result.data().get("rc") != null) {
          message = "rc=" + result.data().get("rc");
        }
        if (message.isEmpty()) {
          message = result.status().word();
        }
        yield result.where() == null ? message : message + " (" + result.where() + ")";
      }
    };
  }

  private static String diffs(TaskResult result) {
    StringBuilder text = new StringBuilder(ResultView.diffs(result));
    for (TaskResult item : result.items()) {
      text.append(ResultView.diffs(item));
    }
    return text.toString();
  }

  @Override
  public synchronized void interrupted(String cause, Map<String, String> tasksByHost) {
    interruptedBy = cause;
  }

  @Override
  public synchronized void recap(Map<String, HostStats> stats) {
    recap.putAll(stats);
  }

  public synchronized Snapshot snapshot() {
    List<Row> done = new ArrayList<>();
    for (Building row : rows) {
      done.add(
          new Row(
              row.playbook,
              row.play,
              row.title,
              row.handler,
              row.location,
              java.util.Collections.unmodifiableMap(new LinkedHashMap<>(row.cells))));
    }
    return new Snapshot(
        started,
        clock.getAsLong() - begun,
        List.copyOf(hosts),
        List.copyOf(done),
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(recap)),
        interruptedBy);
  }

  private static final class Building {
    final String playbook;
    final String play;
    final String title;
    final boolean handler;
    final String location;
    final Task task;
    final Map<String, Long> started = new LinkedHashMap<>();
    final Map<String, Cell> cells = new LinkedHashMap<>();

    Building(
        String playbook, String play, String title, boolean handler, String location, Task task) {
      this.playbook = playbook;
      this.play = play;
      this.title = title;
      this.handler = handler;
      this.location = location;
      this.task = task;
    }
  }
}
