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
 * ufw as the runbooks use it (22/80/443 open, PostgreSQL from the app host only, the rest denied)
 * run by ansible-playbook on one fresh host and by ploy on another: {@code ufw status verbose} and
 * ufw's files must end the same. On ploy's host check mode first predicts the run exactly and
 * changes nothing, the run shows its changes with --diff, a second run changes nothing, and hostile
 * values stay literal or are refused before ufw runs.
 */
class UfwSideBySideTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Open SSH, HTTP and HTTPS
            community.general.ufw:
              rule: allow
              port: "{{ item }}"
              proto: tcp
            loop: ["22", "80", "443"]
          - name: PostgreSQL from the app host only
            community.general.ufw:
              rule: allow
              from_ip: 10.0.0.5
              to_port: "5432"
              proto: tcp
              comment: app tier
          - name: Block a bad neighbour first
            community.general.ufw:
              rule: deny
              from_ip: 198.51.100.7
              insert: 1
          - name: Limit an alternative SSH port
            ufw:
              rule: limit
              port: "2222"
              proto: tcp
          - name: No mail out
            ufw:
              rule: reject
              direction: out
              to_port: "25"
              proto: tcp
          - name: Close the old port
            ufw:
              rule: allow
              port: "8080"
              proto: tcp
              delete: true
          - name: Log more
            ufw:
              logging: medium
          - name: Deny the rest and enable
            community.general.ufw:
              state: enabled
              default: deny
          - name: Outgoing allowed
            ufw:
              default: allow
              direction: outgoing
      """;

  /** Both hosts start with ufw installed, inactive, and one rule the playbook deletes. */
  private static final String SETUP = "ufw allow 8080/tcp >/dev/null";

  private static final String STATE =
      "ufw status verbose; grep -h '^### tuple' /etc/ufw/user.rules /etc/ufw/user6.rules;"
          + " grep -E '^(ENABLED|LOGLEVEL)=' /etc/ufw/ufw.conf; grep POLICY /etc/default/ufw";

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameFirewall() throws Exception {
    SideBySide both =
        SideBySide.of(dir, Testbed.withNetAdmin(List.of("ufw"), "ufw-ansible", "ufw-ploy"));
    TargetHost withPloy = both.withPloy();
    both.hosts().forEach(host -> host.out(SETUP));

    TestbedRun.Result check = both.checkPloyChangesNothing(PLAYBOOK, STATE + "; iptables -S");
    TestbedRun.Result ploy = both.runBoth(PLAYBOOK, Duration.ofMinutes(10));
    assertThat(ploy.changed()).as(ploy.console()).isEqualTo(8);
    assertThat(check.changed()).as("check mode predicts the run").isEqualTo(ploy.changed());
    assertThat(ploy.console())
        .contains(
            "+rule: allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in",
            "+rule: allow tcp 5432 0.0.0.0/0 any 10.0.0.5 in comment 'app tier'",
            "-rule: allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in",
            "-status: inactive",
            "+status: active",
            "-logging: low",
            "+logging: medium");

    both.assertSame(Map.of("firewall", STATE));
    assertThat(withPloy.out("ufw status")).contains("Status: active", "5432/tcp");

    both.assertPloyConvergedAndCheckAgrees(PLAYBOOK);

    hostileValuesStayLiteral(withPloy);
  }

  private void hostileValuesStayLiteral(TargetHost host) throws Exception {
    String hostile = "x; $(touch /tmp/pwned) `touch /tmp/pwned2` \"y\" -z";
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .vars(Map.of("hostile", hostile))
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Hostile comment
                      ufw: {rule: allow, port: "8443", proto: tcp, comment: "{{ hostile }}"}
                    - name: Quote in a comment
                      ufw: {rule: allow, port: "8444", proto: tcp, comment: "a'b"}
                      ignore_errors: true
                    - name: Hostile port
                      ufw: {rule: allow, port: "$(touch /tmp/pwned)", proto: tcp}
                      ignore_errors: true
                    - name: Interface as an option
                      ufw: {rule: allow, direction: in, interface: "-f", port: "81"}
                      ignore_errors: true
                    - name: Address as an option
                      ufw: {rule: allow, from_ip: "--dry-run", port: "82"}
                      ignore_errors: true
                """);
    assertThat(run.status("Hostile comment")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(run.status("Quote in a comment")).isEqualTo(Status.FAILED);
    assertThat(run.task("Quote in a comment").data().get("msg").toString())
        .contains("single quote");
    assertThat(run.status("Hostile port")).isEqualTo(Status.FAILED);
    assertThat(run.task("Hostile port").data().get("msg").toString()).contains("to_port");
    assertThat(run.status("Interface as an option")).isEqualTo(Status.FAILED);
    assertThat(run.status("Address as an option")).isEqualTo(Status.FAILED);
    assertThat(host.out("ls /tmp")).doesNotContain("pwned");
    assertThat(host.out("ufw status")).doesNotContain("8444", "81", "82 ");
    assertThat(run.console()).contains("comment '" + hostile + "'");
  }
}
