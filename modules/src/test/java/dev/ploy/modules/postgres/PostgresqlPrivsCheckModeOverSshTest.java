package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgresql_privs in check mode when the database a postgresql_db task before it would create does
 * not exist yet: the task fails, as the collection's does. Recorded with ansible-playbook 2.14
 * (Debian's ansible 7.7, community.postgresql) --check against such a host:
 *
 * <pre>
 * TASK [db] changed: [pg]
 * TASK [privs] fatal: [pg]: FAILED! => {"changed": false, "msg": "Could not connect to database:
 *   connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  database
 *   \"nodb\" does not exist\n"}
 * </pre>
 */
class PostgresqlPrivsCheckModeOverSshTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        become: true
        become_user: postgres
        gather_facts: false
        tasks:
          - name: db
            community.postgresql.postgresql_db:
              name: nodb
          - name: privs
            community.postgresql.postgresql_privs:
              database: nodb
              type: database
              privs: CONNECT
              roles: app
      """;

  @TempDir Path dir;

  @Test
  void failsInCheckModeWhenTheDatabaseIsNotThereYetAsTheCollectionDoes() throws Exception {
    TargetHost host = Testbed.fresh("pg-privs-check");
    host.aptInstall("postgresql");
    host.out("until su postgres -c 'psql -Atc \"select 1\"' >/dev/null 2>&1; do sleep 0.3; done");
    host.out("su postgres -c \"psql -Xqc 'create role app login'\"");

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK);
    assertThat(check.status("db")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.status("privs")).isEqualTo(Status.FAILED);
    assertThat(check.task("privs").data().get("msg"))
        .asString()
        .contains("FATAL:  database \"nodb\" does not exist");

    TestbedRun.Result run = TestbedRun.in(dir, host).run(PLAYBOOK);
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(run.status("privs")).isEqualTo(Status.CHANGED);
  }
}
