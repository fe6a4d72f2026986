package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.AnsibleRun;
import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgresql_db as the runbooks use it, run by Debian's ansible-playbook (community.postgresql,
 * with python3-psycopg2 on its host) against one fresh host and by ploy against another: a database
 * created with an owner, UTF8 and template0 and another dropped (the databases must read the same,
 * ploy's check mode predicting both changes and a second run changing nothing), then dumps made and
 * restored, over an existing database with {@code --clean --if-exists} as runbook 002's restore
 * does (the restored rows and the plain SQL dump must be the same).
 *
 * <p>Both pick the restoring program by the file's extension (.pgc and .tar: pg_restore; .sql: psql
 * --file; .sql.gz: zcat into psql), so runbook 002's nightly custom archives are named {@code
 * .pgc}: named {@code .dump}, both send them to psql, which refuses them ("The input is a
 * PostgreSQL custom-format dump", seen with ansible-playbook 2.14).
 */
class PostgresDbSideBySideTest {
  /** The database to dump, with its rows (a role and a database to drop are made beside it). */
  private static final String SHOP =
      "create table items (id int primary key, name text);"
          + " insert into items values (1, 'it''s'), (2, '$(id); --');";

  private static final String DATABASES =
      """
      - hosts: all
        gather_facts: false
        become: true
        become_user: postgres
        tasks:
          - name: The application's database
            community.postgresql.postgresql_db:
              name: appdb
              owner: app
              encoding: UTF8
              template: template0
          - name: An old database dropped
            community.postgresql.postgresql_db:
              name: old
              state: absent
      """;

  private static final String DUMPS =
      """
      - hosts: all
        gather_facts: false
        become: true
        become_user: postgres
        tasks:
          - name: Custom archive
            community.postgresql.postgresql_db:
              name: shop
              state: dump
              target: /tmp/shop.pgc
          - name: Plain SQL
            community.postgresql.postgresql_db:
              name: shop
              state: dump
              target: /tmp/shop.sql
          - name: Tar archive
            community.postgresql.postgresql_db:
              name: shop
              state: dump
              target: /tmp/shop.tar
          - name: Compressed plain SQL
            community.postgresql.postgresql_db:
              name: shop
              state: dump
              target: /tmp/shop.sql.gz
          - name: Rows changed after the dump
            community.postgresql.postgresql_query:
              db: shop
              query: "update items set name = 'changed'"
          - name: Restored over the database
            community.postgresql.postgresql_db:
              name: shop
              state: restore
              target: /tmp/shop.pgc
              target_opts: --clean --if-exists
          - name: A copy for the plain dump
            community.postgresql.postgresql_db:
              name: copy
              owner: app
          - name: Plain SQL restored into the copy
            community.postgresql.postgresql_db:
              name: copy
              state: restore
              target: /tmp/shop.sql
          - name: Copies for the tar and compressed dumps
            community.postgresql.postgresql_db:
              name: "{{ item }}"
              owner: app
            loop: [copytar, copygz]
          - name: Tar archive restored into its copy
            community.postgresql.postgresql_db:
              name: copytar
              state: restore
              target: /tmp/shop.tar
          - name: Compressed SQL restored into its copy
            community.postgresql.postgresql_db:
              name: copygz
              state: restore
              target: /tmp/shop.sql.gz
      """;

  private static final String DATABASE_LIST =
      PostgresHost.psql(
          "postgres",
          "select datname, pg_get_userbyid(datdba), pg_encoding_to_char(encoding), datcollate,"
              + " datctype, datconnlimit from pg_database order by 1");

  @TempDir Path dir;

  private static void prepare(TargetHost host, String... packages) {
    PostgresHost.install(host, packages);
    PostgresHost.sql(host, "postgres", "create role app login");
    PostgresHost.sql(host, "postgres", "create database old");
    PostgresHost.sql(host, "postgres", "create database shop");
    PostgresHost.sql(host, "shop", SHOP);
  }

  @Test
  void ansibleAndPloyCreateDropDumpAndRestoreAlike() throws Exception {
    SideBySide both = SideBySide.fresh(dir, "pgdbsbs");
    AnsibleRun.ansiblePlaybook();
    prepare(both.withAnsible(), "postgresql", "python3-psycopg2");
    prepare(both.withPloy(), "postgresql");

    TestbedRun.Result check = both.checkPloyChangesNothing(DATABASES, DATABASE_LIST);
    assertThat(check.changed()).as(check.console()).isEqualTo(2);
    both.run(DATABASES, Duration.ofMinutes(5));
    String seen = both.assertSame(Map.of("databases", DATABASE_LIST));
    assertThat(seen).contains("appdb|app|UTF8|").doesNotContain("old|");
    both.assertPloyConvergedAndCheckAgrees(DATABASES);

    Path dumps = Files.createDirectories(dir.resolve("dumps"));
    SideBySide again = new SideBySide(dumps, both.withAnsible(), both.withPloy());
    TestbedRun.Result dumpCheck = again.checkPloyChangesNothing(DUMPS, "ls /tmp; " + DATABASE_LIST);
    assertThat(dumpCheck.status("Custom archive")).isEqualTo(Status.CHANGED);
    assertThat(dumpCheck.status("Rows changed after the dump")).isEqualTo(Status.SKIPPED);
    TestbedRun.Result run = again.runBoth(DUMPS, Duration.ofMinutes(5));
    for (String task :
        new String[] {
          "Custom archive",
          "Plain SQL",
          "Restored over the database",
          "A copy for the plain dump",
          "Plain SQL restored into the copy",
          "Tar archive",
          "Compressed plain SQL",
          "Tar archive restored into its copy",
          "Compressed SQL restored into its copy"
        }) {
      assertThat(run.status(task)).as(run.console()).isEqualTo(Status.CHANGED);
    }
    Map<String, String> probes = new LinkedHashMap<>();
    probes.put("databases", DATABASE_LIST);
    probes.put("restored rows", PostgresHost.psql("shop", "select * from items order by id"));
    probes.put("copied rows", PostgresHost.psql("copy", "select * from items order by id"));
    probes.put("tar rows", PostgresHost.psql("copytar", "select * from items order by id"));
    probes.put("gzip rows", PostgresHost.psql("copygz", "select * from items order by id"));
    // pg_dump 15.14 and later write a random key on its restrict and unrestrict lines
    probes.put("plain dump", "grep -v -e '^.restrict ' -e '^.unrestrict ' /tmp/shop.sql");
    probes.put("archive's table of contents", "pg_restore -l /tmp/shop.pgc | grep -v '^;'");
    probes.put("dump files", "stat -c '%n %U %a' /tmp/shop.pgc /tmp/shop.sql");
    String rows = again.assertSame(probes);
    assertThat(rows)
        .contains("1|it's\n2|$(id); --\n\n1|it's\n2|$(id); --\n\n1|it's\n2|$(id); --\n")
        .contains("copy|app|UTF8|")
        .contains("CREATE TABLE public.items");
  }
}
