package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * postgresql_query's path_to_script against Debian's PostgreSQL 15: the script is read on the
 * target and run as one query, or cut at each ';' with as_single_query: false, as the collection
 * does. Check mode skips a script that writes and runs one that only reads (read-only); a script
 * that writes runs again on every run, as a query that writes does. A hostile file name stays a
 * name; a missing file fails the task with the collection's message.
 */
class PostgresqlQueryScriptOverSshTest {
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/sql",
          "printf 'CREATE TABLE IF NOT EXISTS t (id int);\\nINSERT INTO t VALUES (1), (2);\\n'"
              + " > /srv/sql/seed.sql",
          "printf 'INSERT INTO t VALUES (3);\\n\\nINSERT INTO t VALUES (4);\\n' > /srv/sql/more.sql",
          "printf 'SELECT count(*) AS n FROM t' > '/srv/sql/$(touch pwned) `touch pwned`; x.sql'",
          "chmod -R a+rX /srv/sql");

  private static final String PLAYBOOK =
      """
      - hosts: all
        become: true
        become_user: postgres
        gather_facts: false
        tasks:
          - name: seed
            community.postgresql.postgresql_query:
              path_to_script: /srv/sql/seed.sql
          - name: more, statement by statement
            postgresql_query:
              path_to_script: /srv/sql/more.sql
              as_single_query: false
          - name: count
            postgresql_query:
              path_to_script: "/srv/sql/$(touch pwned) `touch pwned`; x.sql"
          - name: missing
            postgresql_query:
              path_to_script: /srv/sql/none.sql
            ignore_errors: true
      """;

  @TempDir Path dir;

  @Test
  void runsTheTargetsScriptAsOneQueryOrStatementByStatement() throws Exception {
    TargetHost host = Testbed.fresh("pg-script");
    host.aptInstall("postgresql");
    host.out("until su postgres -c 'psql -Atc \"select 1\"' >/dev/null 2>&1; do sleep 0.3; done");
    host.out(SETUP);

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK);
    assertThat(check.status("seed")).as(check.console()).isEqualTo(Status.SKIPPED);
    assertThat(check.status("more, statement by statement")).isEqualTo(Status.SKIPPED);
    assertThat(check.status("count"))
        .as("a script that only reads runs in check mode: the table is not there yet")
        .isEqualTo(Status.FAILED);
    assertThat(sql(host, "select count(*) from pg_tables where tablename = 't'")).isEqualTo("0");

    TestbedRun.Result run = TestbedRun.in(dir, host).run(PLAYBOOK);
    assertThat(run.status("seed")).as(run.console()).isEqualTo(Status.CHANGED);
    Map<String, Object> more = run.task("more, statement by statement").data();
    assertThat(more)
        .as("rows summed over the statements, as the collection counts them")
        .containsEntry("rowcount", 2L);
    assertThat((List<?>) more.get("query_list"))
        .as("cut at ';' and not stripped, the blank rest dropped")
        .extracting(q -> q.toString().strip())
        .containsExactly("INSERT INTO t VALUES (3)", "INSERT INTO t VALUES (4)");
    assertThat(more.get("query_list").toString()).contains(", \n");
    assertThat(run.status("count")).as(run.console()).isEqualTo(Status.OK);
    assertThat(run.task("count").data().get("query_result")).asString().contains("n=4");
    assertThat(run.status("missing")).isEqualTo(Status.FAILED);
    assertThat(run.task("missing").data().get("msg"))
        .asString()
        .startsWith("Cannot read file '/srv/sql/none.sql' : ");
    assertThat(sql(host, "select string_agg(id::text, ',' order by id) from t"))
        .isEqualTo("1,2,3,4");
    assertThat(host.out("find / -xdev -name pwned")).isEmpty();
  }

  private static String sql(TargetHost host, String query) {
    return host.out(
            "su postgres -c " + ShellQuote.quote("psql -XAtq -c " + ShellQuote.quote(query)))
        .strip();
  }
}
