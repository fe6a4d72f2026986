package dev.ploy.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.inventory.Host;
import dev.ploy.inventory.Inventory;
import dev.ploy.inventory.InventoryException;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault data where Ansible allows it: whole YAML files, !vault values, inventories, group_vars. */
class VaultedFilesTest {
  @TempDir Path dir;
  private final Vault vault = new Vault(List.of(VaultTest.HORSE));

  private static String encrypted(String plain) {
    return Vault.encrypt(plain.getBytes(StandardCharsets.UTF_8), VaultTest.HORSE);
  }

  /** A !vault block as ansible-vault encrypt_string prints it, indented under its key. */
  private static String inline(String key, String plain) {
    StringBuilder out = new StringBuilder(key + ": !vault |\n");
    encrypted(plain).lines().forEach(line -> out.append("  ").append(line).append('\n'));
    return out.toString();
  }

  @Test
  void vaultValuesAndVaultedFilesReadAsPlainYaml() throws Exception {
    Path file = dir.resolve("vars.yml");
    Files.writeString(file, "user: app\n" + inline("password", "p@ss'word\"$(x)"));
    @SuppressWarnings("unchecked")
    Map<String, Object> vars = (Map<String, Object>) YamlReader.read(file, vault).root();
    assertThat(vars).containsEntry("user", "app").containsEntry("password", "p@ss'word\"$(x)");

    Files.writeString(file, encrypted("user: app\nport: 5432\n"));
    assertThat(YamlReader.read(file, vault).root()).isEqualTo(Map.of("user", "app", "port", 5432));
  }

  @Test
  void withoutAPasswordTheErrorNamesTheFileTheLineAndTheFix() throws Exception {
    Path file = dir.resolve("vars.yml");
    Files.writeString(file, "user: app\n" + inline("password", "secret"));
    assertThatThrownBy(() -> YamlReader.read(file))
        .isInstanceOf(YamlException.class)
        .hasMessageContaining("vars.yml:2:")
        .hasMessageContaining("vault-encrypted value")
        .hasMessageContaining("--ask-vault-pass");
    Files.writeString(file, encrypted("a: 1\n"));
    assertThatThrownBy(() -> YamlReader.read(file, new Vault(List.of(VaultTest.PROD))))
        .hasMessageContaining("vars.yml: vault-encrypted file: no vault password given opens this");
  }

  @Test
  void inventoriesAndTheirGroupVarsMayBeVaulted() throws Exception {
    Path inventory = dir.resolve("hosts.yml");
    Files.writeString(
        inventory,
        "all:\n  hosts:\n    web1:\n      ansible_host: 127.0.0.1\n      "
            + inline("ansible_become_password", "sudo-pw").replace("\n  ", "\n        "));
    Files.createDirectories(dir.resolve("group_vars"));
    Files.writeString(
        dir.resolve("group_vars/all.yml"), encrypted("db_password: from-group-vars\n"));
    Path ini = dir.resolve("more.ini");
    Files.writeString(ini, encrypted("[db]\ndb1 ansible_port=2222\n"));

    Inventory loaded = Inventory.load(List.of(inventory.toString(), ini.toString()), vault);
    Map<String, Object> web1 = loaded.varsOf(new Host("web1"));
    assertThat(web1)
        .containsEntry("ansible_become_password", "sudo-pw")
        .containsEntry("db_password", "from-group-vars");
    assertThat(loaded.varsOf(new Host("db1"))).containsEntry("ansible_port", 2222);

    assertThatThrownBy(() -> Inventory.load(List.of(inventory.toString())))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("hosts.yml:5:")
        .hasMessageContaining("no vault password was given");
  }
}
