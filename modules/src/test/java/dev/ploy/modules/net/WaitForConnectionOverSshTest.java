package dev.ploy.modules.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wait_for_connection on a real host whose SSH server goes away (every sshd killed, the run's own
 * connection with them) and comes back a few seconds later: the task waits over ploy's own
 * connection, which reconnects, and the next task runs. Check mode skips it, as Ansible does.
 */
class WaitForConnectionOverSshTest {
  private static final String PLAYBOOK =
      Play.onAll()
          .noFacts()
          .tasks(
              """
      - name: Take SSH away for a while
        shell: >-
          setsid sh -c 'sleep 1; systemctl stop ssh; pkill -KILL -x sshd; sleep 5;
          systemctl start ssh' >/dev/null 2>&1 </dev/null &
      - name: Wait for the host
        ansible.builtin.wait_for_connection:
          delay: 2
          sleep: 1
          connect_timeout: 3
          timeout: 60
      - name: Run something after
        command: echo alive
        register: after
      """);

  @TempDir Path dir;

  @Test
  void waitsUntilTheHostAnswersAgain() throws Exception {
    TargetHost host = Testbed.fresh("waitconn");
    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK);
    assertThat(check.status("Wait for the host")).as(check.console()).isEqualTo(Status.SKIPPED);
    assertThat(host.out("systemctl is-active ssh")).isEqualTo("active\n");

    TestbedRun.Result run = TestbedRun.in(dir, host).run(PLAYBOOK);
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(run.status("Wait for the host")).isEqualTo(Status.OK);
    assertThat(((Number) run.task("Wait for the host").data().get("elapsed")).longValue())
        .isGreaterThanOrEqualTo(5);
    assertThat(run.task("Run something after").data()).containsEntry("stdout", "alive");
  }

  @Test
  void failsAfterTheTimeoutAndRefusesBadValues() throws Exception {
    TargetHost host = Testbed.fresh("waitconn-down");
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .run(
                Play.onAll()
                    .noFacts()
                    .tasks(
                        """
                - name: No attempt may take no time
                  wait_for_connection: {connect_timeout: 0}
                  ignore_errors: true
                - name: Take SSH away for longer
                  shell: >-
                    setsid sh -c 'sleep 1; systemctl stop ssh; pkill -KILL -x sshd; sleep 15;
                    systemctl start ssh' >/dev/null 2>&1 </dev/null &
                - name: Wait too little
                  wait_for_connection: {delay: 2, timeout: 3, connect_timeout: 2}
                """));
    assertThat(run.status("No attempt may take no time")).isEqualTo(Status.FAILED);
    assertThat(run.status("Wait too little")).as(run.console()).isEqualTo(Status.FAILED);
    assertThat(run.task("Wait too little").data().get("msg").toString())
        .startsWith("timed out waiting for the connection");
  }
}
