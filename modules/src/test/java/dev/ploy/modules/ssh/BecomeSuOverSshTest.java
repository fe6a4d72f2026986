package dev.ploy.modules.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.Play;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * become_method: su over SSH, where commands run without a terminal: from root to another user (no
 * password), and from deploy to root with root's password, which ploy writes on su's standard input
 * ahead of the command's own input.
 */
class BecomeSuOverSshTest {
  private static final String ROOT_PASSWORD = "r00t pw 'x\"";

  @TempDir Path dir;

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("e2e-su")
          .eachSetUp(
              host -> {
                host.out(
                    "printf '%s\\n' 'root:" + ROOT_PASSWORD.replace("'", "'\\''") + "' | chpasswd");
              });

  @Test
  void rootBecomesAnotherUserWithSuAndNoPassword() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, hosts.only())
            .run(
                Play.onAll()
                    .noFacts()
                    .with("become: true")
                    .with("become_method: su")
                    .with("become_user: deploy")
                    .tasks(
                        """
                - name: Who am I
                  ansible.builtin.command: id -un
                - name: A file written as deploy
                  ansible.builtin.copy:
                    dest: /home/deploy/by-su
                    content: "written by su\\n"
                """));
    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.OK);
    assertThat(run.task("Who am I").data()).containsEntry("stdout", "deploy");
    assertThat(hosts.only().out("stat -c %U /home/deploy/by-su; cat /home/deploy/by-su"))
        .isEqualTo("deploy\nwritten by su\n");
  }

  private static final String TO_ROOT =
      Play.onAll()
          .with("remote_user: deploy")
          .noFacts()
          .with("become: true")
          .with("become_method: su")
          .tasks(
              """
      - name: Who am I
        ansible.builtin.command: id -un
      - name: Content on standard input survives the password line
        ansible.builtin.copy:
          dest: /root/by-su
          content: "line one\\nline two\\n"
          mode: "0600"
      """);

  @Test
  void deployBecomesRootWithSuAndRootsPasswordWithoutATerminal() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, hosts.only())
            .vars(Map.of("ansible_become_password", ROOT_PASSWORD))
            .run(TO_ROOT);
    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.OK);
    assertThat(run.task("Who am I").data()).containsEntry("stdout", "root");
    assertThat(hosts.only().out("stat -c '%U %a' /root/by-su; cat /root/by-su"))
        .isEqualTo("root 600\nline one\nline two\n");
    assertThat(run.console()).doesNotContain(ROOT_PASSWORD);

    TestbedRun.Result again =
        TestbedRun.in(dir, hosts.only())
            .vars(Map.of("ansible_become_password", ROOT_PASSWORD))
            .run(TO_ROOT);
    assertThat(again.status("Content on standard input survives the password line"))
        .isEqualTo(Status.OK);
  }

  @Test
  void aWrongSuPasswordFailsTheTaskWithSusOwnMessage() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, hosts.only())
            .vars(Map.of("ansible_become_password", "wrong"))
            .run(TO_ROOT);
    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.HOST_FAILED);
    assertThat(run.status("Who am I")).isEqualTo(Status.FAILED);
    assertThat(run.task("Who am I").data().toString())
        .as(run.console())
        .contains("su: Authentication failure");
  }
}
