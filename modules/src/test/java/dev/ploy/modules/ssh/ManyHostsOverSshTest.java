package dev.ploy.modules.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten real hosts in one run: facts, copy and command everywhere, then a run that changes nothing.
 */
class ManyHostsOverSshTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Describe the host from its facts
            ansible.builtin.copy:
              dest: /etc/ploy-scale
              content: "{{ inventory_hostname }} {{ ansible_distribution }} {{ ansible_distribution_major_version }}\\n"
              mode: "0644"
          - name: Marker made once
            ansible.builtin.command: touch /var/tmp/ploy-scale-marker
            args:
              creates: /var/tmp/ploy-scale-marker
          - name: Read the description back
            ansible.builtin.command: cat /etc/ploy-scale
            register: described
            changed_when: false
          - name: The description is this host's
            ansible.builtin.assert:
              that:
                - described.stdout == inventory_hostname ~ ' Debian 12'
      """;

  private static List<TargetHost> hosts;

  @TempDir Path dir;

  @BeforeAll
  static void hosts() {
    hosts =
        Testbed.fresh(
            IntStream.rangeClosed(1, 10).mapToObj(i -> "e2e-" + i).toArray(String[]::new));
  }

  @Test
  void tenHostsConvergeInOneRunAndASecondRunChangesNothing() throws Exception {
    TestbedRun.Result first = TestbedRun.in(dir, hosts).run(PLAYBOOK);
    assertThat(first.exitCode()).as(first.console()).isEqualTo(RunOutcome.OK);
    assertThat(first.outcome().stats()).hasSize(10);
    for (TargetHost host : hosts) {
      HostStats stats = first.stats(host.name());
      assertThat(stats.failed() + stats.unreachable()).as(host.name()).isZero();
      // facts, copy, command (creates), command (changed_when: false), assert
      assertThat(stats.ok()).as(host.name()).isEqualTo(5);
      assertThat(stats.changed()).as(host.name()).isEqualTo(2);
      assertThat(host.out("cat /etc/ploy-scale; stat -c %a /etc/ploy-scale"))
          .isEqualTo(host.name() + " Debian 12\n644\n");
      assertThat(host.out("test -e /var/tmp/ploy-scale-marker && echo made")).isEqualTo("made\n");
    }
    assertThat(first.console()).contains("PLAY RECAP");

    TestbedRun.Result second = TestbedRun.in(dir, hosts).run(PLAYBOOK);
    assertThat(second.exitCode()).as(second.console()).isEqualTo(RunOutcome.OK);
    for (TargetHost host : hosts) {
      HostStats stats = second.stats(host.name());
      assertThat(stats.ok()).as(host.name()).isEqualTo(5);
      assertThat(stats.changed()).as(second.console()).isZero();
      assertThat(stats.skipped() + stats.failed() + stats.unreachable()).isZero();
    }
  }
}
