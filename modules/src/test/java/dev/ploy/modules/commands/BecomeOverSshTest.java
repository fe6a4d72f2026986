package dev.ploy.modules.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sudo that asks for a password: the password is used, never leaks into a command's input. */
class BecomeOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    host = Testbed.fresh("become-pw");
    host.out(
        "useradd -m -s /bin/bash ops && echo 'ops:0ps-Pa55' | chpasswd"
            + " && echo 'ops ALL=(ALL) ALL' > /etc/sudoers.d/ops && chmod 440 /etc/sudoers.d/ops"
            + " && mkdir -p ~ops/.ssh && cp /root/.ssh/authorized_keys ~ops/.ssh/"
            + " && chown -R ops: ~ops/.ssh");
  }

  @Test
  void sudoWithAPasswordRunsAsRootAndKeepsStdinIntact() throws Exception {
    String playbook =
        """
        - hosts: all
          remote_user: ops
          become: true
          gather_facts: false
          vars:
            ansible_become_password: 0ps-Pa55
          tasks:
            - name: who
              ansible.builtin.command: id -un
              register: who
              changed_when: false
            - name: content through stdin
              ansible.builtin.copy:
                dest: /root/from-ops
                content: "first line\\nsecond line\\n"
            - name: stdin argument
              ansible.builtin.command:
                cmd: cat
                stdin: typed by ploy
              register: echoed
        """;
    TestbedRun.Result run = TestbedRun.in(dir, host).run(playbook);
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(run.task("who").data().get("stdout")).isEqualTo("root");
    assertThat(host.out("cat /root/from-ops")).isEqualTo("first line\nsecond line\n");
    assertThat(run.task("stdin argument").data().get("stdout")).isEqualTo("typed by ploy");
    assertThat(run.console()).doesNotContain("0ps-Pa55");
  }

  @Test
  void aWrongPasswordFailsClearly() throws Exception {
    String playbook =
        """
        - hosts: all
          remote_user: ops
          become: true
          gather_facts: false
          vars:
            ansible_become_password: wrong
          tasks:
            - name: who
              ansible.builtin.command: id -un
        """;
    TestbedRun.Result run = TestbedRun.in(dir, host).run(playbook);
    assertThat(run.failed()).isEqualTo(1);
    assertThat(run.console())
        .containsPattern("incorrect password|password is required|Sorry, try again")
        .doesNotContain("\"wrong\"");
  }
}
