package dev.ploy.modules.postgres;

import static dev.ploy.modules.postgres.PostgresHost.play;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgresql_privs (and the other administration modules of the runbooks) against Debian's
 * PostgreSQL 15 on a fresh host: first run changes, second run changes nothing, check mode predicts
 * the change and mutates nothing, the diff shows it, hostile names stay names.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresAdminOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = PostgresHost.fresh("pgadmin");
    sql("create role app login; create role \"o'ne\"\"il; $(touch /tmp/pwned)\" login");
    sql("create database shop");
    sqlIn(
        "shop",
        "create table items (id serial primary key, name text);"
            + " create table orders (id int);"
            + " create table \"x\"\"; DROP TABLE items; --\" (id int)");
  }

  static String sql(String query) {
    return sqlIn("postgres", query);
  }

  static String sqlIn(String database, String query) {
    return PostgresHost.sql(host, database, query);
  }

  private TestbedRun.Result run(String playbook, boolean check) throws Exception {
    return TestbedRun.in(dir, host).check(check).run(playbook);
  }

  /** check mode predicts a change and leaves {@code probe} as it was; the run changes, once. */
  private TestbedRun.Result converges(String playbook, String database, String probe)
      throws Exception {
    String before = sqlIn(database, probe);
    TestbedRun.Result check = run(playbook, true);
    assertThat(check.status("pg")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(sqlIn(database, probe)).isEqualTo(before);
    TestbedRun.Result first = run(playbook, false);
    assertThat(first.status("pg")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(first.task("pg").diffs()).isEqualTo(check.task("pg").diffs());
    assertThat(sqlIn(database, probe)).isNotEqualTo(before);
    TestbedRun.Result second = run(playbook, false);
    assertThat(second.status("pg")).as(second.console()).isEqualTo(Status.OK);
    assertThat(run(playbook, true).status("pg")).isEqualTo(Status.OK);
    return first;
  }

  private static final String TABLE_ACLS =
      "select relname, coalesce(relacl::text, '') from pg_class where relname in"
          + " ('items', 'orders', 'items_id_seq') order by 1";

  @Test
  @Order(1)
  void privsGrantsOnlyWhatIsMissingOnEveryTableOfTheSchema() throws Exception {
    String grant =
        play(
            "postgresql_privs",
            "database: shop\ntype: table\nobjs: ALL_IN_SCHEMA\nprivs: SELECT,INSERT\nroles: app");
    TestbedRun.Result first = converges(grant, "shop", TABLE_ACLS);
    assertThat(first.console()).contains("+app: SELECT, INSERT");
    assertThat(sqlIn("shop", "select has_table_privilege('app', 'orders', 'INSERT')"))
        .isEqualTo("t\n");

    // one more privilege: only that one is granted
    TestbedRun.Result more = run(grant.replace("SELECT,INSERT", "SELECT,INSERT,UPDATE"), false);
    assertThat(more.status("pg")).isEqualTo(Status.CHANGED);
    assertThat(more.task("pg").data().get("queries").toString())
        .contains("GRANT UPDATE ON TABLE \"public\".\"items\" TO \"app\"")
        .doesNotContain("INSERT");

    // grant option, then revoked again
    String option =
        play(
            "postgresql_privs",
            "database: shop\nobjs: items\nprivs: SELECT\nroles: app\ngrant_option: true");
    converges(option, "shop", TABLE_ACLS);
    assertThat(
            sqlIn("shop", "select has_table_privilege('app', 'items', 'SELECT WITH GRANT OPTION')"))
        .isEqualTo("t\n");
    converges(option.replace("grant_option: true", "grant_option: false"), "shop", TABLE_ACLS);
    assertThat(
            sqlIn("shop", "select has_table_privilege('app', 'items', 'SELECT WITH GRANT OPTION')"))
        .isEqualTo("f\n");

    String revoke =
        play(
            "postgresql_privs",
            "database: shop\nobjs: orders,items\nprivs: INSERT,UPDATE\nroles: app\nstate: absent");
    converges(revoke, "shop", TABLE_ACLS);
    assertThat(sqlIn("shop", "select has_table_privilege('app', 'orders', 'INSERT')"))
        .isEqualTo("f\n");
    assertThat(sqlIn("shop", "select has_table_privilege('app', 'orders', 'SELECT')"))
        .isEqualTo("t\n");
  }

  @Test
  @Order(2)
  void privsOnTheDatabaseSequencesSchemasDefaultsAndGroups() throws Exception {
    converges(
        play("postgresql_privs", "database: shop\ntype: database\nprivs: CONNECT,TEMP\nroles: app"),
        "postgres",
        "select datacl::text from pg_database where datname = 'shop'");
    converges(
        play(
            "postgresql_privs",
            "database: shop\ntype: sequence\nobjs: items_id_seq\nprivs: ALL\nroles: app"),
        "shop",
        TABLE_ACLS);
    converges(
        play(
            "postgresql_privs",
            "database: shop\ntype: schema\nobjs: public\nprivs: USAGE\nroles: app"),
        "shop",
        "select nspacl::text from pg_namespace where nspname = 'public'");
    converges(
        play(
            "postgresql_privs",
            "database: shop\ntype: default_privs\nobjs: TABLES,SEQUENCES\nprivs: SELECT\nroles: app"),
        "shop",
        "select count(*), string_agg(defaclacl::text, ' ') from pg_default_acl");
    sqlIn("shop", "create table later (id int)");
    assertThat(sqlIn("shop", "select has_table_privilege('app', 'later', 'SELECT')"))
        .isEqualTo("t\n");
    sql("create role readers");
    converges(
        play("postgresql_privs", "database: shop\ntype: group\nobjs: readers\nroles: app"),
        "postgres",
        "select count(*) from pg_auth_members");
    assertThat(sql("select pg_has_role('app', 'readers', 'member')")).isEqualTo("t\n");
  }

  @Test
  @Order(3)
  void privsTakeHostileNamesAsNames() throws Exception {
    String role = "o'ne\"il; $(touch /tmp/pwned)";
    String table = "x\"; DROP TABLE items; --";
    String grant =
        play(
            "postgresql_privs",
            "database: shop\nobjs: '"
                + table
                + "'\nprivs: SELECT\nroles: '"
                + role.replace("'", "''")
                + "'");
    converges(grant, "shop", "select relacl::text from pg_class where relname like 'x%'");
    assertThat(sqlIn("shop", "select count(*) from items")).isEqualTo("0\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    assertThat(
            sqlIn(
                "shop",
                "select has_table_privilege("
                    + "'o''ne\"il; $(touch /tmp/pwned)', '\"x\"\"; DROP TABLE items; --\"',"
                    + " 'SELECT')"))
        .isEqualTo("t\n");

    TestbedRun.Result missing =
        run(
            play("postgresql_privs", "database: shop\nobjs: nosuch\nprivs: SELECT\nroles: app"),
            false);
    assertThat(missing.status("pg")).isEqualTo(Status.FAILED);
    assertThat(missing.task("pg").message()).contains("nosuch").contains("does not exist");

    TestbedRun.Result privilege =
        run(
            play(
                "postgresql_privs",
                "database: shop\nobjs: items\nprivs: 'SELECT;DROP'\nroles: app"),
            false);
    assertThat(privilege.status("pg")).isEqualTo(Status.FAILED);
    assertThat(privilege.task("pg").message())
        .contains("Invalid privileges specified: SELECT;DROP");
  }

  @Test
  @Order(4)
  void queryReadsInCheckModeTooAndReturnsTypedRows() throws Exception {
    sqlIn("shop", "insert into items (name) values ('pizza'), ('pasta')");
    String count =
        play(
            "postgresql_query",
            "db: shop\nquery: select count(*) as n, max(name) as top, bool_and(true) as ok"
                + " from items where name <> %s\npositional_args: [nothing]");
    for (boolean check : new boolean[] {true, false}) {
      TestbedRun.Result read = run(count, check);
      assertThat(read.status("pg")).as(read.console()).isEqualTo(Status.OK);
      assertThat(read.task("pg").data())
          .containsEntry(
              "query_result",
              java.util.List.of(java.util.Map.of("n", 2L, "top", "pizza", "ok", true)))
          .containsEntry("rowcount", 1L)
          .containsEntry("statusmessage", "SELECT 1");
    }
  }

  @Test
  @Order(5)
  void queryWritesOnlyWhenAppliedWithItsValuesBound() throws Exception {
    String hostile = "x'); DROP TABLE items; -- $(touch /tmp/pwned)\n-rf";
    String insert =
        play(
            "postgresql_query",
            "db: shop\nquery: insert into orders (id) select %(id)s from items where name <> %(name)s\n"
                + "named_args:\n  id: 7\n  name: \""
                + hostile.replace("\n", "\\n")
                + "\"");
    TestbedRun.Result check = run(insert, true);
    assertThat(check.status("pg")).as(check.console()).isEqualTo(Status.SKIPPED);
    assertThat(sqlIn("shop", "select count(*) from orders")).isEqualTo("0\n");

    TestbedRun.Result inserted = run(insert, false);
    assertThat(inserted.status("pg")).as(inserted.console()).isEqualTo(Status.CHANGED);
    assertThat(inserted.task("pg").data())
        .containsEntry("statusmessage", "INSERT 0 2")
        .containsEntry("rowcount", 2L)
        .containsEntry("query_result", java.util.Map.of());
    assertThat(sqlIn("shop", "select count(*) from orders where id = 7")).isEqualTo("2\n");
    assertThat(sqlIn("shop", "select count(*) from items")).isEqualTo("2\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();

    // an UPDATE that touches no row changes nothing, as the collection says
    TestbedRun.Result none =
        run(
            play("postgresql_query", "db: shop\nquery: update orders set id = 8 where id = 99"),
            false);
    assertThat(none.status("pg")).as(none.console()).isEqualTo(Status.OK);
    assertThat(none.task("pg").data()).containsEntry("statusmessage", "UPDATE 0");

    // a failing statement rolls the whole list back
    TestbedRun.Result failed =
        run(
            play(
                "postgresql_query",
                "db: shop\nquery:\n  - delete from orders\n  - select * from nosuch"),
            false);
    assertThat(failed.status("pg")).isEqualTo(Status.FAILED);
    assertThat(failed.task("pg").message()).contains("nosuch");
    assertThat(sqlIn("shop", "select count(*) from orders")).isEqualTo("2\n");

    TestbedRun.Result meta =
        run(play("postgresql_query", "db: shop\nquery: 'select 1 \\! touch /tmp/pwned'"), false);
    assertThat(meta.status("pg")).isEqualTo(Status.FAILED);
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
  }

  private static final String AUTO_CONF = "cat /var/lib/postgresql/15/main/postgresql.auto.conf";

  @Test
  @Order(6)
  void setWritesASettingOnceAndSaysWhenARestartIsNeeded() throws Exception {
    String listen = play("postgresql_set", "name: listen_addresses\nvalue: '*'");
    String before = host.out(AUTO_CONF);
    TestbedRun.Result check = run(listen, true);
    assertThat(check.status("pg")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console())
        .contains("-listen_addresses: localhost")
        .contains("+listen_addresses: *");
    assertThat(host.out(AUTO_CONF)).isEqualTo(before);

    TestbedRun.Result set = run(listen, false);
    assertThat(set.status("pg")).as(set.console()).isEqualTo(Status.CHANGED);
    assertThat(set.task("pg").data())
        .containsEntry("restart_required", true)
        .containsEntry("context", "postmaster")
        .containsEntry("prev_val_pretty", "localhost");
    assertThat(host.out(AUTO_CONF)).contains("listen_addresses = '*'");
    // waiting for a restart, it is not written again
    assertThat(run(listen, false).status("pg")).isEqualTo(Status.OK);
    host.out("systemctl restart postgresql");
    host.out("until su postgres -c 'psql -Atc \"select 1\"' >/dev/null 2>&1; do sleep 0.3; done");
    assertThat(sql("show listen_addresses")).isEqualTo("*\n");
    assertThat(run(listen, false).status("pg")).isEqualTo(Status.OK);

    // a reloadable size: applied at once, the same size in other units is no change
    TestbedRun.Result memory = run(play("postgresql_set", "name: work_mem\nvalue: 8mb"), false);
    assertThat(memory.status("pg")).as(memory.console()).isEqualTo(Status.CHANGED);
    assertThat(memory.task("pg").data()).containsEntry("restart_required", false);
    assertThat(sql("show work_mem")).isEqualTo("8MB\n");
    assertThat(run(play("postgresql_set", "name: work_mem\nvalue: 8192kB"), false).status("pg"))
        .isEqualTo(Status.OK);
    assertThat(run(play("postgresql_set", "name: work_mem\nreset: true"), false).status("pg"))
        .isEqualTo(Status.CHANGED);
    assertThat(sql("show work_mem")).isEqualTo("4MB\n");
  }

  @Test
  @Order(7)
  void setTakesHostileNamesAndValuesAsData() throws Exception {
    TestbedRun.Result name =
        run(play("postgresql_set", "name: 'work_mem = 1; select 1; --'\nvalue: '1'"), false);
    assertThat(name.status("pg")).isEqualTo(Status.FAILED);
    assertThat(name.task("pg").message()).contains("No such parameter");
    // ALTER SYSTEM refuses newlines in values; a leading '-' and quotes it keeps
    String value = "-it's'; $(touch /tmp/pwned)";
    String hostile = play("postgresql_set", "name: cluster_name\nvalue: \"" + value + "\"");
    TestbedRun.Result set = run(hostile, false);
    assertThat(set.status("pg")).as(set.console()).isEqualTo(Status.CHANGED);
    assertThat(
            sql(
                "select setting = E'-it\\'s\\'; $(touch /tmp/pwned)' from pg_file_settings"
                    + " where name = 'cluster_name' and sourcefile like '%auto.conf'"))
        .isEqualTo("t\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    assertThat(run(hostile, false).status("pg")).isEqualTo(Status.OK);
  }
}
