package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small write whose shell is killed (SIGKILL: no trap runs) leaves its temporary file behind,
 * named after the SSH session that made it; once that session has ended, the next write into the
 * same directory removes it, and keeps the temporary files of sessions still alive.
 */
class LeftoversOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("leftovers");
  }

  private static String copy(String dest, String validate) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
            - name: Write
              ansible.builtin.copy:
                content: "small\\n"
                dest: %s
                %s
        """
        .formatted(dest, validate.isEmpty() ? "" : "validate: \"" + validate + "\"");
  }

  private static String leftovers() {
    return host.out("ls -a /srv/left | grep '^\\.ploy-' || true");
  }

  @Test
  @Timeout(300)
  void theTemporaryFileOfAKilledWriteIsRemovedByTheNextWriteOnceItsSessionHasEnded()
      throws Exception {
    host.out("mkdir -p /srv/left && rm -f /srv/left/.ploy-*");
    // the validation kills the shell that runs the write, as kill -9 would
    TestbedRun.Result killed =
        TestbedRun.in(dir, host).run(copy("/srv/left/a.conf", "sh -c 'kill -9 $PPID' %s"));
    assertThat(killed.exitCode()).as(killed.console()).isNotEqualTo(RunOutcome.OK);
    String left = leftovers().strip();
    assertThat(left).as(killed.console()).matches("\\.ploy-tmp-\\d+-\\d+-[0-9a-f-]{36}");
    String pid = left.split("-")[2];
    host.out(
        "i=0; while [ -e /proc/" + pid + " ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done");
    assertThat(host.out("test -e /proc/" + pid + " && echo alive || true")).isEmpty();
    // a write still under way in a live session (sshd's listener stands for it) is kept
    String live =
        ".ploy-tmp-"
            + host.out(
                    "p=$(systemctl show -p MainPID --value ssh);"
                        + " printf '%s-%s' $p \"$(sed 's/^.*) //' /proc/$p/stat | cut -d' ' -f20)\"")
                .strip()
            + "-concurrent";
    host.out("printf live > /srv/left/" + live);

    TestbedRun.Result next = TestbedRun.in(dir, host).run(copy("/srv/left/b.conf", ""));
    assertThat(next.exitCode()).as(next.console()).isEqualTo(RunOutcome.OK);
    assertThat(host.out("cat /srv/left/b.conf")).isEqualTo("small\n");
    assertThat(leftovers()).isEqualTo(live + "\n");
    host.out("rm -f /srv/left/" + live);
  }
}
