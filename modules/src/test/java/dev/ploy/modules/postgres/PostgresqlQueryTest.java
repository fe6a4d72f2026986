package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.ModuleException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** postgresql_query's pure logic: reading SQL text, binding placeholders, judging results. */
class PostgresqlQueryTest {

  @Test
  void statementsAreSplitOutsideLiteralsCommentsAndDollarQuotes() {
    SqlText sql =
        SqlText.parse(
            "select 'a;b', \"c;d\" -- e;f\n; /* g; /* h; */ i; */ do $x$ begin; end $x$;"
                + " select E'it\\'s; ok';  -- done;\n  ");
    assertThat(sql.statements())
        .containsExactly(List.of("SELECT"), List.of("DO"), List.of("SELECT"));
    assertThat(sql.strayBackslash()).isFalse();
    assertThat(sql.readsOnly()).isFalse();
    String text = "select 1;  -- trailing\n";
    assertThat(text.substring(0, SqlText.parse(text).end())).isEqualTo("select 1");
  }

  @Test
  void aBackslashOutsideALiteralIsSeen() {
    assertThat(SqlText.parse("select 1 \\! touch /tmp/x").strayBackslash()).isTrue();
    assertThat(SqlText.parse("select '\\! not a command'").strayBackslash()).isFalse();
  }

  @Test
  void readingAndWritingQueriesAreTold() {
    assertThat(SqlText.parse("SELECT count(*) FROM items").readsOnly()).isTrue();
    assertThat(SqlText.parse("with x as (select 1) select * from x").readsOnly()).isTrue();
    assertThat(SqlText.parse("with x as (delete from t returning *) select * from x").readsOnly())
        .isFalse();
    assertThat(SqlText.parse("select * into copy from items").readsOnly()).isFalse();
    assertThat(SqlText.parse("select nextval('s')").readsOnly()).isFalse();
    assertThat(SqlText.parse("select 1; update t set a = 1").readsOnly()).isFalse();
    assertThat(SqlText.parse("with x as (select 1) insert into t select * from x").lastCommand())
        .isEqualTo("INSERT");
  }

  @Test
  void placeholdersBecomeParametersAndValuesStayOutOfTheText() throws Exception {
    PostgresqlQuery.Prepared positional =
        PostgresqlQuery.prepare(
            "select * from t where a = %s and b like '100%%' and c = %s",
            Arrays.asList("x'); drop table t; --", 3L), null);
    assertThat(positional.text())
        .isEqualTo("select * from t where a = $1 and b like '100%' and c = $2");
    assertThat(positional.values()).containsExactly("x'); drop table t; --", 3L);
    assertThat(positional.shown()).contains("'x''); drop table t; --'");

    PostgresqlQuery.Prepared named =
        PostgresqlQuery.prepare(
            "insert into t values (%(id)s, %(name)s, %(id)s)", null, Map.of("id", 1L, "name", "n"));
    assertThat(named.text()).isEqualTo("insert into t values ($1, $2, $1)");
    assertThat(named.values()).containsExactly(1L, "n");

    // without arguments the text is the collection's: % is a percent sign
    assertThat(PostgresqlQuery.prepare("select '5%'", null, null).text()).isEqualTo("select '5%'");

    assertThatThrownBy(() -> PostgresqlQuery.prepare("select %s, %s", List.of(1L), null))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("not enough arguments");
    assertThatThrownBy(() -> PostgresqlQuery.prepare("select %s; select 2", List.of(1L), null))
        .hasMessageContaining("single statement");
    assertThatThrownBy(() -> PostgresqlQuery.prepare("select 1 \\! id", null, null))
        .hasMessageContaining("backslash");
  }

  @Test
  void changedFollowsTheCollection() {
    assertThat(PostgresqlQuery.changes("SELECT 3")).isFalse();
    assertThat(PostgresqlQuery.changes("INSERT 0 0")).isFalse();
    assertThat(PostgresqlQuery.changes("INSERT 0 2")).isTrue();
    assertThat(PostgresqlQuery.changes("UPDATE 0")).isFalse();
    assertThat(PostgresqlQuery.changes("DELETE 1")).isTrue();
    assertThat(PostgresqlQuery.changes("CREATE TABLE")).isTrue();
  }

  @Test
  void rowsAreTypedAsPsycopg2TypesThem() {
    List<Map<String, Object>> rows =
        PostgresqlQuery.rows(
            "n\u001fname\u001fok\u001fprice\u001fnote\u001e3\u001fa\nb\u001ft\u001f1.50\u001f\\N\n",
            List.of("bigint", "text", "boolean", "numeric", "text"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0))
        .containsEntry("n", 3L)
        .containsEntry("name", "a\nb")
        .containsEntry("ok", true)
        .containsEntry("price", 1.5)
        .containsEntry("note", null);
    assertThat(PostgresqlQuery.rows("n\n", List.of("bigint"))).isEmpty();
  }
}
