package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -c, the play's connection: keyword, and password files, on hosts that are this machine. */
class ConnectionOptionsCliTest {
  @TempDir Path dir;

  private PloyRun ploy(String... args) {
    return PloyRun.of(args);
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
    PloyRun run = ploy("-i", "app1,app2,", "-c", "local", playbook("").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(Files.readString(dir.resolve("app1"))).isEqualTo("app1\n");
    assertThat(Files.readString(dir.resolve("app2"))).isEqualTo("app2\n");
    assertThat(ploy("-i", "app1,", "-c", "telnet", playbook("").toString()).err())
        .contains("-c/--connection takes ssh or local");
  }

  @Test
  void thePlaysConnectionKeywordIsHonouredAndRefusedOnTasks() throws Exception {
    PloyRun run = ploy("-i", "app3,", playbook("  connection: local").toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(dir.resolve("app3")).exists();

    Path onTask =
        Files.writeString(
            dir.resolve("task.yml"),
            Play.onAll()
                .tasks(
                    """
            - debug: {msg: hi}
              connection: local
            """));
    PloyRun refused = ploy("-i", "app4,", onTask.toString());
    assertThat(refused.code()).isEqualTo(5);
    assertThat(refused.err())
        .contains("task.yml:4:")
        .contains("'connection:' is taken on a play, not on a block or task");
  }

  @Test
  void anEmptyPasswordFileIsRefusedBeforeAnyHost() throws Exception {
    Path empty = Files.writeString(dir.resolve("pw"), "\n");
    PloyRun run =
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
