package dev.ploy.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault passwords from files, scripts and --vault-id values. */
class VaultPasswordsTest {
  @TempDir Path dir;

  private Path file(String name, String content, boolean executable) throws Exception {
    Path file = Files.writeString(dir.resolve(name), content);
    Files.setPosixFilePermissions(
        file, PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
    return file;
  }

  private static String password(VaultSecret secret) {
    return new String(secret.password(), StandardCharsets.UTF_8);
  }

  @Test
  void aFileGivesItsContentWithoutSurroundingBlanks() throws Exception {
    VaultSecret secret = VaultPasswords.fromFile("default", file("pw", "  two words \n\n", false));
    assertThat(password(secret)).isEqualTo("two words");
    assertThat(secret.id()).isEqualTo("default");
  }

  @Test
  void anExecutableFilePrintsThePasswordAndAClientScriptIsToldTheVaultId() throws Exception {
    Path script = file("pass.sh", "#!/bin/sh\necho ' from script'\n", true);
    assertThat(password(VaultPasswords.fromFile("default", script))).isEqualTo(" from script");
    Path client = file("keyring-client.sh", "#!/bin/sh\necho \"pw-for-$2\"\n", true);
    assertThat(password(VaultPasswords.fromFile("prod", client))).isEqualTo("pw-for-prod");
  }

  @Test
  void problemsAreNamed() throws Exception {
    assertThatThrownBy(() -> VaultPasswords.fromFile("default", dir.resolve("nope")))
        .hasMessageContaining("vault password file")
        .hasMessageContaining("not found");
    Path empty = file("empty", "\n", false);
    assertThatThrownBy(() -> VaultPasswords.fromFile("default", empty))
        .hasMessageContaining("is empty");
    Path failing = file("fail.sh", "#!/bin/sh\nexit 3\n", true);
    assertThatThrownBy(() -> VaultPasswords.fromFile("default", failing))
        .hasMessageContaining("exited with 3");
  }

  @Test
  void vaultIdValuesSplitIntoIdAndSource() throws Exception {
    assertThat(VaultPasswords.Source.parse("prod@~/.vault_prod"))
        .isEqualTo(new VaultPasswords.Source("prod", "~/.vault_prod"));
    assertThat(VaultPasswords.Source.parse("pw.txt"))
        .isEqualTo(new VaultPasswords.Source("default", "pw.txt"));
    assertThat(VaultPasswords.Source.parse("dev@prompt").isPrompt()).isTrue();
    assertThatThrownBy(() -> VaultPasswords.Source.parse("prod@"))
        .hasMessageContaining("--vault-id takes ID@SOURCE");
  }
}
