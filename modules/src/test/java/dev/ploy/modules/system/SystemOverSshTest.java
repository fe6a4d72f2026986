package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hostname, timezone and sysctl on real Debian hosts over SSH, as deploy with sudo. In the testbed
 * containers hostnamectl and timedatectl have no D-Bus (the file fallbacks run) and /proc/sys is
 * read-only, so sysctl is tested on its file, with sysctl_set comparing an unchanged running value.
 */
class SystemOverSshTest {
  static final String HOSTILE = "a'b \"c\" $(touch /tmp/pwned) `touch /tmp/pwned2`; * -x ünï";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Host name
            hostname:
              name: web1.example.test
          - name: Time zone
            timezone:
              name: Europe/Paris
          - name: Forwarding
            sysctl:
              name: net.ipv4.ip_forward
              value: 1
              sysctl_file: /etc/sysctl.d/90-ploy.conf
              sysctl_set: true
              reload: false
          - name: Hostile value
            sysctl:
              name: vm.ploy_test
              value: "{{ hostile }}"
              sysctl_file: /etc/sysctl.d/90-ploy.conf
              reload: false
      """;

  @RegisterExtension static final FreshHosts hosts = FreshHosts.named("sys-check", "sys-run");

  @TempDir Path dir;

  private static final String STATE =
      "hostname; cat /etc/hostname; readlink /etc/localtime; cat /etc/timezone;"
          + " cat /etc/sysctl.d/90-ploy.conf 2>&1; ls /tmp";

  @Test
  void checkModeOnAFreshHostPredictsAndChangesNothing() throws Exception {
    String before = hosts.fresh().out(STATE);
    TestbedRun.Result check =
        TestbedRun.in(dir, hosts.fresh())
            .check(true)
            .vars(Map.of("hostile", HOSTILE))
            .run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(4);
    assertThat(hosts.fresh().out(STATE)).isEqualTo(before);
    assertThat(check.console())
        .contains("-hostname: sys-check")
        .contains("+hostname: web1.example.test")
        .contains("-timezone: Etc/UTC")
        .contains("+timezone: Europe/Paris")
        .contains("+net.ipv4.ip_forward=1");
  }

  @Test
  void aRunConvergesAndASecondChangesNothing() throws Exception {
    hosts
        .used()
        .out(
            "printf '# mine\\nnet.ipv4.ip_forward = 0\\nnet.ipv4.ip_forward=0\\n'"
                + " > /etc/sysctl.d/90-ploy.conf");
    TestbedRun.Result first =
        TestbedRun.in(dir, hosts.used()).vars(Map.of("hostile", HOSTILE)).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(4);
    assertThat(hosts.used().out("hostname; cat /etc/hostname"))
        .isEqualTo("web1.example.test\nweb1.example.test\n");
    assertThat(hosts.used().out("readlink /etc/localtime; cat /etc/timezone; date +%Z"))
        .matches("/usr/share/zoneinfo/Europe/Paris\nEurope/Paris\nCES?T\n");
    assertThat(hosts.used().out("cat /etc/sysctl.d/90-ploy.conf"))
        .isEqualTo("# mine\nnet.ipv4.ip_forward=1\nvm.ploy_test=" + HOSTILE.strip() + "\n");
    assertThat(hosts.used().sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
    assertThat(first.task("Host name").data()).containsEntry("name", "web1.example.test");

    TestbedRun.Result second =
        TestbedRun.in(dir, hosts.used()).vars(Map.of("hostile", HOSTILE)).run(PLAYBOOK);
    assertThat(second.failed()).isZero();
    assertThat(second.changed()).as(second.console()).isZero();

    TestbedRun.Result removed =
        TestbedRun.in(dir, hosts.used())
            .run(
                """
                - hosts: all
                  tasks:
                    - name: Remove
                      sysctl: {name: vm.ploy_test, state: absent,
                               sysctl_file: /etc/sysctl.d/90-ploy.conf, reload: false}
                """);
    assertThat(removed.status("Remove")).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("cat /etc/sysctl.d/90-ploy.conf"))
        .isEqualTo("# mine\nnet.ipv4.ip_forward=1\n");
  }

  @Test
  void badValuesFailClearlyAndRunNothing() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, hosts.used())
            .vars(Map.of("hostile", HOSTILE))
            .run(
                """
                - hosts: all
                  tasks:
                    - name: Hostile host name
                      hostname: {name: "{{ hostile }}"}
                      ignore_errors: true
                    - name: Hostile zone
                      timezone: {name: "../../etc/passwd"}
                      ignore_errors: true
                    - name: Unknown zone
                      timezone: {name: Mars/Olympus_Mons}
                      ignore_errors: true
                    - name: Read-only kernel
                      sysctl: {name: kernel.shmmax, value: "12345", sysctl_set: true,
                               sysctl_file: /tmp/ploy-sysctl.conf}
                      ignore_errors: true
                """);
    assertThat(run.status("Hostile host name")).isEqualTo(Status.FAILED);
    assertThat(run.task("Hostile host name").data().get("msg").toString())
        .contains("is not a valid host name");
    assertThat(run.task("Hostile zone").data().get("msg").toString())
        .contains("is not a time zone name");
    assertThat(run.task("Unknown zone").data().get("msg").toString())
        .contains("/usr/share/zoneinfo/Mars/Olympus_Mons does not exist");
    assertThat(run.status("Read-only kernel")).isEqualTo(Status.FAILED);
    assertThat(run.task("Read-only kernel").data().get("msg").toString())
        .contains("could not set kernel.shmmax");
    assertThat(hosts.used().sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void setupGathersFilteredFactsWithBecome() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, hosts.used())
            .run(
                """
                - hosts: all
                  gather_facts: false
                  remote_user: deploy
                  become: true
                  tasks:
                    - name: Distribution facts
                      setup: {filter: ["ansible_distribution*", "ansible_user_id"]}
                    - name: Without hardware
                      setup: {gather_subset: ["!hardware"]}
                    - name: Bad subset
                      setup: {gather_subset: [gpu]}
                      ignore_errors: true
                """);
    Map<String, Object> facts =
        (Map<String, Object>) run.task("Distribution facts").data().get("ansible_facts");
    assertThat(facts)
        .containsEntry("ansible_distribution", "Debian")
        .containsEntry("ansible_distribution_major_version", "12")
        .containsEntry("ansible_user_id", "root")
        .doesNotContainKey("ansible_env")
        .doesNotContainKey("ansible_hostname");
    Map<String, Object> noHardware =
        (Map<String, Object>) run.task("Without hardware").data().get("ansible_facts");
    assertThat(noHardware)
        .containsKey("ansible_default_ipv4")
        .containsKey("ansible_hostname")
        .containsKey("ansible_interfaces")
        .containsKey("ansible_eth0")
        .containsKey("ansible_dns")
        .doesNotContainKey("ansible_memtotal_mb")
        .doesNotContainKey("ansible_mounts")
        .doesNotContainKey("ansible_memory_mb");
    assertThat(run.status("Distribution facts")).isEqualTo(Status.OK);
    assertThat(run.task("Bad subset").data().get("msg").toString())
        .contains("unknown gather_subset 'gpu'");
  }
}
