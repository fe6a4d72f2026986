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

/** postgresql_user and postgresql_db against Debian's PostgreSQL 15 on a real host. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = PostgresHost.fresh("postgres");
  }

  private static String sql(String query) {
    return PostgresHost.sql(host, "postgres", query);
  }

  private TestbedRun.Result run(String playbook, boolean check) throws Exception {
    return TestbedRun.in(dir, host).check(check).run(playbook);
  }

  /** Check mode reports a change and leaves what {@code query} shows as it was. */
  private void checkPredictsAndChangesNothing(String playbook, String query) throws Exception {
    String before = sql(query);
    TestbedRun.Result check = run(playbook, true);
    assertThat(check.status("pg")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(sql(query)).isEqualTo(before);
  }

  @Test
  @Order(1)
  void aUserIsCreatedItsPasswordSetOnceAndItsFlagsKept() throws Exception {
    String user =
        play("postgresql_user", "name: shop\npassword: s3cret pass\nrole_attr_flags: CREATEDB");
    checkPredictsAndChangesNothing(user, "select count(*) from pg_roles where rolname = 'shop'");

    TestbedRun.Result created = run(user, false);
    assertThat(created.status("pg")).as(created.console()).isEqualTo(Status.CHANGED);
    assertThat(created.console()).doesNotContain("s3cret");
    assertThat(
            sql("select rolcanlogin, rolcreatedb, rolsuper from pg_roles where rolname = 'shop'"))
        .isEqualTo("t|t|f\n");
    assertThat(
            host.out(
                "PGPASSWORD='s3cret pass' psql -XAt -h 127.0.0.1 -U shop -d postgres -c 'select 42'"))
        .isEqualTo("42\n");
    assertThat(run(user, false).changed()).isZero();

    TestbedRun.Result changed =
        run(user.replace("s3cret pass", "another one").replace("CREATEDB", "NOCREATEDB"), false);
    assertThat(changed.status("pg")).as(changed.console()).isEqualTo(Status.CHANGED);
    assertThat(changed.console()).doesNotContain("another one");
    assertThat(sql("select rolcreatedb from pg_roles where rolname = 'shop'")).isEqualTo("f\n");
    assertThat(
            host.sh(
                    "PGPASSWORD='another one' psql -XAt -h 127.0.0.1 -U shop -d postgres -c 'select 1'")
                .rc())
        .isZero();
  }

  @Test
  @Order(2)
  void aDatabaseIsCreatedOwnedAndLeftAloneTheSecondTime() throws Exception {
    String db =
        play("postgresql_db", "name: shop\nowner: shop\nencoding: UTF8\ntemplate: template0");
    checkPredictsAndChangesNothing(db, "select count(*) from pg_database where datname = 'shop'");

    assertThat(run(db, false).status("pg")).isEqualTo(Status.CHANGED);
    assertThat(
            sql(
                "select pg_get_userbyid(datdba), pg_encoding_to_char(encoding) from pg_database where datname = 'shop'"))
        .isEqualTo("shop|UTF8\n");
    assertThat(run(db, false).changed()).isZero();

    TestbedRun.Result owner = run(db.replace("owner: shop", "owner: postgres"), false);
    assertThat(owner.status("pg")).as(owner.console()).isEqualTo(Status.CHANGED);
    assertThat(sql("select pg_get_userbyid(datdba) from pg_database where datname = 'shop'"))
        .isEqualTo("postgres\n");

    TestbedRun.Result encoding = run(db.replace("UTF8", "LATIN1"), false);
    assertThat(encoding.status("pg")).isEqualTo(Status.FAILED);
    assertThat(encoding.task("pg").message()).contains("exists with encoding UTF8, not LATIN1");
  }

  /** The dump restores into a new database (copy + its name's letters) that then has its rows. */
  private void restoresIntoACopy(String file) throws Exception {
    String copy = "copy" + file.replaceAll("[^a-z]", "");
    run(play("postgresql_db", "name: " + copy), false);
    TestbedRun.Result restored =
        run(play("postgresql_db", "name: " + copy + "\nstate: restore\ntarget: " + file), false);
    assertThat(restored.status("pg")).as(restored.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("su postgres -c \"psql -XAt -d " + copy + " -c 'select name from items'\""))
        .isEqualTo("pizza\n");
  }

  @Test
  @Order(3)
  void dumpsAreWholeFilesAndRestoreIntoAnotherDatabase() throws Exception {
    host.out(
        "su postgres -c \"psql -XAtq -d shop -c \\\"create table items (id int, name text); insert into items values (1, 'pizza')\\\"\"");
    for (String file :
        new String[] {
          "/tmp/shop.sql", "/tmp/shop.pgc", "/tmp/shop.sql.gz", "/tmp/shop.tar", "/tmp/shop.dir"
        }) {
      TestbedRun.Result dumped =
          run(play("postgresql_db", "name: shop\nstate: dump\ntarget: " + file), false);
      assertThat(dumped.status("pg")).as(dumped.console()).isEqualTo(Status.CHANGED);
      assertThat(host.sh("test -s " + file + " || test -s " + file + "/toc.dat").rc()).isZero();
      assertThat(host.out("ls /tmp | grep -c ploy-partial || true")).isEqualTo("0\n");
      restoresIntoACopy(file);
    }
    // .dump is plain SQL, as the collection makes it; -Fc makes it pg_dump's custom archive,
    // which a restore, going by the name as the collection does, sends to psql: psql refuses it
    run(play("postgresql_db", "name: shop\nstate: dump\ntarget: /tmp/plain.dump"), false);
    assertThat(host.out("head -c 5 /tmp/plain.dump")).isEqualTo("--\n--");
    restoresIntoACopy("/tmp/plain.dump");
    run(
        play(
            "postgresql_db", "name: shop\nstate: dump\ntarget: /tmp/custom.dump\ntarget_opts: -Fc"),
        false);
    assertThat(host.out("head -c 5 /tmp/custom.dump")).isEqualTo("PGDMP");
    run(play("postgresql_db", "name: copycustom"), false);
    TestbedRun.Result refused =
        run(
            play("postgresql_db", "name: copycustom\nstate: restore\ntarget: /tmp/custom.dump"),
            false);
    assertThat(refused.status("pg")).as(refused.console()).isEqualTo(Status.FAILED);
    assertThat(refused.task("pg").message()).contains("Use the pg_restore command-line client");
    TestbedRun.Result broken =
        run(play("postgresql_db", "name: nosuchdb\nstate: dump\ntarget: /tmp/none.sql.gz"), false);
    assertThat(broken.status("pg")).isEqualTo(Status.FAILED);
    assertThat(broken.task("pg").message()).contains("nosuchdb");
    assertThat(host.sh("test -e /tmp/none.sql.gz").rc()).isNotZero();
  }

  @Test
  @Order(4)
  void hostileNamesAreDataNotCode() throws Exception {
    String name = "x\"; DROP DATABASE shop; --";
    String db = play("postgresql_db", "name: '" + name + "'");
    TestbedRun.Result created = run(db, false);
    assertThat(created.status("pg")).as(created.console()).isEqualTo(Status.CHANGED);
    assertThat(
            sql(
                "select count(*) from pg_database where datname in ('shop', 'x\"; DROP DATABASE shop; --')"))
        .isEqualTo("2\n");
    TestbedRun.Result user =
        run(
            play(
                "postgresql_user",
                "name: \"o'neil; touch /tmp/pwned\"\npassword: \"it's $(touch /tmp/pwned)\""),
            false);
    assertThat(user.status("pg")).as(user.console()).isEqualTo(Status.CHANGED);
    assertThat(
            run(
                    play(
                        "postgresql_user",
                        "name: \"o'neil; touch /tmp/pwned\"\npassword: \"it's $(touch /tmp/pwned)\""),
                    false)
                .changed())
        .isZero();
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();

    assertThat(run(db.replace("name: '", "state: absent\n        name: '"), false).status("pg"))
        .isEqualTo(Status.CHANGED);
    assertThat(sql("select count(*) from pg_database where datname like 'x%'")).isEqualTo("0\n");
  }

  @Test
  @Order(4)
  void aDatabaseNameIsNeverAConnectionString() throws Exception {
    // "--help" and a name that reads as conninfo: pg_dump gets them as the dbname, not options
    for (String name : new String[] {"--help", "dbname=postgres host=/nowhere"}) {
      String create = play("postgresql_db", "name: '" + name + "'");
      assertThat(run(create, false).status("pg")).isEqualTo(Status.CHANGED);
      sql("create table if not exists only_here (x int)");
      TestbedRun.Result dumped =
          run(
              play("postgresql_db", "name: '" + name + "'\nstate: dump\ntarget: /tmp/named.sql"),
              false);
      assertThat(dumped.status("pg")).as(dumped.console()).isEqualTo(Status.CHANGED);
      assertThat(host.out("grep -c 'PostgreSQL database dump complete' /tmp/named.sql"))
          .isEqualTo("1\n");
      assertThat(host.sh("grep -q only_here /tmp/named.sql").rc())
          .as("the dump is of the database named " + name + ", not of postgres")
          .isNotZero();
      assertThat(
              run(create.replace("name: '", "state: absent\n        name: '"), false).status("pg"))
          .isEqualTo(Status.CHANGED);
    }
    sql("drop table only_here");
  }

  @Test
  @Order(5)
  void withoutBecomingPostgresTheErrorSaysHow() throws Exception {
    TestbedRun.Result run =
        run(
            play("postgresql_db", "name: shop")
                .replace("become_user: postgres", "become_user: root"),
            false);
    assertThat(run.status("pg")).isEqualTo(Status.FAILED);
    assertThat(run.task("pg").message())
        .contains("Peer authentication failed")
        .contains("become_user: postgres");

    String absent = play("postgresql_user", "name: shop\nstate: absent");
    checkPredictsAndChangesNothing(absent, "select count(*) from pg_roles where rolname = 'shop'");
    assertThat(run(absent, false).status("pg")).isEqualTo(Status.CHANGED);
    assertThat(sql("select count(*) from pg_roles where rolname = 'shop'")).isEqualTo("0\n");
    assertThat(run(absent, false).changed()).isZero();
  }
}
