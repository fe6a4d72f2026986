package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.expr.Json;
import dev.ploy.modules.testbed.AnsibleRun;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * service_facts and package_facts, side by side on one fresh host: the facts ploy's modules return
 * must be the ones ansible-playbook's wrote (as JSON) on the same host. Ansible's package_facts
 * reads apt through python3-apt, which ploy does not need: it is installed for Ansible's sake (from
 * the archive, so origins are Debian's), with a package held in dpkg alone (origin '') and a
 * stopped, a disabled and a masked service.
 */
class FactModulesSideBySideTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Read the services
            ansible.builtin.service_facts:
          - name: Read the packages
            ansible.builtin.package_facts:
              manager: auto
          - name: Keep the services
            ansible.builtin.copy:
              dest: /srv/%1$s-services.json
              content: "{{ ansible_facts.services | to_nice_json }}\\n"
          - name: Keep the packages
            ansible.builtin.copy:
              dest: /srv/%1$s-packages.json
              content: "{{ ansible_facts.packages | to_nice_json }}\\n"
      """;

  @TempDir Path dir;

  @Test
  void ansibleAndPloyReadTheSameServicesAndPackages() throws Exception {
    TargetHost host = Testbed.fresh("facts-mods");
    host.aptInstall("python3-apt", "cron");
    host.out(
        String.join(
            "\n",
            "mkdir -p /srv /tmp/pkg/DEBIAN",
            "printf 'Package: ploy-local\\nVersion: 1.0-1\\nArchitecture: all\\nSection: misc\\n"
                + "Maintainer: t <t@example.test>\\nDescription: local\\n' > /tmp/pkg/DEBIAN/control",
            "dpkg-deb -b /tmp/pkg /tmp/ploy-local.deb >/dev/null && dpkg -i /tmp/ploy-local.deb"
                + " >/dev/null",
            "systemctl stop cron; systemctl mask e2scrub_reap.service >/dev/null 2>&1 || true"));

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK.formatted("check"));
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.task("Read the services").data()).containsKey("ansible_facts");
    assertThat(host.sh("ls /srv/check-services.json").ok())
        .as("check mode writes nothing")
        .isFalse();

    TestbedRun.Result ploy = TestbedRun.in(dir, host).run(PLAYBOOK.formatted("ploy"));
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    assertThat(ploy.status("Read the services")).isEqualTo(Status.OK);
    AnsibleRun.run(dir, host, PLAYBOOK.formatted("ansible"), Duration.ofMinutes(10));

    String services = host.out("cat /srv/ansible-services.json");
    assertThat(differences(facts(ploy, "Read the services", "services"), Json.parse(services)))
        .isEmpty();
    String packages = host.out("cat /srv/ansible-packages.json");
    assertThat(differences(facts(ploy, "Read the packages", "packages"), Json.parse(packages)))
        .isEmpty();
    // the comparison is only worth something if Ansible read what the host has
    assertThat(services)
        .contains("\"ssh.service\": {", "\"source\": \"sysv\"", "\"status\": \"masked\"")
        .contains(
            "\"name\": \"cron\",\n        \"source\": \"sysv\",\n        \"state\": \"stopped\"");
    assertThat(packages)
        .contains("\"origin\": \"Debian\"", "\"name\": \"ploy-local\"", "\"origin\": \"\"")
        .contains("\"category\": \"misc\"");

    TestbedRun.Result again = TestbedRun.in(dir, host).run(PLAYBOOK.formatted("ploy"));
    again.assertConverged();
  }

  /** The entries that differ, as "NAME: ploy VALUE, ansible VALUE". */
  private static List<String> differences(Object ploy, Object ansible) {
    Map<?, ?> mine = (Map<?, ?>) ploy;
    Map<?, ?> theirs = (Map<?, ?>) ansible;
    List<String> differences = new ArrayList<>();
    Set<Object> names = new TreeSet<>();
    names.addAll(mine.keySet());
    names.addAll(theirs.keySet());
    for (Object name : names) {
      if (!Objects.equals(mine.get(name), theirs.get(name))) {
        differences.add(name + ": ploy " + mine.get(name) + ", ansible " + theirs.get(name));
      }
    }
    return differences;
  }

  private static Object facts(TestbedRun.Result run, String task, String name) {
    return ((Map<?, ?>) run.task(task).data().get("ansible_facts")).get(name);
  }
}
