package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ansible_local over real SSH: gathering reads /etc/ansible/facts.d, setup's fact_path another
 * directory; an executable fact runs on the target (with the play's become), a failing one is an
 * error text and a warning; a hostile fact_path is only ever a path. Reading facts changes nothing,
 * in check mode neither.
 */
class LocalFactsOverSshTest {
  @TempDir Path dir;

  /** Directory names a fact_path may hold that must never run or become an option. */
  private static final List<String> HOSTILE =
      List.of(
          "/tmp/q'; touch /tmp/pwned-quote; '",
          "/tmp/$(touch /tmp/pwned-subst)",
          "/tmp/a;touch /tmp/pwned-semicolon",
          "/tmp/line\ntouch /tmp/pwned-newline",
          "-newer /etc/passwd -fprint /tmp/pwned-option");

  @Test
  @SuppressWarnings("unchecked")
  void gatheringAndSetupReadLocalFactsAndHostilePathsStayPaths() throws Exception {
    TargetHost host = Testbed.fresh("facts-local");
    host.out(
        """
        mkdir -p /etc/ansible/facts.d /srv/facts && cd /etc/ansible/facts.d
        printf '{"port": 8080, "tags": ["a", "b"]}\\n' > app.fact
        printf '[db]\\nHost = db1\\nurl = pg://%%(host)s/\\n' > db.fact
        printf '#!/bin/sh\\necho "{\\\\"user\\\\": \\\\"$(id -un)\\\\"}"\\n' > who.fact
        chmod 755 who.fact
        printf '#!/bin/sh\\necho oops >&2\\nexit 3\\n' > /srv/facts/fail.fact
        chmod 755 /srv/facts/fail.fact
        printf '{"other": true}\\n' > /srv/facts/other.fact
        """);
    for (String path : HOSTILE) {
      // a relative path is made in every directory a command may start in
      for (String base :
          path.startsWith("-") ? List.of("/", "/root/", "/home/deploy/") : List.of("")) {
        host.out(
            "mkdir -p -- "
                + ShellQuote.quote(base + path)
                + " && printf '{\"ok\": 1}\\n' > "
                + ShellQuote.quote(base + path + "/x.fact"));
      }
    }
    StringBuilder hostile = new StringBuilder();
    for (int i = 0; i < HOSTILE.size(); i++) {
      hostile
          .append("    - name: hostile ")
          .append(i)
          .append("\n      setup: {fact_path: ")
          .append(yamlString(HOSTILE.get(i)))
          .append(", filter: [ansible_local]}\n");
    }
    String playbook =
        """
        - hosts: all
          remote_user: deploy
          become: true
          tasks:
            - name: gathered
              debug: {msg: "{{ ansible_local | to_json }}"}
            - name: other path
              setup: {fact_path: /srv/facts, filter: [ansible_local]}
        """
            + hostile;
    for (boolean check : new boolean[] {false, true}) {
      TestbedRun.Result run = TestbedRun.in(dir, host).check(check).run(playbook);
      assertThat(run.failed()).as(run.console()).isZero();
      assertThat(run.changed()).as(run.console()).isZero();
      assertThat(run.task("gathered").data().get("msg").toString())
          .isEqualTo(
              "{\"app\": {\"port\": 8080, \"tags\": [\"a\", \"b\"]},"
                  + " \"db\": {\"db\": {\"host\": \"db1\", \"url\": \"pg://db1/\"}},"
                  + " \"who\": {\"user\": \"root\"}}");
      Map<String, Object> other = run.task("other path").data();
      assertThat((Map<String, Object>) other.get("ansible_facts"))
          .containsEntry(
              "ansible_local",
              Map.of(
                  "fail",
                  "Failure executing fact script (/srv/facts/fail.fact), rc: 3, err: oops\n",
                  "other",
                  Map.of("other", true)));
      assertThat((List<String>) other.get("warnings"))
          .containsExactly(
              "Failure executing fact script (/srv/facts/fail.fact), rc: 3, err: oops\n");
      for (int i = 0; i < HOSTILE.size(); i++) {
        assertThat(run.status("hostile " + i)).isEqualTo(Status.OK);
        assertThat((Map<String, Object>) run.task("hostile " + i).data().get("ansible_facts"))
            .as(HOSTILE.get(i))
            .containsEntry("ansible_local", Map.of("x", Map.of("ok", 1)));
      }
    }
    assertThat(host.out("ls /tmp | grep pwned || true")).isEmpty();
  }

  /** A YAML double-quoted string: the path exactly, newline and all. */
  private static String yamlString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
