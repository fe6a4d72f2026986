package dev.ploy.modules.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private key protected by a passphrase (ansible_ssh_private_key_file), with no agent: ploy reads
 * the passphrase from PLOY_SSH_KEY_PASSPHRASE, and says so when it is missing or wrong. Environment
 * variables cannot change in this JVM, so the runs with one go in a JVM of their own.
 */
class PassphraseKeyOverSshTest {
  private static final String PASSPHRASE = "pass phrase";
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Who am I
            ansible.builtin.command: id -un
      """;

  private static TargetHost host;
  private static TargetHost withKey;

  @TempDir static Path keys;
  @TempDir Path dir;

  @BeforeAll
  static void hostWithAnEncryptedKey() throws Exception {
    host = Testbed.fresh("e2e-key");
    Path key = keys.resolve("id_ed25519_locked");
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                PASSPHRASE,
                "-C",
                "locked",
                "-f",
                key.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(keygen.getInputStream().readAllBytes());
    assertThat(keygen.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keygen.exitValue()).as(out).isZero();
    String pub = Files.readString(keys.resolve("id_ed25519_locked.pub")).strip();
    host.out("printf '%s\\n' '" + pub + "' >> /root/.ssh/authorized_keys");
    withKey = new TargetHost(host.name(), host.sshPort(), host.httpPort(), key);
  }

  @Test
  void theRightPassphraseFromTheEnvironmentLogsIn() throws Exception {
    SeparateJvm.Outcome run =
        SeparateJvm.run(
            dir,
            List.of(withKey),
            PLAYBOOK,
            Map.of("PLOY_SSH_KEY_PASSPHRASE", PASSPHRASE),
            List.of("-Xmx256m"));
    assertThat(run.processExit()).as(run.output()).isZero();
    assertThat(run.runExit()).as(run.output()).isEqualTo(RunOutcome.OK);
    assertThat(run.output()).contains("RECAP e2e-key ok=1 changed=1 unreachable=0 failed=0");
  }

  @Test
  void aWrongPassphraseMakesTheHostUnreachableAndSaysWhy() throws Exception {
    SeparateJvm.Outcome run =
        SeparateJvm.run(
            dir,
            List.of(withKey),
            PLAYBOOK,
            Map.of("PLOY_SSH_KEY_PASSPHRASE", "not the pass phrase"),
            List.of("-Xmx256m"));
    assertThat(run.processExit()).as(run.output()).isZero();
    assertThat(run.runExit()).as(run.output()).isEqualTo(RunOutcome.HOST_UNREACHABLE);
    assertThat(run.output())
        .contains("fatal: [e2e-key]: UNREACHABLE!")
        .contains("key file " + withKey.key() + " cannot be read")
        .contains("RECAP e2e-key ok=0 changed=0 unreachable=1 failed=0");
  }

  @Test
  void noPassphraseMakesTheHostUnreachableAndNamesTheVariable() throws Exception {
    Assumptions.assumeTrue(
        System.getenv("PLOY_SSH_KEY_PASSPHRASE") == null,
        "PLOY_SSH_KEY_PASSPHRASE is set in this environment");
    TestbedRun.Result run = TestbedRun.in(dir, withKey).run(PLAYBOOK);
    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.HOST_UNREACHABLE);
    assertThat(run.status("Who am I")).isEqualTo(Status.UNREACHABLE);
    assertThat(String.valueOf(run.task("Who am I").data().get("msg")))
        .contains("e2e-key")
        .contains("key file " + withKey.key() + " cannot be read")
        .contains("if it is encrypted, set PLOY_SSH_KEY_PASSPHRASE");
  }
}
