package dev.ploy.report;

import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunListener;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The status line a terminal shows while a task runs longer than two seconds: the task, its hosts
 * done, running and left, and the time since it started, redrawn in place. It wraps the console
 * reporter: before any event is printed the line is erased, so the console's lines stay whole.
 */
public final class LiveProgress implements RunListener {
  static final long SHOW_AFTER_NANOS = 2_000_000_000L;

  private final RunListener console;
  private final PrintStream out;
  private final LongSupplier clock;
  private final int width;
  private final Set<String> active = new LinkedHashSet<>();
  private final Map<Object, Running> running = new LinkedHashMap<>();
  private String shown;

  /**
   * @param width the terminal's columns; the line is kept shorter so it never wraps
   */
  public LiveProgress(RunListener console, PrintStream out, LongSupplier clock, int width) {
    this.console = console;
    this.out = out;
    this.clock = clock;
    this.width = Math.max(20, width);
  }

  /**
   * Whether to show the line: only on a terminal, and never with NO_COLOR (or TERM=dumb), so logs
   * and pipes get the console's lines and nothing else.
   */
  public static boolean wanted(boolean terminal, Map<String, String> environment) {
    return terminal
        && !environment.containsKey("NO_COLOR")
        && !"dumb".equals(environment.get("TERM"));
  }

  /** The terminal's width from COLUMNS, or 80. */
  public static int columns(Map<String, String> environment) {
    try {
      return Integer.parseInt(environment.getOrDefault("COLUMNS", "80").trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Redraws the line every quarter second until closed, which erases it. */
  public AutoCloseable ticking() {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "ploy-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(this::redraw, 250, 250, TimeUnit.MILLISECONDS);
    return () -> {
      ticker.shutdownNow();
      synchronized (this) {
        erase();
      }
    };
  }

  /**
   * Draws the line as it is now (only when its text changed), or erases it when no task has run two
   * seconds.
   */
  public synchronized void redraw() {
    String line = line(clock.getAsLong());
    if (line == null) {
      erase();
    } else if (!line.equals(shown)) {
      out.print("\r" + line + "\u001b[K");
      out.flush();
      shown = line;
    }
  }

  /**
   * The line at {@code now}: the task running longest, e.g. {@code TASK [Install nginx] hosts: 3
   * done, 2 running, 5 left (0:12)}; null while no task has run {@link #SHOW_AFTER_NANOS}.
   */
  synchronized String line(long now) {
    Running longest = null;
    for (Running task : running.values()) {
      if (task.running() > 0 && (longest == null || task.since < longest.since)) {
        longest = task;
      }
    }
    if (longest == null || now - longest.since < SHOW_AFTER_NANOS) {
      return null;
    }
    long seconds = (now - longest.since) / 1_000_000_000L;
    int left = 0;
    for (String host : active) {
      if (!longest.started.contains(host)) {
        left++;
      }
    }
    String counts =
        String.format(
            Locale.ROOT,
            " hosts: %d done, %d running, %d left (%d:%02d)",
            longest.done.size(),
            longest.running(),
            left,
            seconds / 60,
            seconds % 60);
    String head = (longest.handler ? "RUNNING HANDLER [" : "TASK [") + longest.title + "]";
    int room = width - 1 - counts.length();
    if (head.length() > room) {
      head = head.substring(0, Math.max(0, room - 2)) + "\u2026]";
    }
    return head + counts;
  }

  private void erase() {
    if (shown != null) {
      out.print("\r\u001b[K");
      out.flush();
      shown = null;
    }
  }

  @Override
  public synchronized void playbookStart(Playbook playbook) {
    erase();
    console.playbookStart(playbook);
  }

  @Override
  public synchronized void playStart(Play play, List<String> hosts) {
    erase();
    running.clear();
    active.clear();
    active.addAll(hosts);
    console.playStart(play, hosts);
  }

  @Override
  public synchronized void noHostsMatched(Play play) {
    erase();
    console.noHostsMatched(play);
  }

  @Override
  public synchronized void taskStart(String title, Task task, boolean handler, List<String> hosts) {
    erase();
    console.taskStart(title, task, handler, hosts);
    Object key = task == null ? title : task;
    Running entry = running.get(key);
    if (entry == null || hosts.stream().anyMatch(entry.started::contains)) {
      // a new round of this task (linear), not another host joining it (free)
      running.remove(key);
      entry = new Running(title, handler, clock.getAsLong());
      running.put(key, entry);
    }
    entry.started.addAll(hosts);
    active.addAll(hosts);
  }

  @Override
  public synchronized void hostResult(String host, Task task, TaskResult result) {
    erase();
    console.hostResult(host, task, result);
    for (Running entry : running.values()) {
      if (entry.started.contains(host) && !entry.done.contains(host)) {
        entry.done.add(host);
      }
    }
    running.values().removeIf(entry -> entry.running() == 0);
    if (result.status() == Status.UNREACHABLE || result.isFailed()) {
      active.remove(host);
    }
  }

  @Override
  public synchronized void itemResult(String host, Task task, TaskResult item) {
    erase();
    console.itemResult(host, task, item);
  }

  @Override
  public synchronized void retry(String host, Task task, int attempt, int retries) {
    erase();
    console.retry(host, task, attempt, retries);
  }

  @Override
  public synchronized void warning(String message) {
    erase();
    console.warning(message);
  }

  @Override
  public synchronized void pausing(Task task, long seconds, String prompt, boolean echo) {
    erase();
    console.pausing(task, seconds, prompt, echo);
  }

  @Override
  public boolean wantsCommands() {
    return console.wantsCommands();
  }

  @Override
  public synchronized void command(String host, String line) {
    erase();
    console.command(host, line);
  }

  @Override
  public synchronized void playAborted(String reason) {
    erase();
    console.playAborted(reason);
  }

  @Override
  public synchronized void interrupted(String cause, Map<String, String> tasksByHost) {
    erase();
    running.clear();
    console.interrupted(cause, tasksByHost);
  }

  @Override
  public synchronized void recap(Map<String, HostStats> stats) {
    erase();
    running.clear();
    console.recap(stats);
  }

  private static final class Running {
    final String title;
    final boolean handler;
    final long since;
    final Set<String> started = new LinkedHashSet<>();
    final Set<String> done = new LinkedHashSet<>();

    Running(String title, boolean handler, long since) {
      this.title = title;
      this.handler = handler;
      this.since = since;
    }

    int running() {
      return started.size() - done.size();
    }
  }
}
