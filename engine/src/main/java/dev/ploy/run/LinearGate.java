package dev.ploy.run;

import dev.ploy.playbook.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linear strategy: when every host still in the play is waiting, the task that comes first in
 * the play (by position) runs on all the hosts waiting at it, together; the others wait for the
 * next round. Hosts that took a rescue path or an include run their own rounds in play order.
 */
final class LinearGate implements Gate {
  private record Proposal(Task task, List<Integer> path, boolean handler, String title) {}

  private final Set<HostState> active = new LinkedHashSet<>();
  private final Map<HostState, Proposal> waiting = new LinkedHashMap<>();
  private final Set<HostState> running = new LinkedHashSet<>();
  private final Map<HostState, List<HostState>> rounds = new LinkedHashMap<>();
  private final RunListener listener;
  private final Runnable afterRound;
  private boolean aborted;

  /**
   * @param hosts the batch, in inventory order
   * @param afterRound called (under the gate's lock) when a round ends, to check failure limits
   */
  LinearGate(List<HostState> hosts, RunListener listener, Runnable afterRound) {
    this.active.addAll(hosts);
    this.listener = listener;
    this.afterRound = afterRound;
  }

  @Override
  public synchronized boolean enter(
      HostState host, Task task, List<Integer> path, boolean handler, String title)
      throws InterruptedException {
    if (aborted) {
      return false;
    }
    waiting.put(host, new Proposal(task, path, handler, title));
    startRoundIfReady();
    while (!running.contains(host) && !aborted) {
      wait();
    }
    if (aborted && !running.contains(host)) {
      waiting.remove(host);
      return false;
    }
    return true;
  }

  @Override
  public synchronized List<HostState> round(HostState host) {
    return rounds.getOrDefault(host, List.of());
  }

  @Override
  public synchronized void exit(HostState host) {
    running.remove(host);
    if (running.isEmpty()) {
      afterRound.run();
      startRoundIfReady();
    }
    notifyAll();
  }

  @Override
  public synchronized void leave(HostState host) {
    active.remove(host);
    waiting.remove(host);
    running.remove(host);
    startRoundIfReady();
    notifyAll();
  }

  @Override
  public synchronized void abort() {
    aborted = true;
    notifyAll();
  }

  @Override
  public synchronized boolean aborted() {
    return aborted;
  }

  private void startRoundIfReady() {
    if (aborted || !running.isEmpty() || waiting.isEmpty() || waiting.size() < active.size()) {
      return;
    }
    Proposal first = null;
    for (Proposal proposal : waiting.values()) {
      if (first == null || compare(proposal.path, first.path) < 0) {
        first = proposal;
      }
    }
    List<String> names = new ArrayList<>();
    for (var entry : new ArrayList<>(waiting.entrySet())) {
      Proposal proposal = entry.getValue();
      if (proposal.task == first.task && proposal.path.equals(first.path)) {
        waiting.remove(entry.getKey());
        running.add(entry.getKey());
        names.add(entry.getKey().name());
      }
    }
    List<HostState> members = active.stream().filter(running::contains).toList();
    members.forEach(member -> rounds.put(member, members));
    listener.taskStart(first.title, first.task, first.handler, names);
    notifyAll();
  }

  static int compare(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
