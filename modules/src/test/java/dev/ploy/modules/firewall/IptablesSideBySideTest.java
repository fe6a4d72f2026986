package dev.ploy.modules.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * iptables as PurBeurre's runbook uses it (only 22/80/443 open, the rest dropped, the rules saved
 * for the next boot with Debian's netfilter-persistent) run by ansible-playbook on one fresh host
 * and by ploy on another: {@code iptables -S} (filter and nat, and ip6tables) and the saved
 * rules.v4 must end the same. On ploy's host check mode first predicts the run exactly and changes
 * nothing, --diff shows the rules, a second run changes nothing, the rules come back after the
 * container restarts, and hostile values stay literal or are refused before iptables runs.
 */
class IptablesSideBySideTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Loopback
            ansible.builtin.iptables:
              chain: INPUT
              in_interface: lo
              jump: ACCEPT
            notify: Save the firewall
          - name: Answers to our own connections
            ansible.builtin.iptables:
              chain: INPUT
              ctstate: [ESTABLISHED, RELATED]
              jump: ACCEPT
            notify: Save the firewall
          - name: SSH, HTTP and HTTPS
            iptables:
              chain: INPUT
              protocol: tcp
              destination_port: "{{ item }}"
              ctstate: [NEW]
              jump: ACCEPT
              comment: "open {{ item }}"
            loop: ["22", "80", "443"]
            notify: Save the firewall
          - name: The app ports from the private network
            iptables:
              chain: INPUT
              protocol: tcp
              source: 10.0.0.0/8
              destination_ports: ["8000:8010", "9000"]
              jump: ACCEPT
            notify: Save the firewall
          - name: A bad neighbour first
            iptables:
              chain: INPUT
              action: insert
              rule_num: "1"
              source: 198.51.100.7
              jump: DROP
            notify: Save the firewall
          - name: Reset mail
            iptables:
              chain: INPUT
              protocol: tcp
              destination_port: "25"
              reject_with: tcp-reset
            notify: Save the firewall
          - name: Log what is dropped
            iptables:
              chain: INPUT
              limit: 5/min
              log_prefix: "IPT DROP: "
              log_level: info
            notify: Save the firewall
          - name: A chain of allowed hosts
            iptables:
              chain: ALLOWED
              source: 192.0.2.10
              jump: ACCEPT
              chain_management: true
            notify: Save the firewall
          - name: The old port is closed
            iptables:
              chain: INPUT
              protocol: tcp
              destination_port: "8080"
              jump: ACCEPT
              state: absent
            notify: Save the firewall
          - name: Masquerade outgoing
            iptables:
              table: nat
              chain: POSTROUTING
              out_interface: eth0
              jump: MASQUERADE
            notify: Save the firewall
          - name: HTTPS over IPv6
            iptables:
              ip_version: ipv6
              chain: INPUT
              protocol: tcp
              destination_port: "443"
              jump: ACCEPT
            notify: Save the firewall
          - name: Drop the rest
            iptables:
              chain: INPUT
              policy: DROP
            notify: Save the firewall
          - name: Forward nothing
            iptables:
              chain: FORWARD
              policy: ACCEPT
        handlers:
          - name: Save the firewall
            ansible.builtin.command: netfilter-persistent save
      """;

  /** Both hosts start with a rule the playbook deletes. */
  private static final String SETUP = "iptables -A INPUT -p tcp --destination-port 8080 -j ACCEPT";

  private static final String STATE =
      "iptables -S; iptables -t nat -S; ip6tables -S; echo; grep -v '^#' /etc/iptables/rules.v4"
          + " | sed -E 's/\\[[0-9]+:[0-9]+\\]//'";

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameRules() throws Exception {
    SideBySide both =
        SideBySide.of(
            dir,
            Testbed.withNetAdmin(
                List.of("iptables", "iptables-persistent"), "ipt-ansible", "ipt-ploy"));
    TargetHost withPloy = both.withPloy();
    both.hosts().forEach(host -> host.out(SETUP));

    TestbedRun.Result check = both.checkPloyChangesNothing(PLAYBOOK, STATE);
    TestbedRun.Result ploy = both.runBoth(PLAYBOOK, Duration.ofMinutes(10));
    // the handler's command is skipped in check mode, as in Ansible
    assertThat(check.changed()).as("check mode predicts the run").isEqualTo(ploy.changed() - 1);
    assertThat(ploy.changed()).as(ploy.console()).isEqualTo(13);
    assertThat(ploy.console())
        .contains(
            "+-A INPUT -p tcp -j ACCEPT --destination-port 22 -m conntrack --ctstate NEW -m"
                + " comment --comment \"open 22\"",
            "+-I INPUT 1 -s 198.51.100.7 -j DROP",
            "--D INPUT -p tcp -j ACCEPT --destination-port 8080",
            "-policy: ACCEPT",
            "+policy: DROP");

    both.assertSame(Map.of("rules", STATE));
    assertThat(withPloy.out("iptables -S INPUT")).contains("-P INPUT DROP", "--dport 443");

    both.assertPloyConvergedAndCheckAgrees(PLAYBOOK);

    hostileValuesStayLiteral(withPloy);

    String saved = withPloy.out("iptables -S; iptables -t nat -S");
    Testbed.docker("restart", "-t", "1", Testbed.container(withPloy));
    String restored = "";
    for (int i = 0; i < 30 && !restored.contains("-P INPUT DROP"); i++) {
      Thread.sleep(1000);
      restored =
          Testbed.exec(withPloy, "iptables -S 2>/dev/null; iptables -t nat -S 2>/dev/null; true");
    }
    assertThat(restored).as("the saved rules come back at boot").isEqualTo(saved);
  }

  private void hostileValuesStayLiteral(TargetHost host) throws Exception {
    String hostile = "x'; $(touch /tmp/pwned) `touch /tmp/pwned2` \"y\" -z";
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .vars(Map.of("hostile", hostile, "option", "--flush"))
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Hostile comment
                      iptables: {chain: INPUT, protocol: tcp, destination_port: "8443", jump: ACCEPT, comment: "{{ hostile }}"}
                      notify: Save the firewall
                    - name: Chain as an option
                      iptables: {chain: "{{ option }}", jump: ACCEPT}
                      ignore_errors: true
                    - name: Source as an option
                      iptables: {chain: INPUT, source: "!{{ option }}", jump: ACCEPT}
                      ignore_errors: true
                    - name: Port with a command
                      iptables: {chain: INPUT, protocol: tcp, destination_port: "$(touch /tmp/pwned)", jump: ACCEPT}
                      ignore_errors: true
                  handlers:
                    - name: Save the firewall
                      command: netfilter-persistent save
                """);
    assertThat(run.status("Hostile comment")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(run.status("Chain as an option")).isEqualTo(Status.FAILED);
    assertThat(run.status("Source as an option")).isEqualTo(Status.FAILED);
    assertThat(run.status("Port with a command")).isEqualTo(Status.FAILED);
    assertThat(host.out("ls /tmp")).doesNotContain("pwned");
    assertThat(host.out("iptables -S INPUT"))
        .contains("-P INPUT DROP", "--dport 22")
        // iptables -S escapes the quotes it shows
        .contains("--comment \"x\\'; $(touch /tmp/pwned) `touch /tmp/pwned2` \\\"y\\\" -z\"");
  }
}
