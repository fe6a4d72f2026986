package dev.ploy.run;

import dev.ploy.connection.Connection;
import dev.ploy.inventory.Host;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the run knows about one host across plays: its facts, the variables set by set_fact and
 * register, the handlers it notified, whether it failed, and its recap counters.
 */
public final class HostState {
  private final Host host;
  private final HostStats stats = new HostStats();
  private final Map<String, Object> facts = new LinkedHashMap<>();
  private final Map<String, Object> hostVariables = new LinkedHashMap<>();
  private final Map<String, Object> includedVariables = new LinkedHashMap<>();
  private final Set<String> notified = new LinkedHashSet<>();

  /**
   * Held while the host's connection is opened, instead of this object's monitor: opening templates
   * the host's variables, which reads every host's state, and two hosts opening at once while each
   * held its own monitor would deadlock.
   */
  final Object opening = new Object();

  private Connection connection;
  private boolean failed;
  private boolean unreachable;
  private boolean factsGathered;
  private String runningTask;

  HostState(Host host) {
    this.host = host;
  }

  public String name() {
    return host.name();
  }

  public Host host() {
    return host;
  }

  public HostStats stats() {
    return stats;
  }

  /**
   * Facts (gathered and set_fact cacheable), keyed without the ansible_ prefix as in ansible_facts.
   */
  synchronized Map<String, Object> facts() {
    return new LinkedHashMap<>(facts);
  }

  synchronized void addFacts(Map<String, Object> gathered) {
    facts.putAll(gathered);
    factsGathered = true;
  }

  synchronized boolean factsGathered() {
    return factsGathered;
  }

  /** Variables from include_vars: below set_fact and register. */
  synchronized Map<String, Object> includedVariables() {
    return new LinkedHashMap<>(includedVariables);
  }

  synchronized void includeVariable(String name, Object value) {
    includedVariables.put(name, value);
  }

  /** Variables from set_fact and register: above play and task vars, below extra vars. */
  synchronized Map<String, Object> hostVariables() {
    return new LinkedHashMap<>(hostVariables);
  }

  synchronized void setVariable(String name, Object value) {
    hostVariables.put(name, value);
  }

  synchronized void notify(String handler) {
    notified.add(handler);
  }

  synchronized boolean isNotified(String handler) {
    return notified.contains(handler);
  }

  synchronized void clearNotification(String handler) {
    notified.remove(handler);
  }

  synchronized boolean hasNotifications() {
    return !notified.isEmpty();
  }

  synchronized void clearNotifications() {
    notified.clear();
  }

  synchronized boolean failed() {
    return failed;
  }

  synchronized void setFailed(boolean value) {
    failed = value;
  }

  synchronized boolean unreachable() {
    return unreachable;
  }

  synchronized void setUnreachable() {
    unreachable = true;
  }

  /** The name of the task the host is running now, or null between tasks. */
  synchronized String runningTask() {
    return runningTask;
  }

  synchronized void setRunningTask(String name) {
    runningTask = name;
  }

  synchronized Connection connection() {
    return connection;
  }

  synchronized void setConnection(Connection open) {
    connection = open;
  }
}
