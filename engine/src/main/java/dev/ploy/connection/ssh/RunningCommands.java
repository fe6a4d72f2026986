package dev.ploy.connection.ssh;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * What runs on the target now over one connection, and its kill: the process groups of the commands
 * running (with how each became another user), the persistent shell while it runs one, and the SFTP
 * clients moving a file. {@link #interrupt()} ends them all.
 */
final class RunningCommands {
  private final SshTransport transport;

  /**
   * The process groups on the target of the commands running now, with how each became another user
   * (the kill must too).
   */
  private final Map<Long, Optional<Become>> groups = new ConcurrentHashMap<>();

  /** The persistent shell while it runs a command. */
  private volatile PersistentShell busyShell;

  /** The SFTP clients moving a file now. */
  private final Set<SFTPClient> transfers = ConcurrentHashMap.newKeySet();

  RunningCommands(SshTransport transport) {
    this.transport = transport;
  }

  /**
   * A command runs in process group {@code group}, become as {@code become}, until {@link #ended}.
   */
  void started(long group, Optional<Become> become) {
    groups.put(group, become);
  }

  void ended(long group) {
    groups.remove(group);
  }

  /** The persistent shell runs a command now; null when it is done. */
  void shellBusy(PersistentShell shell) {
    busyShell = shell;
  }

  /** {@code sftp} moves a file now, until {@link #transferEnded}. */
  void transferStarted(SFTPClient sftp) {
    transfers.add(sftp);
  }

  void transferEnded(SFTPClient sftp) {
    transfers.remove(sftp);
  }

  /**
   * Kills the commands running on the target with all their descendants (see {@link #killScript}),
   * as the login user and as each user a running command became (sudo runs a command in a session
   * of its own, as root). The kills go over channels of their own, outside the limit of channels in
   * use. Transfers in progress are stopped by closing their SFTP channels.
   */
  void interrupt() {
    PersistentShell busy = busyShell;
    if (busy != null) {
      busy.markBroken();
    }
    for (SFTPClient transfer : List.copyOf(transfers)) {
      try {
        transfer.close();
      } catch (IOException | RuntimeException e) {
        // the transfer fails either way
      }
    }
    Map<Long, Optional<Become>> running = Map.copyOf(groups);
    if (running.isEmpty()) {
      return;
    }
    SSHClient client = transport.openClient();
    if (client == null || !SshTransport.alive(client)) {
      return;
    }
    Command kill = Command.of(killScript(List.copyOf(running.keySet())));
    Set<Optional<Become>> ways = new LinkedHashSet<>();
    ways.add(Optional.empty());
    ways.addAll(running.values());
    List<Future<?>> kills = new ArrayList<>();
    for (Optional<Become> way : ways) {
      Command as = transport.settings().withBecomePassword(kill.withBecome(way));
      kills.add(transport.pumps().submit(() -> runKill(client, as)));
    }
    for (Future<?> done : kills) {
      try {
        done.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // the connection is gone: so is what ran over it, unless it ignored SIGHUP
      }
    }
  }

  private static Void runKill(SSHClient client, Command kill) throws IOException {
    try (Session session = client.startSession()) {
      Session.Command running = session.exec(kill.wrapped());
      try (OutputStream in = running.getOutputStream()) {
        if (kill.become().flatMap(Become::password).isPresent()) {
          in.write((kill.become().get().password().get() + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      running.join(10, TimeUnit.SECONDS);
    }
    return null;
  }

  /**
   * A shell script that ends these process groups and every descendant of their leaders (a command
   * run through sudo leaves the group): all get TERM at once, and KILL when still there after a
   * second. The tree is read from /proc, so the target needs no ps.
   */
  static String killScript(List<Long> groups) {
    StringBuilder roots = new StringBuilder();
    StringBuilder targets = new StringBuilder();
    for (long group : groups) {
      roots.append(roots.length() == 0 ? "" : " ").append(group);
      targets.append(" -").append(group);
    }
    return "tree=$(grep -H '^PPid:' /proc/[0-9]*/status 2>/dev/null"
        + " | sed -n 's|^/proc/\\([0-9]*\\)/status:PPid:[[:space:]]*\\([0-9]*\\)$|\\1 \\2|p'"
        + " | awk -v roots='"
        + roots
        + "' 'BEGIN { n = split(roots, r, \" \"); for (i = 1; i <= n; i++) keep[r[i]] = 1 }"
        + " { parent[$1] = $2 }"
        + " END { more = 1; while (more) { more = 0; for (p in parent)"
        + " if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; more = 1 } }"
        + " for (p in keep) print p }')\n"
        + "kill -TERM"
        + targets
        + " $tree 2>/dev/null\n"
        + "n=0\n"
        + "while [ $n -lt 10 ]; do\n"
        + "  left=\n"
        + "  for p in $tree; do kill -0 $p 2>/dev/null && left=1; done\n"
        + "  [ -z \"$left\" ] && break\n"
        + "  sleep 0.1; n=$((n+1))\n"
        + "done\n"
        + "kill -KILL"
        + targets
        + " $tree 2>/dev/null\n"
        + "exit 0\n";
  }
}
