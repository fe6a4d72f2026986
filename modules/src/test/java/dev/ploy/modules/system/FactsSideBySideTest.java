package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.AnsibleRun;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gathered facts, side by side: ansible-playbook and ploy write the facts they gathered on the same
 * host (as deploy with sudo), and the files must be the same.
 */
class FactsSideBySideTest {
  /**
   * Not compared, a known difference: ansible_distribution_version, which ploy takes from
   * /etc/debian_version (12.15) as later Ansible releases do, and ansible-core 2.14 from
   * /etc/os-release (12). ansible_uptime_seconds only as a number: it moves between the runs.
   */
  private static final List<String> FACTS =
      List.of(
          "ansible_distribution",
          "ansible_os_family",
          "ansible_distribution_major_version",
          "ansible_distribution_release",
          "ansible_system",
          "ansible_kernel",
          "ansible_architecture",
          "ansible_machine",
          "ansible_hostname",
          "ansible_nodename",
          "ansible_fqdn",
          "ansible_domain",
          "ansible_pkg_mgr",
          "ansible_service_mgr",
          "ansible_user_id",
          "ansible_user_uid",
          "ansible_user_gid",
          "ansible_user_dir",
          "ansible_user_shell",
          "ansible_processor_vcpus",
          "ansible_memtotal_mb",
          "ansible_swaptotal_mb",
          "ansible_default_ipv4.address",
          "ansible_default_ipv4.interface",
          "ansible_default_ipv4.gateway",
          "ansible_all_ipv4_addresses",
          "ansible_machine_id",
          "ansible_env.HOME",
          "ansible_date_time.tz",
          "ansible_effective_user_id",
          "ansible_effective_group_id",
          "ansible_distribution_minor_version",
          // the mounts but their free space, which moves between the two runs; sorted, as
          // Ansible lists them in the order its threads finish reading them
          "ansible_mounts | sort(attribute='mount') | map(attribute='mount') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='device') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='fstype') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='options') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='uuid') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='size_total') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='block_size') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='block_total') | join(' ')",
          "ansible_mounts | sort(attribute='mount') | map(attribute='inode_total') | join(' ')",
          "ansible_mounts[0] | dict2items | map(attribute='key') | sort | join(' ')",
          "ansible_uptime_seconds is number",
          "ansible_dns",
          "ansible_ssh_host_key_rsa_public",
          "ansible_ssh_host_key_rsa_public_keytype",
          "ansible_ssh_host_key_ecdsa_public",
          "ansible_ssh_host_key_ecdsa_public_keytype",
          "ansible_ssh_host_key_ed25519_public",
          "ansible_ssh_host_key_ed25519_public_keytype",
          // sorted: the order of /sys/class/net changed once between the two runs on one host
          "ansible_interfaces | sort",
          "ansible_lo",
          "ansible_eth0",
          "ansible_all_ipv6_addresses",
          "ansible_default_ipv6",
          "ansible_processor",
          "ansible_memory_mb.real.total",
          "ansible_memory_mb.swap.total",
          "ansible_swapfree_mb",
          "ansible_default_ipv4",
          "ansible_processor_count",
          "ansible_processor_cores",
          "ansible_processor_threads_per_core",
          "ansible_processor_vcpus",
          "ansible_processor_nproc",
          "ansible_local",
          "ansible_lsb",
          "ansible_user_gecos",
          "ansible_real_user_id",
          "ansible_real_group_id",
          "ansible_cmdline",
          "ansible_proc_cmdline",
          "ansible_system_vendor",
          "ansible_product_name",
          "ansible_product_uuid",
          "ansible_bios_version",
          "ansible_form_factor",
          "ansible_hostnqn",
          "ansible_iscsi_iqn",
          "ansible_fibre_channel_wwn",
          "ansible_python.type",
          // the clock's keys (its values move between the runs), but the day of the year ploy adds
          // and tz_dst, the summer time zone's name, which ploy does not know
          "ansible_date_time | dict2items | map(attribute='key')"
              + " | reject('in', ['julian_day', 'tz_dst']) | join(' ')",
          "ansible_date_time.tz_offset");

  /**
   * Local facts for both to read from /etc/ansible/facts.d: JSON, INI (a DEFAULT section, an
   * interpolation, a value on two lines), a script whose output is read, a failing script and a
   * file that is neither JSON nor INI.
   */
  private static final String FACTS_D =
      """
      mkdir -p /etc/ansible/facts.d && cd /etc/ansible/facts.d
      printf '{"x": 1, "y": [true, null, 2.5], "z": "s"}\\n' > app.fact
      printf '[DEFAULT]\\nenv = prod\\n[Web]\\nPort = 8080\\nurl = http://%%(env)s:%%(port)s/\\nlines = one\\n  two\\n' > web.fact
      printf '#!/bin/sh\\necho "{\\\\"user\\\\": \\\\"$(id -un)\\\\"}"\\n' > run.fact
      printf '#!/bin/sh\\necho oops >&2\\nexit 3\\n' > fail.fact
      printf 'neither\\n' > bad.fact
      chmod 755 run.fact fail.fact
      """;

  @TempDir Path dir;

  private static String playbook(String file) {
    StringBuilder content = new StringBuilder();
    for (String fact : FACTS) {
      content.append("      ").append(fact).append("={{ ").append(fact).append(" }}\n");
    }
    return "- hosts: all\n  remote_user: deploy\n  become: true\n  tasks:\n"
        + "    - copy:\n        dest: "
        + file
        + "\n        content: |\n"
        + content.toString().replace("      ", "          ");
  }

  @Test
  void ansibleAndPloyGatherTheSameFacts() throws Exception {
    TargetHost host = Testbed.fresh("facts-sbs");
    host.out(FACTS_D);
    assertThat(host.out("/etc/ansible/facts.d/run.fact").strip()).isEqualTo("{\"user\": \"root\"}");
    AnsibleRun.run(dir, host, playbook("/tmp/ansible.facts"), Duration.ofMinutes(10));
    TestbedRun.Result ploy = TestbedRun.in(dir, host).run(playbook("/tmp/ploy.facts"));
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    String ansible = host.out("cat /tmp/ansible.facts");
    assertThat(host.out("cat /tmp/ploy.facts")).isEqualTo(ansible);
    assertThat(ansible).contains("ansible_distribution=Debian\n", "ansible_service_mgr=systemd\n");
  }
}
