package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM to a ploy running a command on the control node (-c local): the command's
 * whole process tree is killed, the run stops with 99 after saying where it stopped and showing the
 * recap, and the debug log (--log-file) records the interruption.
 */
class InterruptLocalTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void sigintKillsTheLocalCommandWithItsChildrenAndEndsWith99() throws Exception {
    interrupt("INT");
  }

  @Test
  @Timeout(120)
  void sigtermDoesTheSame() throws Exception {
    interrupt("TERM");
  }

  private void interrupt(String signal) throws Exception {
    Files.writeString(
        dir.resolve("site.yml"),
        """
        - hosts: localhost
          gather_facts: false
          tasks:
            - name: First
              command: "true"
            - name: Sleep with children
              shell: "sleep 300 & sh -c 'sleep 301 & sleep 302'"
            - name: Next
              command: touch next-started
        """);
    try (PloyProcess ploy =
        PloyProcess.start(
            dir, "-i", "localhost,", "-c", "local", "--log-file", "run.log", "site.yml")) {
      List<ProcessHandle> sleeps = awaitSleeps(ploy);
      String output = ploy.interrupt(signal, false);
      assertThat(output)
          .contains(
              "TASK [First]",
              "interrupted (SIG" + signal + "): [localhost] in TASK [Sleep with children]",
              "PLAY RECAP",
              "[ERROR]: User interrupted execution")
          .containsPattern("localhost +: ok=1 +changed=1 +unreachable=0 +failed=0")
          .doesNotContain("TASK [Next]");
      for (ProcessHandle sleep : sleeps) {
        assertThat(running(sleep.pid())).as("sleep %d is still running", sleep.pid()).isFalse();
      }
      assertThat(dir.resolve("next-started")).doesNotExist();
      assertThat(Files.readString(dir.resolve("run.log")))
          .contains("run interrupted by SIG" + signal)
          .contains("[localhost] interrupted in [Sleep with children]");
    }
  }

  @Test
  @Timeout(120)
  void aLoopStartsNoFurtherItemAndShowsNoFailureForTheKilledOne() throws Exception {
    Files.writeString(
        dir.resolve("loop.yml"),
        """
        - hosts: localhost
          gather_facts: false
          tasks:
            - name: Sleep in a loop
              shell: "echo {{ item }} >> started; sleep {{ item }}"
              loop: [310, 311]
        """);
    try (PloyProcess ploy = PloyProcess.start(dir, "-i", "localhost,", "-c", "local", "loop.yml")) {
      ploy.awaitCommand("310");
      String output = ploy.interrupt("INT", false);
      assertThat(output)
          .contains("interrupted (SIGINT): [localhost] in TASK [Sleep in a loop]")
          .containsPattern("localhost +: ok=0 +changed=0 +unreachable=0 +failed=0")
          .doesNotContain("item=")
          .doesNotContain("failed:");
      assertThat(dir.resolve("started")).hasContent("310");
    }
  }

  @Test
  @Timeout(120)
  void aHostWaitingForAForkSlotStartsNothingAndNothingIsThrown() throws Exception {
    Files.writeString(
        dir.resolve("hosts.ini"), "a ansible_connection=local\nb ansible_connection=local\n");
    Files.writeString(
        dir.resolve("forks.yml"),
        Play.onAll()
            .noFacts()
            .tasks(
                """
        - name: Sleep
          shell: "echo {{ inventory_hostname }} >> started; sleep 320"
        """));
    try (PloyProcess ploy = PloyProcess.start(dir, "-i", "hosts.ini", "-f", "1", "forks.yml")) {
      ploy.awaitCommand("320");
      String output = ploy.interrupt("INT", false);
      // the other host never started its command, though a fork slot came free
      List<String> started = Files.readAllLines(dir.resolve("started"));
      assertThat(started).hasSize(1);
      String first = started.get(0);
      assertThat(first).isIn("a", "b");
      assertThat(output)
          .contains("interrupted (SIGINT): [" + first + "] in TASK [Sleep]")
          .doesNotContain("Exception");
    }
  }

  /** The task's three sleeps, once they run. */
  private static List<ProcessHandle> awaitSleeps(PloyProcess ploy) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < until) {
      List<ProcessHandle> sleeps =
          ploy.handle()
              .descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/sleep"))
              .toList();
      if (sleeps.size() == 3) {
        return sleeps;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the sleeps did not start:\n" + ploy.output());
  }

  /** Whether the process runs: it exists and is no zombie waiting to be reaped. */
  private static boolean running(long pid) throws IOException {
    Path stat = Path.of("/proc", String.valueOf(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text;
    try {
      text = Files.readString(stat);
    } catch (IOException gone) {
      return false;
    }
    // pid (comm) state ...
    return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
  }
}
