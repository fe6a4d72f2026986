package dev.ploy.report;

import dev.ploy.expr.Json;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunListener;
import dev.ploy.run.TaskResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run as a debug log (--log-file): each task's start and end per host with its time, every
 * command line sent, results as -v shows them. It sees what the console sees: no_log results come
 * censored and no_log tasks send no command lines, so the log holds nothing no_log hides.
 */
public final class LogReporter implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger("ploy.run");

  private final Map<String, Started> started = new HashMap<>();
  private final long begun = System.nanoTime();

  @Override
  public boolean wantsCommands() {
    return LOG.isDebugEnabled();
  }

  @Override
  public void playbookStart(Playbook playbook) {
    LOG.info("PLAYBOOK {}", playbook.file());
  }

  @Override
  public void playStart(Play play, List<String> hosts) {
    LOG.info("PLAY [{}] on {}", play.displayName(), hosts);
  }

  @Override
  public void noHostsMatched(Play play) {
    LOG.info("PLAY [{}]: no hosts matched", play.displayName());
  }

  @Override
  public synchronized void taskStart(String title, Task task, boolean handler, List<String> hosts) {
    long now = System.nanoTime();
    for (String host : hosts) {
      started.put(host, new Started(title, now));
      LOG.debug("[{}] start {} [{}]", host, handler ? "HANDLER" : "TASK", title);
    }
  }

  @Override
  public void hostResult(String host, Task task, TaskResult result) {
    LOG.debug(
        "[{}] end [{}] {} in {} ms => {}",
        host,
        startOf(host).title(),
        result.status(),
        (System.nanoTime() - startOf(host).nanos()) / 1_000_000,
        Json.write(result.data(), Json.Format.DUMPS.unicode()));
  }

  @Override
  public void itemResult(String host, Task task, TaskResult item) {
    LOG.debug(
        "[{}] item ({}) {} => {}",
        host,
        item.label(),
        item.status(),
        Json.write(item.data(), Json.Format.DUMPS.unicode()));
  }

  @Override
  public void retry(String host, Task task, int attempt, int retries) {
    LOG.debug("[{}] retry {} of {}", host, attempt, retries);
  }

  @Override
  public void warning(String message) {
    LOG.warn("{}", message);
  }

  @Override
  public void command(String host, String line) {
    LOG.debug("[{}] EXEC {}", host, line);
  }

  @Override
  public void playAborted(String reason) {
    LOG.info("play aborted: {}", reason);
  }

  @Override
  public void interrupted(String cause, Map<String, String> tasksByHost) {
    LOG.info("run interrupted by {}", cause);
    tasksByHost.forEach((host, task) -> LOG.info("[{}] interrupted in [{}]", host, task));
  }

  @Override
  public void recap(Map<String, HostStats> stats) {
    LOG.info("run took {} ms", (System.nanoTime() - begun) / 1_000_000);
    stats.forEach(
        (host, s) ->
            LOG.info(
                "RECAP [{}] {}",
                host,
                RecapCounts.of(s).entrySet().stream()
                    .map(count -> count.getKey() + "=" + count.getValue())
                    .collect(Collectors.joining(" "))));
  }

  private synchronized Started startOf(String host) {
    return started.getOrDefault(host, new Started("", System.nanoTime()));
  }

  private record Started(String title, long nanos) {}
}
