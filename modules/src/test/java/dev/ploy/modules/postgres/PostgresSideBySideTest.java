package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.AnsibleRun;
import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same PostgreSQL administration tasks run by Debian's ansible-playbook (community.postgresql,
 * with python3-psycopg2 on its host) against one fresh host and by ploy against another: the
 * catalogs (privileges, default privileges, memberships) must read the same afterwards.
 */
class PostgresSideBySideTest {
  /** What both hosts hold before the playbook: roles, a database and its tables. */
  private static final String SETUP =
      "create role app login; create role bob login; create role readers";

  private static final String TABLES =
      "create table items (id serial primary key, name text); create table orders (id int);"
          + " create schema billing; create table billing.invoices (id int);"
          + " create function add(a int, b int) returns int language sql as 'select a + b';"
          + " grant delete on orders to app;";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: root
        become: true
        become_user: postgres
        gather_facts: false
        tasks:
          - name: Tables of the schema
            community.postgresql.postgresql_privs:
              database: shop
              type: table
              objs: ALL_IN_SCHEMA
              privs: SELECT,INSERT,UPDATE
              roles: app
          - name: With grant option
            community.postgresql.postgresql_privs:
              db: shop
              objs: items
              privs: SELECT
              roles: bob
              grant_option: true
          - name: Revoked
            community.postgresql.postgresql_privs:
              db: shop
              objs: orders
              privs: DELETE
              roles: app
              state: absent
          - name: Other schema
            community.postgresql.postgresql_privs:
              db: shop
              schema: billing
              objs: invoices
              privs: ALL
              roles: bob
          - name: Sequence
            community.postgresql.postgresql_privs:
              db: shop
              type: sequence
              objs: items_id_seq
              privs: USAGE,SELECT
              roles: app
          - name: Function
            community.postgresql.postgresql_privs:
              db: shop
              type: function
              objs: add(int:int)
              privs: EXECUTE
              roles: app
          - name: Schema
            community.postgresql.postgresql_privs:
              db: shop
              type: schema
              objs: billing
              privs: USAGE
              roles: app,bob
          - name: Database
            community.postgresql.postgresql_privs:
              db: shop
              type: database
              privs: CONNECT,TEMPORARY
              roles: app
          - name: Default privileges
            community.postgresql.postgresql_privs:
              db: shop
              type: default_privs
              objs: TABLES,SEQUENCES
              privs: SELECT
              roles: bob
          - name: Group
            community.postgresql.postgresql_privs:
              db: shop
              type: group
              objs: readers
              roles: bob
              admin_option: true
          - name: Rows inserted with bound values
            community.postgresql.postgresql_query:
              db: shop
              query: insert into items (name) values (%(first)s), (%(second)s)
              named_args:
                first: "it's"
                second: "$(id); --"
          - name: Rows read back
            community.postgresql.postgresql_query:
              db: shop
              query: select id, name from items order by id
            register: rows
          - name: Listen everywhere
            community.postgresql.postgresql_set:
              name: listen_addresses
              value: "*"
          - name: Work memory
            community.postgresql.postgresql_set:
              name: work_mem
              value: 8mb
          - name: What the query returned
            ansible.builtin.copy:
              content: "{{ rows.query_result | to_json }} {{ rows.rowcount }} {{ rows.statusmessage }}"
              dest: /tmp/query-result.json
      """;

  /** What to compare, by label: each query runs as postgres on both hosts. */
  private static final Map<String, String[]> PROBES = new LinkedHashMap<>();

  static {
    PROBES.put(
        "relations",
        new String[] {
          "shop",
          "select n.nspname, c.relname, coalesce(c.relacl::text, '') from pg_class c join"
              + " pg_namespace n on n.oid = c.relnamespace where n.nspname in ('public', 'billing')"
              + " order by 1, 2"
        });
    PROBES.put(
        "functions",
        new String[] {"shop", "select proname, proacl from pg_proc where proname = 'add'"});
    PROBES.put(
        "schemas",
        new String[] {
          "shop",
          "select nspname, nspacl from pg_namespace where nspname in ('public', 'billing') order by"
              + " 1"
        });
    PROBES.put(
        "databases",
        new String[] {
          "postgres", "select datname, datacl from pg_database where datname = 'shop'"
        });
    PROBES.put(
        "default acls",
        new String[] {
          "shop",
          "select pg_get_userbyid(defaclrole), defaclnamespace::regnamespace, defaclobjtype,"
              + " defaclacl from pg_default_acl order by 1, 2, 3"
        });
    PROBES.put(
        "members",
        new String[] {
          "postgres",
          "select pg_get_userbyid(roleid), pg_get_userbyid(member), admin_option from"
              + " pg_auth_members order by 1, 2"
        });
  }

  @TempDir Path dir;

  /** Files to compare, read as root. */
  private static final List<String> FILES =
      List.of("/tmp/query-result.json", "/var/lib/postgresql/15/main/postgresql.auto.conf");

  private static void prepare(TargetHost host, String... packages) {
    PostgresHost.install(host, packages);
    PostgresHost.sql(host, "postgres", SETUP);
    PostgresHost.sql(host, "postgres", "create database shop");
    PostgresHost.sql(host, "shop", TABLES);
  }

  @Test
  void ansibleAndPloyLeaveTheSameCatalogs() throws Exception {
    SideBySide both = SideBySide.fresh(dir, "pgsbs");
    AnsibleRun.ansiblePlaybook();
    prepare(both.withAnsible(), "postgresql", "python3-psycopg2");
    prepare(both.withPloy(), "postgresql");
    both.run(PLAYBOOK, Duration.ofMinutes(10));

    Map<String, String> probes = new LinkedHashMap<>();
    PROBES.forEach((label, query) -> probes.put(label, PostgresHost.psql(query[0], query[1])));
    FILES.forEach(file -> probes.put(file, "cat " + file));
    String seen = both.assertSame(probes);
    // the comparison is only worth something if Ansible did what the playbook says
    assertThat(seen)
        .contains("public|orders|{postgres=arwdDxt/postgres,app=arw/postgres}")
        .contains("bob=r*/postgres")
        .contains("readers|bob|t")
        .contains("listen_addresses = '*'")
        .contains("work_mem = '8MB'")
        .contains(
            "[{\"id\": 1, \"name\": \"it's\"}, {\"id\": 2, \"name\": \"$(id); --\"}] 2 SELECT 2");

    // a second run inserts the rows again (the query says so) and changes nothing else
    TestbedRun.Result again = TestbedRun.in(dir, both.withPloy()).run(PLAYBOOK);
    assertThat(again.changed()).as(again.console()).isEqualTo(2);
    assertThat(again.status("Rows inserted with bound values"))
        .isEqualTo(dev.ploy.run.Status.CHANGED);
  }
}
