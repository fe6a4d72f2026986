package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM to a ploy running a long command on two hosts over SSH, sent as a user or a
 * service manager sends them: ploy exits with 99 within seconds, says which hosts were stopped in
 * which task, shows the recap, starts no further task, and leaves no process of the command (nor of
 * its children) on either host.
 */
class InterruptOverSshTest {
  private static final String TASK = "Sleep with children";

  private static List<TargetHost> hosts;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    hosts = Testbed.fresh("sig-a", "sig-b");
  }

  @BeforeEach
  void clean() {
    for (TargetHost host : hosts) {
      host.out("rm -f /tmp/next-started; pkill -x sleep || true");
    }
  }

  /** A playbook whose first task runs sleeps in a shell of its own; {@code keywords} go on it. */
  private static String playbook(String keywords) {
    return """
        - hosts: all
          gather_facts: false
          tasks:
            - name: %s
              shell: "sleep 300 & sh -c 'sleep 301 & sleep 302'"
        %s
            - name: Next
              command: touch /tmp/next-started
        """
        .formatted(TASK, keywords);
  }

  @Test
  @Timeout(180)
  void sigintToTheJavaProcessStopsTheRunAndKillsTheCommandsOnEveryHost() throws Exception {
    interrupt(playbook(""), "INT", false, "root");
  }

  @Test
  @Timeout(180)
  void sigtermToTheJavaProcessDoesTheSame() throws Exception {
    interrupt(playbook(""), "TERM", false, "root");
  }

  @Test
  @Timeout(180)
  void sigintToTheWholeProcessGroupAsCtrlCSendsItDoesTheSame() throws Exception {
    interrupt(playbook(""), "INT", true, "root");
  }

  @Test
  @Timeout(180)
  void aCommandWithATimeLimitRunsInAChannelOfItsOwnAndIsKilledToo() throws Exception {
    interrupt(playbook("      timeout: 600"), "INT", false, "root");
  }

  @Test
  @Timeout(180)
  void aCommandRunThroughSudoAsRootIsKilledToo() throws Exception {
    // sudo (with Debian's use_pty) runs it in a session of its own and passes TERM on to it
    interrupt(playbook("      become: true"), "INT", false, "deploy");
  }

  private void interrupt(String playbook, String signal, boolean wholeGroup, String user)
      throws Exception {
    StringBuilder inventory = new StringBuilder("[all]\n");
    hosts.forEach(h -> inventory.append(h.inventoryLine()).append('\n'));
    Files.writeString(dir.resolve("hosts.ini"), inventory);
    Files.writeString(dir.resolve("site.yml"), playbook);
    try (PloyProcess ploy =
        PloyProcess.start(
            dir, "-i", "hosts.ini", "-u", user, "--host-key-checking", "off", "site.yml")) {
      for (TargetHost host : hosts) {
        awaitSleeps(host, ploy);
      }
      long sent = System.nanoTime();
      String output = ploy.interrupt(signal, wholeGroup);
      Duration took = Duration.ofNanos(System.nanoTime() - sent);
      assertThat(took).as(output).isLessThan(Duration.ofSeconds(5));
      for (TargetHost host : hosts) {
        assertThat(output)
            .contains(
                "interrupted (SIG" + signal + "): [" + host.name() + "] in TASK [" + TASK + "]")
            .containsPattern(host.name() + " +: ok=0 +changed=0 +unreachable=0 +failed=0");
        assertThat(host.out("pgrep -a sleep || true")).as(host.name()).isEmpty();
        assertThat(host.out("test -e /tmp/next-started && echo started || true")).isEmpty();
      }
      assertThat(output)
          .contains("PLAY RECAP")
          .doesNotContain("TASK [Next]")
          .doesNotContain("fatal:")
          .endsWith("[ERROR]: User interrupted execution\n");
    }
  }

  @Test
  @Timeout(300)
  void sigintDuringABigUploadLeavesNoStagedFileOnTheTarget() throws Exception {
    // as deploy with become, a staged upload may be beside the destination or in /tmp: both are
    // checked; the file is sparse on the controller, so it is made at once but travels in full
    TargetHost host = hosts.get(0);
    host.out("mkdir -p /srv/up && rm -f /srv/up/.ploy-upload-* /tmp/.ploy-upload-*");
    Path big = dir.resolve("big.bin");
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(768L * 1024 * 1024);
    }
    Files.writeString(dir.resolve("hosts.ini"), "[all]\n" + host.inventoryLine() + "\n");
    Files.writeString(
        dir.resolve("site.yml"),
        """
        - hosts: all
          gather_facts: false
          become: true
          tasks:
            - name: Upload
              copy:
                src: %s
                dest: /srv/up/big.bin
        """
            .formatted(big));
    try (PloyProcess ploy =
        PloyProcess.start(
            dir, "-i", "hosts.ini", "-u", "deploy", "--host-key-checking", "off", "site.yml")) {
      String staged = "";
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (staged.isEmpty() && System.nanoTime() < until) {
        staged =
            host.out(
                    "find /srv/up /tmp -maxdepth 1 -name '.ploy-upload-*' -size +1M 2>/dev/null"
                        + " || true")
                .strip();
        Thread.sleep(50);
      }
      assertThat(staged).as("the upload under way\n" + ploy.output()).isNotEmpty();
      String output = ploy.interrupt("INT", false);
      assertThat(output).contains("interrupted (SIGINT): [" + host.name() + "] in TASK [Upload]");
      assertThat(host.out("ls -a /srv/up /tmp | grep '^\\.ploy-' || true")).as(output).isEmpty();
      assertThat(host.out("test -e /srv/up/big.bin && echo written || true")).isEmpty();
    }
  }

  /** Waits until the task's three sleeps run on the host. */
  private static void awaitSleeps(TargetHost host, PloyProcess ploy) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      if (host.out("pgrep -x sleep || true").strip().split("\n").length == 3) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(host.name() + ": the sleeps did not start:\n" + ploy.output());
  }
}
