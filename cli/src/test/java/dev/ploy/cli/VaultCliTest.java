package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault passwords on the command line, ploy vault, and vaulted data in a run on localhost. */
class VaultCliTest {
  @TempDir Path dir;
  private Path password;

  @BeforeEach
  void passwordFile() throws Exception {
    password = Files.writeString(dir.resolve("vault-pass"), "correct horse battery\n");
  }

  private PloyRun ploy(String... args) {
    return PloyRun.of(args);
  }

  /** ploy vault ACTION with a password file, on one file. */
  private PloyRun vault(String action, Path passwordFile, Path file) {
    return ploy("vault", action, "--vault-password-file", passwordFile.toString(), file.toString());
  }

  private PloyRun ployWith(Map<String, String> environment, String... args) {
    return PloyRun.of(environment, args);
  }

  @Test
  void encryptViewAndDecryptAFileInPlaceKeepingItsMode() throws Exception {
    Path secrets = Files.writeString(dir.resolve("secrets.yml"), "db_password: hunter2\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));

    PloyRun encrypt = vault("encrypt", password, secrets);
    assertThat(encrypt.code()).as(encrypt.err()).isZero();
    assertThat(Files.readString(secrets))
        .startsWith("$ANSIBLE_VAULT;1.1;AES256\n")
        .doesNotContain("hunter2");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
        .isEqualTo("rw-------");
    assertThat(vault("encrypt", password, secrets).err()).contains("already vault-encrypted");

    PloyRun view = ploy("vault", "view", "--vault-id", "default@" + password, secrets.toString());
    assertThat(view.out()).isEqualTo("db_password: hunter2\n");

    Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
    PloyRun refused = vault("view", wrong, secrets);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("no vault password given opens this");

    PloyRun decrypt = vault("decrypt", password, secrets);
    assertThat(decrypt.code()).as(decrypt.err()).isZero();
    assertThat(Files.readString(secrets)).isEqualTo("db_password: hunter2\n");
    assertThat(ploy("vault", "view", secrets.toString()).err()).contains("give a vault password");
  }

  @Test
  void aPlaybookReadsVaultedFilesAndValuesOnlyWithThePassword() throws Exception {
    PloyRun string =
        ploy(
            "vault",
            "encrypt_string",
            "--vault-password-file",
            password.toString(),
            "--name",
            "api_token",
            "t0k'en $(id)");
    assertThat(string.code()).as(string.err()).isZero();
    assertThat(string.out())
        .startsWith("api_token: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n");

    Files.writeString(dir.resolve("secrets.yml"), "db_password: hunter2\n");
    Files.writeString(dir.resolve("more.yml"), "smtp_password: s3cret\n");
    Files.writeString(dir.resolve("app.env"), "DB_PASSWORD=hunter2\n");
    Files.writeString(dir.resolve("conf.j2"), "token={{ api_token }}\n");
    for (String file : new String[] {"secrets.yml", "more.yml", "app.env", "conf.j2"}) {
      assertThat(vault("encrypt", password, dir.resolve(file)).code()).isZero();
    }
    Files.createDirectories(dir.resolve("group_vars"));
    Files.writeString(dir.resolve("group_vars/all.yml"), "app: demo\n" + string.out());
    Path hosts =
        Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1 ansible_connection=local\n");
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            """
            - hosts: web
              gather_facts: false
              vars_files: [secrets.yml]
              tasks:
                - include_vars: more.yml
                - debug:
                    msg: "{{ app }} {{ db_password }} {{ smtp_password }} {{ api_token }}"
                - copy: {src: app.env, dest: "{{ outdir }}/app.env", mode: "0600"}
                - template: {src: conf.j2, dest: "{{ outdir }}/conf"}
            """);
    Path out = Files.createDirectories(dir.resolve("out"));

    String[] run = {
      "-i",
      hosts.toString(),
      "-e",
      "outdir=" + out,
      "--vault-password-file",
      password.toString(),
      playbook.toString()
    };
    PloyRun first = ploy(run);
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .contains("\"msg\": \"demo hunter2 s3cret t0k'en $(id)\"")
        .containsPattern("web1 +: ok=4 +changed=2 ");
    assertThat(Files.readString(out.resolve("app.env"))).isEqualTo("DB_PASSWORD=hunter2\n");
    assertThat(Files.readString(out.resolve("conf"))).isEqualTo("token=t0k'en $(id)\n");
    assertThat(ploy(run).out()).containsPattern("web1 +: ok=4 +changed=0 ");

    PloyRun without = ploy("-i", hosts.toString(), playbook.toString());
    assertThat(without.code()).isEqualTo(5);
    assertThat(without.err())
        .contains("group_vars/all.yml:2:")
        .contains("no vault password was given; add --ask-vault-pass");

    PloyRun inventory =
        ploy(
            "inventory",
            "-i",
            hosts.toString(),
            "--vault-password-file",
            password.toString(),
            "--host",
            "web1");
    assertThat(inventory.code()).as(inventory.err()).isZero();
    assertThat(inventory.out()).contains("\"api_token\": \"t0k'en $(id)\"");
  }

  private Path editor(String name, String script) throws Exception {
    Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void createEditAndRekeyGoThroughAPrivatePlaintextCopy() throws Exception {
    Path secrets = dir.resolve("new.yml");
    Path writer =
        editor(
            "writer",
            "printf 'token: abc\\n' > \"$1\"; ls -ld \"$(dirname \"$1\")\" > "
                + dir.resolve("seen"));
    PloyRun create =
        ployWith(
            Map.of("EDITOR", writer.toString()),
            "vault",
            "create",
            "--vault-id",
            "prod@" + password,
            secrets.toString());
    assertThat(create.code()).as(create.err()).isZero();
    assertThat(Files.readString(secrets)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");
    assertThat(Files.readString(dir.resolve("seen"))).startsWith("drwx------");
    String seenDir = Files.readString(dir.resolve("seen")).strip().replaceAll(".* ", "");
    assertThat(Path.of(seenDir)).doesNotExist();

    Path changer = editor("changer", "sed -i s/abc/xyz/ \"$1\"");
    PloyRun edit =
        ployWith(
            Map.of("EDITOR", changer.toString()),
            "vault",
            "edit",
            "--vault-password-file",
            password.toString(),
            secrets.toString());
    assertThat(edit.code()).as(edit.err()).isZero();
    // encrypted again with the password that opened it, under its vault id
    assertThat(Files.readString(secrets)).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n");
    assertThat(vault("view", password, secrets).out()).isEqualTo("token: xyz\n");
    String before = Files.readString(secrets);
    Path idle = editor("idle", "true");
    assertThat(
            ployWith(
                    Map.of("EDITOR", idle.toString()),
                    "vault",
                    "edit",
                    "--vault-password-file",
                    password.toString(),
                    secrets.toString())
                .err())
        .contains("unchanged");
    assertThat(Files.readString(secrets)).isEqualTo(before);

    Path other = Files.writeString(dir.resolve("other-pass"), "new password\n");
    PloyRun rekey =
        ploy(
            "vault",
            "rekey",
            "--vault-password-file",
            password.toString(),
            "--new-vault-password-file",
            other.toString(),
            secrets.toString());
    assertThat(rekey.code()).as(rekey.err()).isZero();
    assertThat(vault("view", other, secrets).out()).isEqualTo("token: xyz\n");
    assertThat(vault("view", password, secrets).code()).isEqualTo(1);
  }
}
