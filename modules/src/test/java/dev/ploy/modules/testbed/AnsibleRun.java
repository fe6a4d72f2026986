package dev.ploy.modules.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * ansible-playbook on the control node (Debian's ansible-core, installed when missing), run on a
 * testbed host so that side-by-side tests can compare what it leaves with what ploy leaves.
 *
 * <p>Without ansible-playbook a developer's run skips those tests loudly; with {@code CI=true} they
 * fail.
 */
public final class AnsibleRun {
  private AnsibleRun() {}

  /**
   * Writes {@code playbookYaml} to dir/playbook.yml and runs it on {@code host} (python3 installed
   * there first when missing); the test fails unless it succeeds. Returns ansible's output.
   */
  public static String run(Path dir, TargetHost host, String playbookYaml, Duration limit)
      throws Exception {
    String ansible = ansiblePlaybook();
    if (!host.sh("command -v python3").ok()) {
      host.out(
          "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq"
              + " python3 >/dev/null");
    }
    Files.writeString(dir.resolve("playbook.yml"), playbookYaml);
    Files.writeString(dir.resolve("hosts.ini"), host.inventoryLine() + "\n");
    ProcessBuilder builder =
        new ProcessBuilder(ansible, "-i", "hosts.ini", "playbook.yml")
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().put("ANSIBLE_HOST_KEY_CHECKING", "False");
    builder.environment().put("ANSIBLE_NOCOLOR", "1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /**
   * The path of ansible-playbook, installed from Debian when missing; skips the test (fails it
   * under CI) when it cannot be had.
   */
  public static String ansiblePlaybook() throws Exception {
    String found = onPath("ansible-playbook");
    if (found == null && new File("/usr/bin/apt-get").canExecute()) {
      Process install =
          new ProcessBuilder("apt-get", "install", "-y", "-q", "ansible-core")
              .redirectErrorStream(true)
              .start();
      install.getInputStream().readAllBytes();
      install.waitFor(15, TimeUnit.MINUTES);
      found = onPath("ansible-playbook");
    }
    if (found == null) {
      String why = "side-by-side test SKIPPED: ansible-playbook is not installed and could not be";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why + " (CI=true: failing)");
      }
      System.err.println("*** " + why + " ***");
      Assumptions.abort(why);
    }
    return found;
  }

  private static String onPath(String name) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(entry, name);
      if (candidate.canExecute()) {
        return candidate.getPath();
      }
    }
    return null;
  }
}
