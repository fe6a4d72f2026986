package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** lineinfile, blockinfile and replace on real Debian hosts over SSH, as deploy with sudo. */
class LinesOverSshTest {
  private static final String HOSTILE =
      "$(touch /tmp/pwned) `touch /tmp/pwned`; rm -rf /nothing* 'single' \"double\" back\\slash"
          + " -n --force ü ✓ \t tab";
  private static final String HOSTILE_BLOCK =
      "first $(touch /tmp/pwned)\n`touch /tmp/pwned` & echo >/tmp/pwned\nlast \\' \" ✓\n";
  private static final String SEED =
      "port = 80\n#PasswordAuthentication yes\nname = old\nremove me";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Port from a backreference
            ansible.builtin.lineinfile:
              path: /etc/app.conf
              regexp: '^port = (\\d\\d)$'
              line: 'port = \\g<1>80'
              backrefs: true
          - name: Password logins off
            ansible.builtin.lineinfile:
              path: /etc/app.conf
              regexp: '^#?PasswordAuthentication'
              line: PasswordAuthentication no
              backup: true
            register: password
          - name: Rename
            ansible.builtin.replace:
              path: /etc/app.conf
              regexp: '^name = (?P<old_name>\\w+)$'
              replace: 'name = new-\\g<old_name>'
          - name: Remove the last line
            ansible.builtin.lineinfile:
              path: /etc/app.conf
              line: remove me
              state: absent
          - name: Hostile line
            ansible.builtin.lineinfile:
              path: /etc/app.conf
              line: "{{ hostile }}"
          - name: Managed block
            ansible.builtin.blockinfile:
              path: /etc/app.conf
              marker: ";; {mark} ploy"
              block: "{{ hostile_block }}"
          - name: New file in a new directory
            ansible.builtin.lineinfile:
              path: /etc/app.d/extra.conf
              line: x = 1
              create: true
              mode: "0600"
              owner: deploy
      """;

  private static final String EXPECTED =
      "port = 8080\nPasswordAuthentication no\nname = new-old\n"
          + HOSTILE
          + "\n;; BEGIN ploy\n"
          + HOSTILE_BLOCK
          + ";; END ploy\n";

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("lines-check", "lines-run")
          .eachSetUp(
              host ->
                  host.out(
                      "printf '%s' '" + SEED + "' > /etc/app.conf && chmod 640 /etc/app.conf"));

  @TempDir Path dir;

  private TestbedRun on(TargetHost host) {
    return TestbedRun.in(dir, host)
        .vars(Map.of("hostile", HOSTILE, "hostile_block", HOSTILE_BLOCK));
  }

  @Test
  void checkModeOnAFreshHostPredictsAndChangesNothing() throws Exception {
    String before = hosts.fresh().out("sha1sum /etc/app.conf; ls -a /etc | grep -c app; ls /tmp");
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).as(check.console()).isEqualTo(7);
    assertThat(hosts.fresh().out("sha1sum /etc/app.conf; ls -a /etc | grep -c app; ls /tmp"))
        .isEqualTo(before);
    assertThat(hosts.fresh().sh("test -e /tmp/pwned").ok()).isFalse();
    assertThat(check.console())
        .contains("-#PasswordAuthentication yes")
        .contains("+PasswordAuthentication no")
        .contains("-port = 80\n")
        .contains("+port = 8080")
        .contains("+name = new-old")
        .contains("+;; BEGIN ploy")
        .contains("+x = 1");
    assertThat(check.task("Password logins off").data()).containsEntry("msg", "line replaced");
  }

  @Test
  void aRunConvergesAndASecondChangesNothing() throws Exception {
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).as(first.console()).isEqualTo(7);
    assertThat(hosts.used().out("cat /etc/app.conf")).isEqualTo(EXPECTED);
    assertThat(hosts.used().sh("test -e /tmp/pwned").ok()).isFalse();
    assertThat(hosts.used().out("stat -c '%U %G %a' /etc/app.conf /etc/app.d/extra.conf"))
        .isEqualTo("root root 640\ndeploy root 600\n");
    assertThat(hosts.used().out("cat /etc/app.d/extra.conf")).isEqualTo("x = 1\n");
    Object backup = first.task("Password logins off").data().get("backup_file");
    assertThat(backup).isNotNull();
    assertThat(first.task("Password logins off").data()).containsEntry("backup", backup);
    assertThat(hosts.used().out("cat '" + backup + "'"))
        .isEqualTo("port = 8080\n#PasswordAuthentication yes\nname = old\nremove me");
    assertThat(first.task("Remove the last line").data())
        .containsEntry("msg", "1 line(s) removed")
        .containsEntry("found", 1);
    assertThat(first.task("Rename").data()).containsEntry("msg", "1 replacements made");
    assertThat(first.task("Managed block").data()).containsEntry("msg", "Block inserted");
    assertThat(hosts.used().out("ls -a /etc | grep -c ploy-tmp || true").strip()).isEqualTo("0");

    on(hosts.used()).run(PLAYBOOK).assertConverged();
    assertThat(hosts.used().out("cat /etc/app.conf")).isEqualTo(EXPECTED);
  }

  @Test
  void aFailedValidationLeavesTheFileAsItWas() throws Exception {
    hosts
        .used()
        .out("printf 'keep\\n' > /etc/validated.conf && ln -sf /etc/validated.conf /etc/link.conf");
    TestbedRun.Result failed =
        on(hosts.used())
            .run(
                """
                - hosts: all
                  remote_user: deploy
                  become: true
                  tasks:
                    - name: Rejected
                      ansible.builtin.lineinfile:
                        path: /etc/link.conf
                        line: rejected
                        validate: grep -q never %s
                """);
    assertThat(failed.failed()).isEqualTo(1);
    assertThat(failed.task("Rejected").message()).contains("failed to validate");
    assertThat(hosts.used().out("cat /etc/validated.conf")).isEqualTo("keep\n");

    TestbedRun.Result through =
        on(hosts.used())
            .run(
                """
                - hosts: all
                  remote_user: deploy
                  become: true
                  tasks:
                    - name: Through the link
                      ansible.builtin.blockinfile:
                        path: /etc/link.conf
                        block: inside
                        validate: grep -q inside %s
                """);
    assertThat(through.failed()).as(through.console()).isZero();
    assertThat(hosts.used().out("readlink /etc/link.conf")).isEqualTo("/etc/validated.conf\n");
    assertThat(hosts.used().out("cat /etc/validated.conf"))
        .isEqualTo("keep\n# BEGIN ANSIBLE MANAGED BLOCK\ninside\n# END ANSIBLE MANAGED BLOCK\n");
  }
}
