package dev.ploy.modules.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.Play;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** cron on real Debian hosts over SSH: user crontabs and /etc/cron.d files. */
class CronOverSshTest {
  static final String JOB =
      "/usr/local/bin/backup --tag 'it''s \"x\"' ; echo $(touch /tmp/pwned) `id` > /dev/null # ünï *";

  private static final String PLAYBOOK =
      Play.onAll()
          .asDeploy()
          .tasks(
              """
      - name: Nightly backup
        ansible.builtin.cron:
          name: nightly backup
          user: deploy
          minute: "30"
          hour: 2
          job: "{{ job }}"
      - name: At boot
        ansible.builtin.cron:
          name: at boot
          user: deploy
          special_time: reboot
          job: /usr/local/bin/warm-cache
      - name: Paused poller
        ansible.builtin.cron:
          name: paused
          user: deploy
          minute: "*/5"
          job: /usr/local/bin/poll
          disabled: true
      - name: PATH
        ansible.builtin.cron:
          name: PATH
          env: true
          user: deploy
          job: /usr/local/bin:/usr/bin:/bin
      - name: MAILTO
        ansible.builtin.cron:
          name: MAILTO
          env: true
          user: deploy
          value: ops@example.com
          insertafter: PATH
      - name: Root's cleanup file
        ansible.builtin.cron:
          name: cleanup
          cron_file: ploy-cleanup
          user: root
          minute: "0"
          hour: "4"
          job: find /tmp -mtime +7 -delete
      - name: Root's own crontab
        ansible.builtin.cron:
          name: heartbeat
          job: touch /var/tmp/heartbeat
      """);

  static final String EXPECTED =
      "PATH=\"/usr/local/bin:/usr/bin:/bin\"\n"
          + "MAILTO=\"ops@example.com\"\n"
          + "#Ansible: nightly backup\n"
          + "30 2 * * * "
          + JOB
          + "\n"
          + "#Ansible: at boot\n"
          + "@reboot /usr/local/bin/warm-cache\n"
          + "#Ansible: paused\n"
          + "#*/5 * * * * /usr/local/bin/poll\n";

  @RegisterExtension static final FreshHosts hosts = FreshHosts.named("cron-check", "cron-run");

  @TempDir Path dir;

  private TestbedRun on(TargetHost host) {
    return TestbedRun.in(dir, host).vars(Map.of("job", JOB));
  }

  private static String crontabs(TargetHost host) {
    return host.out(
        "crontab -l -u deploy 2>&1; crontab -l 2>&1; ls /etc/cron.d; ls /var/spool/cron/crontabs");
  }

  @Test
  void checkModeOnAFreshHostPredictsAndChangesNothing() throws Exception {
    String before = crontabs(hosts.fresh());
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(7);
    assertThat(crontabs(hosts.fresh())).isEqualTo(before);
    assertThat(check.console())
        .contains("+#Ansible: nightly backup")
        .contains("+30 2 * * * " + JOB)
        .contains("+0 4 * * * root find /tmp -mtime +7 -delete")
        .contains("crontab for user \"deploy\"");
  }

  @Test
  void aRunWritesWhatAnsibleWritesAndASecondChangesNothing() throws Exception {
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(7);
    assertThat(hosts.used().out("crontab -l -u deploy")).isEqualTo(EXPECTED);
    assertThat(hosts.used().out("crontab -l"))
        .isEqualTo("#Ansible: heartbeat\n* * * * * touch /var/tmp/heartbeat\n");
    assertThat(hosts.used().out("cat /etc/cron.d/ploy-cleanup"))
        .isEqualTo("#Ansible: cleanup\n0 4 * * * root find /tmp -mtime +7 -delete\n");
    assertThat(hosts.used().out("stat -c '%U %a' /etc/cron.d/ploy-cleanup"))
        .isEqualTo("root 644\n");
    assertThat(hosts.used().out("test -e /tmp/pwned || echo clean")).isEqualTo("clean\n");
    assertThat(first.task("MAILTO").data()).containsEntry("envs", List.of("PATH", "MAILTO"));

    on(hosts.used()).run(PLAYBOOK).assertConverged();

    TestbedRun.Result change =
        on(hosts.used())
            .run(
                Play.onAll()
                    .asDeploy()
                    .tasks(
                        """
                - name: Backup later
                  ansible.builtin.cron:
                    name: nightly backup
                    user: deploy
                    minute: "45"
                    hour: "3"
                    job: "{{ job }}"
                - name: Poller gone
                  ansible.builtin.cron:
                    name: paused
                    user: deploy
                    state: absent
                - name: MAILTO gone
                  ansible.builtin.cron:
                    name: MAILTO
                    env: true
                    user: deploy
                    state: absent
                - name: Cleanup gone with its file
                  ansible.builtin.cron:
                    name: cleanup
                    cron_file: ploy-cleanup
                    state: absent
                - name: Both time fields and special
                  ansible.builtin.cron:
                    name: wrong
                    minute: "1"
                    special_time: daily
                    job: x
                  ignore_errors: true
                """));
    assertThat(change.changed()).as(change.console()).isEqualTo(4);
    assertThat(change.console()).contains("-30 2 * * * " + JOB).contains("+45 3 * * * " + JOB);
    assertThat(change.status("Both time fields and special")).isEqualTo(Status.FAILED);
    assertThat(hosts.used().out("crontab -l -u deploy"))
        .isEqualTo(
            "PATH=\"/usr/local/bin:/usr/bin:/bin\"\n"
                + "#Ansible: nightly backup\n"
                + "45 3 * * * "
                + JOB
                + "\n"
                + "#Ansible: at boot\n"
                + "@reboot /usr/local/bin/warm-cache\n");
    assertThat(hosts.used().out("test -e /etc/cron.d/ploy-cleanup || echo removed"))
        .isEqualTo("removed\n");
    assertThat(hosts.used().out("test -e /tmp/pwned || echo clean")).isEqualTo("clean\n");
  }
}
