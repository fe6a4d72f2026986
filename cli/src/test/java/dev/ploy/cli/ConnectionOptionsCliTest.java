package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** -c, the play's connection: keyword, and password files, on hosts that are this machine. */
class ConnectionOptionsCliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run ploy(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PloyCommand command =
        new PloyCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("NO_COLOR", "1"));
    int code = new CommandLine(command).execute(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path playbook(String connectionLine) throws Exception {
    return Files.writeString(
        dir.resolve("site.yml"),
        """
        - hosts: all
          gather_facts: false
        %s
          tasks:
            - name: mark
              copy: {content: "{{ inventory_hostname }}\\n", dest: "%s/{{ inventory_hostname }}"}
        """
            .formatted(connectionLine, dir));
  }

  @Test
  void dashCRunsHostsWithoutAConnectionVariableLocally() throws Exception {
    // app1 and app2 are names no SSH server answers to: only a local connection reaches them
    Run run = ploy("-i", "app1,app2,", "-c", "local", playbook("").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(Files.readString(dir.resolve("app1"))).isEqualTo("app1\n");
    assertThat(Files.readString(dir.resolve("app2"))).isEqualTo("app2\n");
    assertThat(ploy("-i", "app1,", "-c", "telnet", playbook("").toString()).err())
        .contains("-c/--connection takes ssh or local");
  }

  @Test
  void thePlaysConnectionKeywordIsHonouredAndRefusedOnTasks() throws Exception {
    Run run = ploy("-i", "app3,", playbook("  connection: local").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(dir.resolve("app3")).exists();

    Path onTask =
        Files.writeString(
            dir.resolve("task.yml"),
            """
            - hosts: all
              tasks:
                - debug: {msg: hi}
                  connection: local
            """);
    Run refused = ploy("-i", "app4,", onTask.toString());
    assertThat(refused.code()).isEqualTo(5);
    assertThat(refused.err())
        .contains("task.yml:4:")
        .contains("'connection:' is taken on a play, not on a block or task");
  }

  @Test
  void anEmptyPasswordFileIsRefusedBeforeAnyHost() throws Exception {
    Path empty = Files.writeString(dir.resolve("pw"), "\n");
    Run run =
        ploy(
            "-i",
            "app5,",
            "-c",
            "local",
            "--become-password-file",
            empty.toString(),
            playbook("").toString());
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err()).contains("--become-password-file").contains("is empty");
    assertThat(dir.resolve("app5")).doesNotExist();
  }
}
