package dev.ploy.modules.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.Play;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts that go away: one switched off before the run, one switched off in the middle of it. The
 * others finish every task, the lost host is reported unreachable with the reason, and the run
 * exits with 4 as ansible-playbook does.
 */
class UnreachableHostsOverSshTest {
  @RegisterExtension
  static final FreshHosts hosts = FreshHosts.named("e2e-up", "e2e-off-before", "e2e-off-during");

  @TempDir Path dir;

  @Test
  @Timeout(300)
  void aHostStoppedBeforeTheRunIsUnreachableAndTheOthersFinish() throws Exception {
    TargetHost healthy = hosts.get(0);
    TargetHost offBefore = hosts.get(1);
    Testbed.stop(offBefore);
    long started = System.nanoTime();
    TestbedRun.Result run =
        TestbedRun.in(dir, List.of(healthy, offBefore))
            .run(
                Play.onAll()
                    .asDeploy()
                    .tasks(
                        """
                - name: First file
                  ansible.builtin.copy:
                    dest: /var/tmp/before-1
                    content: "one\\n"
                - name: Second file
                  ansible.builtin.command: touch /var/tmp/before-2
                  args:
                    creates: /var/tmp/before-2
                """));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.HOST_UNREACHABLE);
    HostStats off = run.stats(offBefore.name());
    assertThat(off.unreachable()).isEqualTo(1);
    assertThat(off.ok() + off.changed() + off.failed()).isZero();
    // reported when gathering facts, with the address and the reason
    assertThat(run.status(offBefore.name(), "")).isEqualTo(Status.UNREACHABLE);
    assertThat(String.valueOf(run.task(offBefore.name(), "").data().get("msg")))
        .contains(offBefore.name())
        .contains("127.0.0.1:" + offBefore.sshPort())
        .containsAnyOf("connection refused", "timed out", "no SSH handshake", "handshake");
    assertThat(run.console()).contains("fatal: [" + offBefore.name() + "]: UNREACHABLE!");
    assertThat(run.console()).containsPattern(offBefore.name() + "\\s*:.*unreachable=1");

    HostStats up = run.stats(healthy.name());
    assertThat(up.unreachable() + up.failed()).isZero();
    assertThat(up.changed()).isEqualTo(2);
    assertThat(healthy.out("cat /var/tmp/before-1; ls /var/tmp/before-2"))
        .isEqualTo("one\n/var/tmp/before-2\n");
    // a refused connection is known at once: the run does not wait for a timeout
    assertThat(took).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  @Timeout(300)
  void aHostStoppedDuringTheRunIsUnreachableFromThenOnAndTheOthersFinish() throws Exception {
    TargetHost healthy = hosts.get(0);
    TargetHost offDuring = hosts.get(2);
    TestbedRun.Result run =
        TestbedRun.in(dir, List.of(healthy, offDuring))
            .run(
                Play.onAll()
                    .asDeploy()
                    .tasks(
                        """
                - name: Before the stop
                  ansible.builtin.copy:
                    dest: /var/tmp/during-1
                    content: "before\\n"
                - name: Switch one host off
                  ansible.builtin.command: docker stop -t 1 %s
                  delegate_to: localhost
                  run_once: true
                  become: false
                - name: After the stop
                  ansible.builtin.copy:
                    dest: /var/tmp/during-2
                    content: "after\\n"
                - name: Last task
                  ansible.builtin.command: touch /var/tmp/during-3
                  args:
                    creates: /var/tmp/during-3
                """)
                    .formatted(Testbed.container(offDuring)));

    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.HOST_UNREACHABLE);
    assertThat(Testbed.docker("inspect", "-f", "{{.State.Running}}", Testbed.container(offDuring)))
        .isEqualTo("false\n");

    assertThat(run.status(offDuring.name(), "Before the stop")).isEqualTo(Status.CHANGED);
    assertThat(run.status(offDuring.name(), "After the stop")).isEqualTo(Status.UNREACHABLE);
    assertThat(String.valueOf(run.task(offDuring.name(), "After the stop").data().get("msg")))
        .contains(offDuring.name())
        .contains("connection")
        .containsAnyOf("lost", "refused", "reconnecting failed");
    // unreachable hosts leave the play: nothing more is tried on it
    assertThat(run.byHost().get(offDuring.name())).doesNotContainKey("Last task");
    HostStats off = run.stats(offDuring.name());
    assertThat(off.unreachable()).isEqualTo(1);
    assertThat(off.failed()).isZero();

    HostStats up = run.stats(healthy.name());
    assertThat(up.unreachable() + up.failed()).as(run.console()).isZero();
    assertThat(run.status(healthy.name(), "After the stop")).isEqualTo(Status.CHANGED);
    assertThat(run.status(healthy.name(), "Last task")).isEqualTo(Status.CHANGED);
    assertThat(healthy.out("cat /var/tmp/during-1 /var/tmp/during-2; ls /var/tmp/during-3"))
        .isEqualTo("before\nafter\n/var/tmp/during-3\n");
    assertThat(run.console())
        .contains("fatal: [" + offDuring.name() + "]: UNREACHABLE!")
        .containsPattern(offDuring.name() + "\\s*:.*unreachable=1");
  }
}
