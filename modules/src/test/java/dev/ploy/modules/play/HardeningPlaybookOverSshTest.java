package dev.ploy.modules.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's playbooks/hardening.yml with roles/hardening on a fresh host, run as deploy with
 * sudo: afterwards the new admin logs in with its key, root cannot log in over SSH, passwords are
 * refused, fail2ban watches SSH, and the service check restarts a stopped service.
 */
class HardeningPlaybookOverSshTest {
  private static TargetHost host;
  private static Path root;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    host = Testbed.fresh("hardening");
    root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("playbooks/hardening.yml"))) {
      root = root.getParent();
    }
  }

  private TestbedRun.Result harden() throws Exception {
    Files.deleteIfExists(dir.resolve("roles"));
    Files.createSymbolicLink(dir.resolve("roles"), root.resolve("roles"));
    String key = Files.readString(Path.of(host.key() + ".pub")).strip();
    String playbook =
        Files.readString(root.resolve("playbooks/hardening.yml"))
            .replace("  become: true\n", "  remote_user: deploy\n  become: true\n");
    return TestbedRun.in(dir, host)
        .vars(
            Map.of(
                "target",
                "all",
                "hardening_admins",
                List.of(Map.of("name", "alice", "key", key)),
                "hardening_checked_services",
                List.of("ssh", "cron"),
                "hardening_alert_mailto",
                "ops@example.test",
                "hardening_upgrades_mailto",
                "ops@example.test",
                "hardening_checked_ports",
                List.of(Map.of("port", 22, "service", "ssh")),
                // a URL that does not answer, with hostile text: the check restarts cron, and
                // neither value ever runs as a command
                "hardening_checked_urls",
                List.of(
                    Map.of(
                        "url",
                        "http://127.0.0.1:9/$(touch /tmp/pwned-url)",
                        "text",
                        "ok'; touch /tmp/pwned-text; echo '\n-x",
                        "service",
                        "cron"))))
        .run(playbook);
  }

  private TestbedRun.Result whoami(String user) throws Exception {
    return TestbedRun.in(dir, host)
        .run(
            """
            - hosts: all
              remote_user: %s
              gather_facts: false
              tasks:
                - name: who
                  ansible.builtin.command: id -un
            """
                .formatted(user));
  }

  @Test
  void hardensConvergesAndKeepsTheAdminsIn() throws Exception {
    TestbedRun.Result first = harden();
    assertThat(first.exitCode()).as(first.console()).isEqualTo(RunOutcome.OK);
    TestbedRun.Result second = harden();
    assertThat(second.changed()).as(second.console()).isZero();

    String sshd = host.outViaDeploy("sshd -T 2>/dev/null");
    assertThat(sshd)
        .contains("permitrootlogin no")
        .contains("passwordauthentication no")
        .contains("kbdinteractiveauthentication no");
    assertThat(whoami("alice").task("who").data().get("stdout")).isEqualTo("alice");
    assertThat(host.outViaDeploy("id -nG alice")).contains("sudo");
    assertThat(whoami("root").exitCode()).isEqualTo(RunOutcome.HOST_UNREACHABLE);

    assertThat(host.outViaDeploy("fail2ban-client status sshd")).contains("Currently banned");
    assertThat(host.outViaDeploy("cat /etc/apt/apt.conf.d/20auto-upgrades"))
        .contains("APT::Periodic::Unattended-Upgrade \"1\";");
    assertThat(host.outViaDeploy("crontab -l"))
        .contains("*/10 * * * * /usr/local/sbin/check-services")
        .contains("MAILTO=\"ops@example.test\"")
        .contains("0 7 * * * /usr/local/sbin/disk-alert");
    // the morning disk check: silent under the threshold, an alert (and exit 1) above it
    assertThat(host.outViaDeploy("/usr/local/sbin/disk-alert 100; echo rc=$?")).isEqualTo("rc=0\n");
    assertThat(host.outViaDeploy("/usr/local/sbin/disk-alert 0; echo rc=$?"))
        .contains("disk space on h")
        .contains("% full (alert above 0 %)")
        .endsWith("rc=1\n");
    assertThat(host.outViaDeploy("cat /etc/apt/apt.conf.d/52unattended-upgrades-mail"))
        .contains("Unattended-Upgrade::Mail \"ops@example.test\";")
        .contains("Unattended-Upgrade::Automatic-Reboot \"false\";");
    host.outViaDeploy("systemctl stop cron");
    host.outViaDeploy("/usr/local/sbin/check-services");
    assertThat(host.outViaDeploy("systemctl is-active cron")).isEqualTo("active\n");
    // the port and URL checks: ssh listens on 22, the URL does not answer, so cron is restarted
    String complaints = host.outViaDeploy("journalctl -t check-services --no-pager -q -o cat");
    assertThat(complaints)
        .contains("cron is not active; restarting cron")
        .contains("http://127.0.0.1:9/$(touch /tmp/pwned-url) does not answer")
        .doesNotContain("port 22");
    assertThat(host.outViaDeploy("ls /tmp/pwned-url /tmp/pwned-text 2>/dev/null; echo end"))
        .isEqualTo("end\n");
  }
}
