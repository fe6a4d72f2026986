package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reboot for real: the testbed host's systemd reboots, docker restarts the container (its restart
 * policy) on the same SSH port, and the tasks after the reboot run over a new connection.
 */
class RebootOverSshTest {
  private static final String HOSTILE =
      "--help a'b \"c\" $(touch /tmp/pwned) `touch /tmp/pwned2`; -x";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        gather_facts: false
        tasks:
          - name: Mark this boot
            copy: {content: "before\\n", dest: /run/ploy-boot-mark}
          - name: Reboot
            reboot:
              msg: "{{ hostile }}"
              reboot_timeout: 180
            register: rebooted
          - name: Mark after the reboot
            stat: {path: /run/ploy-boot-mark}
            register: mark
          - name: Rebooted
            assert:
              that:
                - rebooted.rebooted
                - rebooted.elapsed >= 0
                - not mark.stat.exists
      """;

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void hosts() {
    host = Testbed.rebootable("reboot");
  }

  private static int restarts() {
    return Integer.parseInt(
        Testbed.docker("inspect", "-f", "{{.RestartCount}}", Testbed.container(host)).strip());
  }

  private static String pid1Start() {
    return host.out("sed 's/.*) //' /proc/1/stat | cut -d' ' -f20");
  }

  @Test
  void checkModeReportsTheRebootWithoutDoingIt() throws Exception {
    int restarts = restarts();
    String started = pid1Start();
    TestbedRun.Result check =
        TestbedRun.in(dir, host)
            .check(true)
            .vars(Map.of("hostile", HOSTILE))
            .run(
                """
                - hosts: all
                  become: true
                  gather_facts: false
                  tasks:
                    - name: Reboot
                      reboot: {msg: "{{ hostile }}"}
                """);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("Reboot")).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("-boot: ").contains("+boot: a new one, after ");
    assertThat(restarts()).isEqualTo(restarts);
    assertThat(pid1Start()).isEqualTo(started);
  }

  @Test
  void rebootsWaitsForTheNewBootAndGoesOn() throws Exception {
    int restarts = restarts();
    TestbedRun.Result run = TestbedRun.in(dir, host).vars(Map.of("hostile", HOSTILE)).run(PLAYBOOK);
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(run.status("Reboot")).isEqualTo(Status.CHANGED);
    assertThat(run.status("Rebooted")).isEqualTo(Status.OK);
    assertThat(run.task("Reboot").data()).containsEntry("rebooted", true);
    assertThat(restarts()).isEqualTo(restarts + 1);
    assertThat(host.sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
  }

  @Test
  void aHostThatDoesNotRebootFailsAfterTheTimeout() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Reboot
                      reboot: {reboot_command: "true", reboot_timeout: 3}
                """);
    assertThat(run.status("Reboot")).isEqualTo(Status.FAILED);
    assertThat(run.task("Reboot").message())
        .contains("did not come back within reboot_timeout (3 s) to boot again");
  }

  @Test
  void aRebootCommandMissingFromTheSearchPathsIsNamed() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Missing
                      reboot: {reboot_command: "no-such-reboot --now", search_paths: [/sbin]}
                """);
    assertThat(run.status("Missing")).isEqualTo(Status.FAILED);
    assertThat(run.task("Missing").message())
        .contains("no-such-reboot is not in any of the search_paths (/sbin)");
  }
}
