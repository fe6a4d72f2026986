package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's facts over real SSH: each read once per run and shared by the modules resting on it
 * (package, service), seeded by gathering, and read again after apt changes the packages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FactsOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("facts-once");
    // the package lists downloaded once, as on any server: apt on a host that never downloaded
    // them refreshes them first, a command this test does not count
    Testbed.exec(host, "apt-get -q update");
  }

  private static final String TASKS =
      """
        tasks:
          - {name: package cron, package: {name: cron, state: present}}
          - {name: apt cron, apt: {name: cron, state: present}}
          - {name: package ssh, package: {name: openssh-server, state: present}}
          - {name: service cron, service: {name: cron, state: started}}
          - {name: systemd cron, systemd: {name: cron, state: started}}
          - {name: service ssh, service: {name: ssh, state: started}}
      """;

  private TestbedRun.Result run(boolean gather, String tasks) throws Exception {
    TestbedRun.Result result =
        TestbedRun.in(dir, host)
            .run(
                "- hosts: all\n  remote_user: deploy\n  become: true\n  gather_facts: "
                    + gather
                    + "\n"
                    + tasks);
    assertThat(result.failed()).as(result.console()).isZero();
    return result;
  }

  private static long sent(TestbedRun.Result result, String text) {
    return result.commands().get(host.name()).stream().filter(c -> c.contains(text)).count();
  }

  @Test
  @Order(1)
  void withoutGatheringEachFactIsReadOnceForAllTheTasksThatNeedIt() throws Exception {
    // two package tasks, one apt, two service tasks, one systemd: 6 probes and 2 facts
    List<String> sent = readOnce(run(false, TASKS), 8);
    assertThat(sent.get(0)).contains("@@package-manager");
  }

  @Test
  @Order(2)
  void gatheredFactsAreTheModulesFactsToo() throws Exception {
    // gathering, then the 6 tasks' probes
    List<String> sent = readOnce(run(true, TASKS), 7);
    assertThat(sent.get(0)).contains("@@distribution").contains("@@package-manager");
  }

  /** The commands sent, {@code count} of them, the managers' facts read once among them. */
  private static List<String> readOnce(TestbedRun.Result result, int count) {
    List<String> sent = result.commands().get(host.name());
    assertThat(sent).as(String.join("\n", sent)).hasSize(count);
    assertThat(sent(result, "@@package-manager")).isEqualTo(1);
    assertThat(sent(result, "@@service-manager")).isEqualTo(1);
    return sent;
  }

  @Test
  @Order(3) // removes cron, which the others install
  void packagesRemovedByAptMakeThePackageManagerReadAgain() throws Exception {
    TestbedRun.Result result =
        run(
            false,
            """
              tasks:
                - {name: package before, package: {name: cron, state: present}}
                - {name: remove, apt: {name: cron, state: absent}}
                - {name: package after, package: {name: cron, state: absent}}
            """);
    assertThat(result.changed()).isEqualTo(1);
    assertThat(sent(result, "@@package-manager")).isEqualTo(2);
  }

  @Test
  @Order(4)
  void aDockerContainerIsNamedSoInTheVirtualizationFacts() throws Exception {
    // ansible-core's hostname target skips its tests on a host whose type is docker or container
    TestbedRun.Result result =
        run(
            true,
            """
              tasks:
                - name: virtualization
                  debug:
                    msg: >-
                      {{ ansible_facts.virtualization_type }} {{ ansible_virtualization_role }}
                      {{ ansible_facts.virtualization_tech_guest | join(',') }}
                      {{ ansible_facts.virtualization_tech_host | length }}
            """);
    assertThat(result.task("virtualization").message())
        .isEqualTo("docker guest container,docker 0");
  }
}
