package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The inventories, playbooks and roles this repository ships are valid as a user would run them
 * from its root (ploy.yml gives the roles path). Running them on hosts is the SSH tests' part.
 */
class RepositoryExamplesTest {
  private static final Path ROOT = root();

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("playbooks/quickstart.yml"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  private static String[] ploy(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine command =
        Main.commandLine(
            new PloyCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("NO_COLOR", "1")),
            args);
    // subcommands such as inventory print through picocli's writers
    command.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    command.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int code = command.execute(args);
    return new String[] {
      String.valueOf(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void theExampleInventoryListsItsGroupsAndHosts() {
    String[] run =
        ploy("inventory", "-i", ROOT.resolve("inventories/example.ini").toString(), "--graph");
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertThat(run[1])
        .contains("@app:")
        .contains("web1.example.org")
        .contains("web2.example.org")
        .contains("db1.example.org");
  }

  /** Runbook 004's inventory, as the course writes it: host:port, the ansible_ssh_* names. */
  @Test
  void theCourseInventoryReadsAsTheCourseWritesIt() {
    String[] run =
        ploy("inventory", "-i", ROOT.resolve("inventories/course.ini").toString(), "--list");
    assertThat(run[0]).as(run[2]).isEqualTo("0");
    assertThat(run[1])
        .contains("\"course\": {")
        .contains("\"ansible_port\": 5022")
        .contains("\"ansible_ssh_user\": \"deploy\"")
        .contains("\"ansible_ssh_private_key_file\": \"~/.ssh/virt-ubuntu\"");
  }

  @Test
  void everyPlaybookPassesTheSyntaxCheckWithItsRoles() throws Exception {
    try (var playbooks = Files.list(ROOT.resolve("playbooks"))) {
      for (Path playbook : playbooks.filter(p -> p.toString().endsWith(".yml")).toList()) {
        String[] run =
            ploy(
                "--syntax-check",
                "-i",
                ROOT.resolve("inventories/example.ini").toString(),
                playbook.toString());
        assertThat(run[0]).as(playbook + ": " + run[1] + run[2]).isEqualTo("0");
      }
    }
  }
}
