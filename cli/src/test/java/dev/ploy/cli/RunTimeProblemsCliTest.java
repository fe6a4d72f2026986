package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ansible-playbook 2.14 finds only when a task runs (a module's arguments, a notify naming no
 * handler) is a warning before running, and the task fails with it when it runs, on this machine
 * (-c local). ansible-playbook stops the whole run with "ERROR! The requested handler ..." where
 * ploy fails the task that notified.
 */
class RunTimeProblemsCliTest {
  @TempDir Path dir;

  private PloyRun ploy(String playbookText) throws Exception {
    Path playbook = Files.writeString(dir.resolve("site.yml"), playbookText);
    return PloyRun.local("localhost", playbook.toString());
  }

  @Test
  void aTaskThatRunsWithWrongArgumentsFailsWithTheProblemFoundAtLoad() throws Exception {
    PloyRun run =
        ploy(
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - name: skipped
              command: echo hi
              args: {warn: false}
              when: false
            - name: runs
              command: echo hi
              args: {warn: false}
            - name: never reached
              command: echo after
            """));
    assertThat(run.err())
        .contains("[WARNING]: " + dir.resolve("site.yml") + ":5:")
        .contains("unknown argument 'warn' for module command");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.out())
        .contains("TASK [skipped]")
        .contains("skipping: [localhost]")
        .contains("site.yml:9:")
        .contains("unknown argument 'warn'")
        .doesNotContain("TASK [never reached]")
        .containsPattern("localhost +: ok=0 +changed=0 +unreachable=0 +failed=1 +skipped=1");
  }

  @Test
  void aNotifyOfNoHandlerEndsTheRunOnlyWhenTheTaskChanges() throws Exception {
    PloyRun run =
        ploy(
            """
            - hosts: all
              gather_facts: false
              tasks:
                - name: unchanged
                  command: echo hi
                  changed_when: false
                  notify: no such handler
                - name: changed
                  command: echo hi
                  notify: no such handler
                - name: never reached
                  debug: {msg: never}
              handlers:
                - name: a handler
                  debug: {msg: never}
            """);
    assertThat(run.err())
        .contains("notify names no handler: 'no such handler'")
        .contains("(the run ends if the task changes and so notifies it, as in Ansible)")
        .contains(
            "ERROR! The requested handler 'no such handler' was not found in either the main"
                + " handlers list nor in the listening handlers list");
    // as ansible-playbook 2.14: exit 1, the changed task's result and the recap unshown
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains("TASK [unchanged]")
        .contains("ok: [localhost]")
        .contains("TASK [changed]")
        .doesNotContain("changed: [localhost]")
        .doesNotContain("TASK [never reached]")
        .doesNotContain("PLAY RECAP");
  }
}
