package dev.ploy.run;

import dev.ploy.connection.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run's way to be stopped from outside (SIGINT, SIGTERM): once {@link #request requested}, no
 * host starts another task, the commands running on every host are killed (with their children),
 * then the threads running tasks are interrupted, and the run ends with what it did so far and
 * {@link RunOutcome#INTERRUPTED}. Thread-safe; requesting twice does nothing more.
 */
public final class Interruption {
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private final List<Runnable> onRequest = new CopyOnWriteArrayList<>();
  private final Map<String, String> tasksByHost = new LinkedHashMap<>();
  private volatile String cause;

  /**
   * Stops the run: {@code why} names what stopped it (SIGINT). Returns at once: the commands are
   * killed in the background while the run winds down.
   */
  public void request(String why) {
    synchronized (this) {
      if (cause != null) {
        return;
      }
      cause = why;
    }
    for (Runnable action : onRequest) {
      action.run();
    }
    List<Thread> killers = new ArrayList<>();
    for (Connection connection : connections) {
      Thread killer = new Thread(connection::interrupt, "ploy-interrupt-" + connection.host());
      killer.setDaemon(true);
      killer.start();
      killers.add(killer);
    }
    for (Thread killer : killers) {
      try {
        killer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // after the kills, so that a command's thread cannot forget it before it is killed
    workers.forEach(Thread::interrupt);
  }

  public boolean requested() {
    return cause != null;
  }

  /** What stopped the run (SIGINT, SIGTERM), once requested. */
  public Optional<String> cause() {
    return Optional.ofNullable(cause);
  }

  /** The hosts that were running a task when the run was stopped, with that task's name. */
  public synchronized Map<String, String> tasksByHost() {
    return new LinkedHashMap<>(tasksByHost);
  }

  /** Records that {@code host} was stopped while running {@code task}. */
  synchronized void stoppedIn(String host, String task) {
    tasksByHost.putIfAbsent(host, task);
  }

  /**
   * Runs {@code action} when the run is stopped (at once when it already is); the returned handle
   * removes it.
   */
  Runnable onRequest(Runnable action) {
    onRequest.add(action);
    if (requested()) {
      action.run();
    }
    return () -> onRequest.remove(action);
  }

  /** A thread running tasks: it is interrupted when the run stops, once its commands are killed. */
  void register(Thread worker) {
    workers.add(worker);
  }

  void unregister(Thread worker) {
    workers.remove(worker);
  }

  /** The connector, whose connections get their running commands killed when the run stops. */
  Connector watching(Connector connector) {
    return (host, vars) -> {
      Connection connection = connector.open(host, vars);
      connections.add(connection);
      return connection;
    };
  }
}
