package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.ModuleException;
import org.junit.jupiter.api.Test;

/** Stored password hashes as PostgreSQL writes them (these made with Python's hashlib). */
class ScramTest {
  private static final String SCRAM =
      "SCRAM-SHA-256$4096:MDEyMzQ1Njc4OWFiY2RlZg==$9Tes4nwuEfxd1gnZ591B90XeRcYHYLfY57xATc/qCDA="
          + ":J5X57KQT7G61jOkli263HS1TEUoptBs1/dz9TvZW1sk=";

  @Test
  void scramVerifiersMatchOnlyTheirPassword() {
    assertThat(Scram.matches(SCRAM, "pa ss", "shop")).isTrue();
    assertThat(Scram.matches(SCRAM, "pa sS", "shop")).isFalse();
    assertThat(Scram.matches("SCRAM-SHA-256$bad", "pa ss", "shop")).isFalse();
  }

  @Test
  void md5HashesIncludeTheRoleName() {
    assertThat(Scram.matches("md5e9367771e66be9c774be2b7cc2c9c64d", "pa ss", "shop")).isTrue();
    assertThat(Scram.matches("md5e9367771e66be9c774be2b7cc2c9c64d", "pa ss", "shops")).isFalse();
    assertThat(Scram.matches("", "x", "shop")).isFalse();
  }

  @Test
  void roleFlagsAreReadAsAnsibleWritesThem() throws ModuleException {
    assertThat(PostgresqlUser.flags("CREATEDB, nosuperuser,LOGIN"))
        .containsEntry("CREATEDB", true)
        .containsEntry("SUPERUSER", false)
        .containsEntry("LOGIN", true);
    assertThatThrownBy(() -> PostgresqlUser.flags("CREATEDB,ADMIN"))
        .hasMessageContaining("unknown attribute 'ADMIN'");
  }

  @Test
  void identifiersAndLiteralsAreQuotedForSql() {
    assertThat(Psql.ident("we\"ird")).isEqualTo("\"we\"\"ird\"");
    assertThat(Psql.literal("it's")).isEqualTo("'it''s'");
  }
}
