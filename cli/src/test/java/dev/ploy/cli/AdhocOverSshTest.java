package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ploy adhoc} over SSH on a fresh testbed host, with the inventory, user and become options
 * of playbooks: ping, a command, a command as root through sudo, and apt in check mode.
 */
class AdhocOverSshTest {
  private static TargetHost host;

  @TempDir static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    host = Testbed.fresh("adhoc");
    Files.writeString(dir.resolve("hosts.ini"), "[web]\n" + host.inventoryLine() + "\n");
  }

  private static PloyRun adhoc(String... args) {
    List<String> line =
        new ArrayList<>(
            List.of(
                "adhoc",
                "web",
                "-i",
                dir.resolve("hosts.ini").toString(),
                "-u",
                "deploy",
                "--host-key-checking",
                "off"));
    line.addAll(List.of(args));
    return PloyRun.of(line.toArray(String[]::new));
  }

  @Test
  void pingAnswersPong() {
    PloyRun run = adhoc("-m", "ping");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            host.name() + " | SUCCESS => {\n    \"changed\": false,\n    \"ping\": \"pong\"\n}\n");
  }

  @Test
  void theDefaultModuleIsCommandAndItsOutputFollowsTheStatusLine() {
    PloyRun run = adhoc("-a", "uname -s");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(host.name() + " | CHANGED | rc=0 >>\nLinux\n");
    assertThat(adhoc("-o", "-a", "id -un").out())
        .isEqualTo(host.name() + " | CHANGED | rc=0 | (stdout) deploy\n");
  }

  @Test
  void becomeRunsTheCommandAsRoot() {
    PloyRun run = adhoc("-b", "-a", "id -un");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(host.name() + " | CHANGED | rc=0 >>\nroot\n");
  }

  @Test
  void aptInCheckModeSaysWhatItWouldInstallAndInstallsNothing() {
    host.out("apt-get update -q >/dev/null");
    PloyRun run = adhoc("-b", "--check", "-m", "apt", "-a", "name=cowsay state=present");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .startsWith(host.name() + " | CHANGED => {\n")
        .contains("\n    \"changed\": true,\n")
        .contains("\"cowsay\": {\n            \"action\": \"install\",");
    assertThat(host.sh("dpkg -s cowsay").ok()).isFalse();
  }
}
