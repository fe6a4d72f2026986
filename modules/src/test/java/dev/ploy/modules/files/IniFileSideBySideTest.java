package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.AnsibleRun;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ini_file run by ansible-playbook (community.general) against one fresh host and by ploy against
 * another: the files must be the same byte for byte, with the same mode and owner. On ploy's host
 * check mode first predicts the run exactly and changes nothing, --diff shows the edits, a second
 * run changes nothing, and hostile values stay data.
 */
class IniFileSideBySideTest {
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/ini",
          "printf '[mysqld]\\nport = 3306\\n# bind-address = 127.0.0.1\\n\\n[client]\\nport=3306\\n'"
              + " > /srv/ini/my.cnf",
          "printf 'top = 1\\n[a]\\nx = 1\\nx = 2\\n[gone]\\ny = 1\\n[b]\\nz = 1\\nz = 2' > /srv/ini/multi.ini",
          "chmod 0600 /srv/ini/multi.ini");

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Take over a commented option
            community.general.ini_file:
              path: /srv/ini/my.cnf
              section: mysqld
              option: bind-address
              value: 0.0.0.0
          - name: A bare option
            community.general.ini_file:
              path: /srv/ini/my.cnf
              section: mysqld
              option: skip-name-resolve
              allow_no_value: true
          - name: Rewrite an option
            community.general.ini_file:
              path: /srv/ini/my.cnf
              section: client
              option: port
              value: "3307"
              no_extra_spaces: true
          - name: A new file in a new directory
            community.general.ini_file:
              path: /srv/ini/new/app.ini
              section: main
              option: name
              value: ünï €
              mode: "0640"
          - name: Several values
            ini_file:
              path: /srv/ini/multi.ini
              section: a
              option: x
              values: ["2", "3"]
          - name: Remove a section
            ini_file:
              path: /srv/ini/multi.ini
              section: gone
              state: absent
          - name: Before the first section
            ini_file:
              path: /srv/ini/multi.ini
              option: top2
              value: "2"
          - name: Remove one value
            ini_file:
              path: /srv/ini/multi.ini
              section: b
              option: z
              value: "1"
              state: absent
              exclusive: false
      """;

  private static final String STATE =
      "cd /srv/ini && for f in my.cnf multi.ini new/app.ini; do"
          + " stat -c '%n %a %U %G' $f; od -c $f; done";

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameFiles() throws Exception {
    List<TargetHost> hosts = Testbed.fresh("ini-ansible", "ini-ploy");
    TargetHost withAnsible = hosts.get(0);
    TargetHost withPloy = hosts.get(1);
    withAnsible.out(SETUP);
    withPloy.out(SETUP);

    String untouched = withPloy.out("ls -laR /srv/ini; cat /srv/ini/*");
    TestbedRun.Result check = TestbedRun.in(dir, withPloy).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(withPloy.out("ls -laR /srv/ini; cat /srv/ini/*"))
        .as("check mode changes nothing")
        .isEqualTo(untouched);
    assertThat(check.console())
        .contains("-# bind-address = 127.0.0.1", "+bind-address = 0.0.0.0", "+port=3307")
        .contains("+name = ünï €", "-[gone]");

    AnsibleRun.run(dir, withAnsible, PLAYBOOK, Duration.ofMinutes(10));
    TestbedRun.Result ploy = TestbedRun.in(dir, withPloy).run(PLAYBOOK);
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    assertThat(ploy.changed()).isEqualTo(8);
    assertThat(check.changed()).as("check mode predicts the run").isEqualTo(ploy.changed());
    assertThat(ploy.task("Take over a commented option").data())
        .containsEntry("msg", "option changed")
        .containsEntry("path", "/srv/ini/my.cnf");

    String expected = withAnsible.out(STATE);
    assertThat(withPloy.out(STATE)).isEqualTo(expected);
    // the comparison is only worth something if Ansible did what the playbook says
    assertThat(withAnsible.out("cat /srv/ini/my.cnf /srv/ini/multi.ini"))
        .contains("bind-address = 0.0.0.0\nskip-name-resolve\n", "port=3307", "x = 3\nx = 2\n")
        .contains("[b]\nz = 2\n")
        .doesNotContain("[gone]", "z = 1");

    TestbedRun.Result again = TestbedRun.in(dir, withPloy).run(PLAYBOOK);
    again.assertConverged();
  }

  private static final String HOSTILE =
      """
      - hosts: all
        gather_facts: false
        vars:
          evil: "$(touch /tmp/pwned) `touch /tmp/pwned`; 'q' \\"d\\""
        tasks:
          - name: Hostile names and value
            ini_file:
              path: "/srv/ini {{ evil }}/-rf {{ evil }}.ini"
              section: "-s {{ evil }}"
              option: "--help {{ evil }}"
              value: "-x {{ evil }}"
          - name: A value with a line break
            ini_file: {path: /srv/plain.ini, section: main, option: a, value: "1\\n[evil]\\nb = 2"}
            ignore_errors: true
          - name: A section with a line break
            ini_file: {path: /srv/plain.ini, section: "main]\\nb = 2\\n[x", option: a, value: "1"}
            ignore_errors: true
      """;

  @Test
  void hostileValuesStayDataAndLineBreaksAreRefused() throws Exception {
    TargetHost host = Testbed.fresh("ini-hostile");
    TestbedRun.Result run = TestbedRun.in(dir, host).run(HOSTILE);
    String evil = "$(touch /tmp/pwned) `touch /tmp/pwned`; 'q' \"d\"";
    assertThat(run.status("Hostile names and value")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(
            host.out(
                "cat \"/srv/ini $EVIL/-rf $EVIL.ini\""
                    .replace(
                        "$EVIL",
                        evil.replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`"))))
        .isEqualTo("\n[-s " + evil + "]\n--help " + evil + " = -x " + evil + "\n");
    assertThat(run.status("A value with a line break")).isEqualTo(Status.FAILED);
    assertThat(run.task("A value with a line break").data().get("msg").toString())
        .contains("must be one line");
    assertThat(run.status("A section with a line break")).isEqualTo(Status.FAILED);
    assertThat(host.sh("test -e /srv/plain.ini").ok()).isFalse();
    assertThat(host.sh("test -e /tmp/pwned").ok()).isFalse();
  }
}
