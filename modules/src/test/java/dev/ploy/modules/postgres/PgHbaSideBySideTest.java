package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgresql_pg_hba run by ansible-playbook (community.postgresql) against one fresh host and by
 * ploy against another, on a copy of Debian's pg_hba.conf and on a new file: the files must be the
 * same byte for byte, with the same mode and owner. On ploy's host check mode first predicts the
 * run and changes nothing, and a second run changes nothing.
 */
class PgHbaSideBySideTest {
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/pg",
          "printf '%s\\n' '# Database administrative login by Unix domain socket'"
              + " 'local   all             postgres                                peer' ''"
              + " '# TYPE  DATABASE        USER            ADDRESS                 METHOD' ''"
              + " 'local   all             all                                     peer'"
              + " '# IPv4 local connections:'"
              + " 'host    all             all             127.0.0.1/32            scram-sha-256'"
              + " 'host    all             all             ::1/128                 scram-sha-256'"
              + " 'host    replication     all             127.0.0.1/32  md5  # replicas'"
              + " > /srv/pg/pg_hba.conf",
          "chmod 0640 /srv/pg/pg_hba.conf");

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: The application host
            community.postgresql.postgresql_pg_hba:
              dest: /srv/pg/pg_hba.conf
              contype: host
              databases: shop
              users: shop,report
              source: 10.0.0.12
              method: scram-sha-256
          - name: A network by its netmask
            community.postgresql.postgresql_pg_hba:
              dest: /srv/pg/pg_hba.conf
              contype: hostssl
              databases: shop
              users: admin
              address: 192.168.1.7
              netmask: 255.255.255.0
              method: cert
              options: clientcert=verify-full
          - name: No replication from the loopback
            community.postgresql.postgresql_pg_hba:
              dest: /srv/pg/pg_hba.conf
              contype: host
              databases: replication
              source: 127.0.0.1/32
              state: absent
          - name: Several rules, combined
            community.postgresql.postgresql_pg_hba:
              dest: /srv/pg/pg_hba.conf
              rules_behavior: combine
              contype: host
              address: "2001:db8::/64"
              rules:
                - users: a
                  databases: d
                - users: b
                  databases: e
                  method: trust
          - name: A new file with comments kept behind rules
            community.postgresql.postgresql_pg_hba:
              dest: /srv/pg/new_hba.conf
              create: true
              mode: "0600"
              contype: local
              users: app
              method: peer
              options: map=app
              keep_comments_at_rules: true
              comment: the application
      """;

  private static final String STATE =
      "cd /srv/pg && for f in pg_hba.conf new_hba.conf; do stat -c '%n %a %U %G' $f; od -c $f;"
          + " done";

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameFiles() throws Exception {
    SideBySide both = SideBySide.fresh(dir, "pghba");
    both.withAnsible().out(SETUP);
    both.withPloy().out(SETUP);

    String untouched = both.withPloy().out("ls -la /srv/pg; cat /srv/pg/*");
    TestbedRun.Result check = TestbedRun.in(dir, both.withPloy()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(both.withPloy().out("ls -la /srv/pg; cat /srv/pg/*")).isEqualTo(untouched);
    assertThat(check.changed()).isEqualTo(5);

    both.run(PLAYBOOK, Duration.ofMinutes(10));
    String seen = both.assertSame(Map.of("files", STATE, "text", "cat /srv/pg/*"));
    // the comparison is only worth something if Ansible did what the playbook says
    assertThat(seen)
        .contains("host\tshop\treport\t10.0.0.12/32\tscram-sha-256\n")
        .contains("hostssl\tshop\tadmin\t192.168.1.0/24\tcert\tclientcert=verify-full\n")
        .contains("host\te\tb\t2001:db8::/64\ttrust\n")
        .contains("local\tall\tapp\tpeer\tmap=app\t#the application\n")
        .contains("# replicas\n")
        .doesNotContain("replication");
    both.assertPloyConverged(PLAYBOOK);
  }
}
