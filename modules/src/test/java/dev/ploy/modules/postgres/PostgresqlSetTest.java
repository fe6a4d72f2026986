package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** postgresql_set's pure logic: values as PostgreSQL spells them, sizes compared in bytes. */
class PostgresqlSetTest {

  @Test
  void lowerCaseSizesTakePostgresqlsUnits() {
    // regression: 8mb became 8mB, which PostgreSQL refuses
    assertThat(PostgresqlSet.normal("8mb")).isEqualTo("8MB");
    assertThat(PostgresqlSet.normal("64kb")).isEqualTo("64kB");
    assertThat(PostgresqlSet.normal("1gb")).isEqualTo("1GB");
    assertThat(PostgresqlSet.normal("True")).isEqualTo("on");
    assertThat(PostgresqlSet.normal("localhost")).isEqualTo("localhost");
  }

  @Test
  void theSameSizeInAnotherUnitIsTheSameValue() {
    assertThat(PostgresqlSet.same("8MB", "8192kB", "kB")).isTrue();
    assertThat(PostgresqlSet.same("8192", "8MB", "kB")).isTrue();
    assertThat(PostgresqlSet.same("4MB", "8MB", "kB")).isFalse();
    assertThat(PostgresqlSet.same("localhost, 10.0.0.5", "localhost,10.0.0.5", "")).isTrue();
  }

  @Test
  void aListSettingIsWrittenAsALiteralPerItem() {
    assertThat(PostgresqlSet.rendered("listen_addresses", "localhost, 10.0.0.5"))
        .isEqualTo("'localhost', '10.0.0.5'");
    assertThat(PostgresqlSet.rendered("archive_command", "cp %p /a, b")).isEqualTo("'cp %p /a, b'");
    assertThat(PostgresqlSet.rendered("cluster_name", "it's")).isEqualTo("'it''s'");
  }
}
