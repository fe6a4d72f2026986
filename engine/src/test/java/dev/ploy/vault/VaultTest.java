package dev.ploy.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ansible Vault's format, checked against files written by ansible-vault itself. */
class VaultTest {
  static final VaultSecret HORSE = secret("default", "correct horse battery");
  static final VaultSecret PROD = secret("prod", "other-secret");

  static VaultSecret secret(String id, String password) {
    return new VaultSecret(id, password.getBytes(StandardCharsets.UTF_8));
  }

  static String fixture(String name) throws Exception {
    return Files.readString(Path.of(VaultTest.class.getResource("/vault/" + name).toURI()));
  }

  @Test
  void opensWhatAnsibleVaultEncrypted() throws Exception {
    Vault vault = new Vault(List.of(HORSE));
    assertThat(vault.decryptText(fixture("vars.yml")))
        .isEqualTo("db_password: \"s3cr3t with spaces\"\napp_env: production\n");
    assertThat(vault.decryptText(fixture("one.txt"))).isEqualTo("x");
    assertThat(vault.decryptText(fixture("sixteen.txt"))).isEqualTo("0123456789abcdef");
    assertThat(vault.decryptText(fixture("empty.txt"))).isEmpty();
  }

  @Test
  void triesTheSecretOfTheSameVaultIdFirstThenTheOthers() throws Exception {
    String prodFile = fixture("vars12.yml");
    assertThat(Vault.idOf(prodFile)).isEqualTo("prod");
    assertThat(new Vault(List.of(HORSE, PROD)).decryptText(prodFile)).startsWith("db_password:");
    // The id in the header is only a hint: a secret under another id that opens it is used.
    assertThat(new Vault(List.of(secret("default", "other-secret"))).decryptText(prodFile))
        .startsWith("db_password:");
  }

  @Test
  void aWrongPasswordSaysWhichIdsWereTried() throws Exception {
    String prodFile = fixture("vars12.yml");
    assertThatThrownBy(() -> new Vault(List.of(HORSE)).decrypt(prodFile))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("vault id 'prod'")
        .hasMessageContaining("tried default");
  }

  @Test
  void withoutPasswordsTheErrorSaysHowToGiveOne() throws Exception {
    String file = fixture("vars.yml");
    assertThatThrownBy(() -> Vault.none().decrypt(file))
        .hasMessageContaining("no vault password was given")
        .hasMessageContaining("--vault-password-file");
  }

  @Test
  void damagedDataIsRefused() throws Exception {
    String file = fixture("vars.yml");
    Vault vault = new Vault(List.of(HORSE));
    // One hex digit of the ciphertext changed: the HMAC no longer matches.
    String[] lines = file.split("\n");
    String last = lines[lines.length - 1];
    lines[lines.length - 1] =
        last.substring(0, 4) + (last.charAt(4) == '3' ? '4' : '3') + last.substring(5);
    assertThatThrownBy(() -> vault.decrypt(String.join("\n", lines)))
        .hasMessageContaining("no vault password given opens this");
    assertThatThrownBy(() -> vault.decrypt("$ANSIBLE_VAULT;1.1;AES256\nzz\n"))
        .hasMessageContaining("damaged vault data");
    assertThatThrownBy(() -> vault.decrypt("$ANSIBLE_VAULT;2.0;AES256\n00\n"))
        .hasMessageContaining("unknown vault format version 2.0");
  }

  @Test
  void encryptsExactlyAsAnsibleVaultDoesForTheSameSalt() {
    // ansible.parsing.vault.VaultAES256.encrypt(b'known answer\n', VaultSecret(b'pw'),
    //     salt='0123456789abcdef0123456789abcdef'), in its envelope
    String expected =
        "$ANSIBLE_VAULT;1.1;AES256\n"
            + "33303331333233333334333533363337333833393631363236333634363536363330333133323333\n"
            + "3334333533363337333833393631363236333634363536360a373536353430333930613930643164\n"
            + "30363232626232373463303235303339326361346432633933333437383566646335653137626465\n"
            + "3362376564306139650a623231663931383936623562346436643832383535366462316431613237\n"
            + "6439\n";
    byte[] salt = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    assertThat(
            Vault.encrypt(
                "known answer\n".getBytes(StandardCharsets.UTF_8), secret("default", "pw"), salt))
        .isEqualTo(expected);
  }

  @Test
  void encryptionRoundTripsAndNamesItsVaultId() throws Exception {
    byte[] plain = "ünïcode and\nnew lines\n".getBytes(StandardCharsets.UTF_8);
    String text = Vault.encrypt(plain, PROD);
    assertThat(text).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n").endsWith("\n");
    assertThat(text.lines().skip(1)).allMatch(line -> line.length() <= 80);
    assertThat(new Vault(List.of(PROD)).decrypt(text)).isEqualTo(plain);
    assertThat(Vault.encrypt(plain, HORSE)).startsWith("$ANSIBLE_VAULT;1.1;AES256\n");
    assertThat(Vault.encrypt(plain, HORSE)).isNotEqualTo(Vault.encrypt(plain, HORSE));
  }
}
