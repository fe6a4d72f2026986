package dev.ploy.modules.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same system tasks (apt, systemd, group, user, authorized_key, cron) run by Debian's
 * ansible-playbook against one fresh host and by ploy against another: packages, unit states,
 * account lines, authorized_keys and crontabs must be identical. ansible-core is installed on the
 * control node when missing; without it the test is skipped loudly (and fails on CI).
 */
class SystemSideBySideTest {
  private static final String KEY_ALICE =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPGKSxjk6zR313oNZdojD4bOR6eqe33WIWF8Cng1nYwg"
          + " alice@laptop";
  private static final String KEY_BOT =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGFcndoO5a6wtPcIFLtPJvXeMgfSWYCqlxZo+7Vjnb9A ci bot";
  private static final String HASH =
      "$6$sbs2salt$YmghQfEagOL9q.H9cpmgu61y5oXPEx.v5AEOmy/98RUxg6QGD4ct78OsnRgnETHeiifTvUycfOPkEo0XCeNNw0";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        gather_facts: false
        tasks:
          - name: Packages
            ansible.builtin.apt:
              name: [tree, cron, nginx]
              state: present
              update_cache: true
          - name: Cron running
            ansible.builtin.systemd:
              name: cron
              state: started
              enabled: true
          - name: Nginx stopped
            ansible.builtin.systemd:
              name: nginx
              state: stopped
              enabled: false
          - name: Group
            ansible.builtin.group:
              name: sbs2team
              gid: 2345
          - name: User
            ansible.builtin.user:
              name: sbs2user
              uid: 2346
              group: sbs2team
              groups: [adm, users]
              shell: /bin/bash
              comment: "Side By Side,Room 2"
              home: /srv/sbs2home
              password: "%s"
          - name: Alice key
            authorized_key:
              user: sbs2user
              key: "%s"
          - name: Bot key with options
            authorized_key:
              user: sbs2user
              key: "%s"
              key_options: 'no-port-forwarding,from="10.0.0.0/8"'
          - name: Cron env
            ansible.builtin.cron:
              name: MAILTO
              env: true
              job: ops@example.com
              user: sbs2user
          - name: Daily job
            ansible.builtin.cron:
              name: daily report
              special_time: daily
              job: /usr/bin/tree /srv > /tmp/tree.txt
              user: sbs2user
          - name: Disabled job
            ansible.builtin.cron:
              name: nightly cleanup
              minute: "15"
              hour: "3"
              weekday: "1-5"
              job: find /tmp -mtime +7 -delete
              disabled: true
              user: sbs2user
          - name: Cron file entry
            ansible.builtin.cron:
              name: backup
              cron_file: sbs2-backup
              user: root
              minute: "*/10"
              job: tar czf /var/backups/srv.tgz /srv/sbs2home
      """
          .formatted(HASH, KEY_ALICE, KEY_BOT);

  /** What to compare, by label: each script runs as root on both hosts. */
  private static final Map<String, String> PROBES = new LinkedHashMap<>();

  static {
    PROBES.put(
        "packages", "dpkg-query -W -f='${Package} ${Status} ${Version}\\n' tree cron nginx 2>&1");
    PROBES.put(
        "units",
        "for u in cron nginx; do printf '%s %s %s\\n' $u"
            + " \"$(systemctl is-active $u)\" \"$(systemctl is-enabled $u)\"; done");
    PROBES.put("passwd", "getent passwd sbs2user");
    PROBES.put("group", "getent group sbs2team adm users");
    PROBES.put("id", "id sbs2user");
    // shadow: name, password (includes the lock state) and the ageing fields; not the
    // last-change date (field 3), which is the day of the run.
    PROBES.put("shadow", "getent shadow sbs2user | cut -d: -f1,2,4-9");
    PROBES.put("lock", "passwd -S sbs2user | cut -d' ' -f1,2,4-");
    PROBES.put("home", "stat -c '%n %F %a %U %G' /srv/sbs2home /srv/sbs2home/.ssh");
    PROBES.put(
        "authorized_keys",
        "f=/srv/sbs2home/.ssh/authorized_keys; stat -c '%a %U %G %s' $f; od -c $f");
    PROBES.put("crontab", "crontab -l -u sbs2user | od -c");
    PROBES.put("crontab-text", "crontab -l -u sbs2user");
    PROBES.put(
        "cron.d",
        "f=/etc/cron.d/sbs2-backup; stat -c '%a %U %G %s' $f; cat $f; echo ---; od -c $f");
  }

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameSystem() throws Exception {
    SideBySide hosts = SideBySide.fresh(dir, "sbs2");
    hosts.run(PLAYBOOK, Duration.ofMinutes(15));

    String seen = hosts.assertSame(PROBES);
    // The comparison is only worth something if Ansible did what the playbook says.
    assertThat(seen)
        .contains(
            "tree install ok installed",
            "cron active enabled",
            "nginx inactive disabled",
            "sbs2user:x:2346:2345:Side By Side,Room 2:/srv/sbs2home:/bin/bash",
            "sbs2user:" + HASH + ":",
            "sbs2team:x:2345:",
            "#Ansible: daily report",
            "@daily /usr/bin/tree /srv > /tmp/tree.txt",
            "#15 3 * * 1-5 find /tmp -mtime +7 -delete",
            "MAILTO=\"ops@example.com\"",
            "*/10 * * * * root tar czf /var/backups/srv.tgz /srv/sbs2home");

    hosts.assertPloyConverged(PLAYBOOK);
  }
}
