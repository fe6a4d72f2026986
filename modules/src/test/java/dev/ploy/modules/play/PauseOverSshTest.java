package dev.ploy.modules.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pause on two real hosts: it waits once for the play, not once per host, and returns what
 * Ansible's pause returns without a terminal (recorded from ansible-playbook 2.14 with stdin not a
 * terminal): a prompt alone is not waited for and warns, user_input is empty.
 */
class PauseOverSshTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Wait a little
            ansible.builtin.pause:
              seconds: 2
            register: waited
          - name: Ask something
            pause:
              prompt: "Continue? $(touch /tmp/pwned)"
              echo: false
            register: asked
      """;

  @TempDir Path dir;

  @Test
  void waitsOnceForAllHostsAndNeverReadsAPrompt() throws Exception {
    List<TargetHost> hosts = Testbed.fresh("pause-a", "pause-b");
    for (boolean check : List.of(true, false)) {
      Instant start = Instant.now();
      TestbedRun.Result run = TestbedRun.in(dir, hosts).check(check).run(PLAYBOOK);
      Duration took = Duration.between(start, Instant.now());
      assertThat(run.failed()).as(run.console()).isZero();
      assertThat(run.changed()).isZero();
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      // one pause for both hosts, run, shown and counted on the batch's first host only, as
      // ansible-playbook 2.14 shows a pause (its action bypasses the host loop)
      TargetHost first = hosts.get(0);
      assertThat(run.status(first.name(), "Wait a little")).isEqualTo(Status.OK);
      assertThat(run.task(first.name(), "Wait a little").data())
          .containsEntry("delta", 2L)
          .containsEntry("stdout", "Paused for 2.0 seconds")
          .containsEntry("user_input", "")
          .containsEntry("echo", true);
      assertThat(run.task(first.name(), "Ask something").data())
          .containsEntry("delta", 0L)
          .containsEntry("stdout", "Paused for 0.0 minutes")
          .containsEntry("echo", false);
      assertThat(run.byHost().getOrDefault(hosts.get(1).name(), java.util.Map.of())).isEmpty();
      assertThat(run.console()).contains("Not waiting for response to prompt");
      assertThat(hosts.get(0).sh("test -e /tmp/pwned").ok()).isFalse();
    }
  }
}
