package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file tasks run by Debian's ansible-playbook against one fresh host and by ploy against
 * another: the resulting files, modes and owners must be identical byte for byte. ansible-core is
 * installed on the control node when missing; without it the test is skipped loudly (and fails on
 * CI).
 */
class SideBySideTest {
  private static final String SEED =
      "port = 80\n#PasswordAuthentication yes\nname = old\r\nlast line without newline";

  private static final String PLAYBOOK =
      """
      - hosts: all
        become: true
        vars:
          app_name: shop
        tasks:
          - name: Directory
            ansible.builtin.file:
              path: /srv/app
              state: directory
              mode: "0750"
              owner: deploy
          - name: Directory with missing parents
            ansible.builtin.file:
              path: /srv/deep/er/dir
              state: directory
              mode: "u=rwx,g=rx"
              owner: deploy
          - name: Copy content
            ansible.builtin.copy:
              dest: /srv/app/env
              content: "A=1\\nB='two words' $(not run)\\n"
              mode: "0600"
          - name: Template
            ansible.builtin.template:
              src: app.conf.j2
              dest: /srv/app/app.conf
              mode: "0644"
              group: deploy
          - name: Regexp line
            ansible.builtin.lineinfile:
              path: /srv/seed.conf
              regexp: '^#?PasswordAuthentication'
              line: PasswordAuthentication no
          - name: Exact line present with CRLF
            ansible.builtin.lineinfile:
              path: /srv/seed.conf
              line: name = old
          - name: Insert before
            ansible.builtin.lineinfile:
              path: /srv/seed.conf
              line: "# managed ✓"
              insertbefore: '^port'
          - name: Line after a last line without newline
            ansible.builtin.lineinfile:
              path: /srv/seed.conf
              line: appended
          - name: New file
            ansible.builtin.lineinfile:
              path: /srv/new/dir/file.conf
              line: created
              create: true
              mode: "0640"
          - name: Block
            ansible.builtin.blockinfile:
              path: /srv/seed.conf
              insertafter: '^port'
              block: |
                one $(touch /tmp/pwned)
                two ü
          - name: Replace
            ansible.builtin.replace:
              path: /srv/seed.conf
              regexp: '^port = (?P<p>\\d\\d)$'
              replace: 'port = \\g<p>80'
          - name: Touch
            ansible.builtin.file:
              path: /srv/app/touched
              state: touch
              mode: "0604"
              modification_time: preserve
              access_time: preserve
          - name: Link
            ansible.builtin.file:
              src: /srv/app/app.conf
              dest: /srv/app/current
              state: link
      """;

  private static final String INSPECT =
      "cd /srv && find . | sort | while read -r p; do"
          + " printf '%s %s\\n' \"$p\" \"$(stat -c '%F %a %U %G %s' \"$p\")\";"
          + " if [ -f \"$p\" ] && [ ! -L \"$p\" ]; then sha1sum < \"$p\"; fi;"
          + " if [ -L \"$p\" ]; then readlink \"$p\"; fi; done; ls /tmp";

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameFiles() throws Exception {
    SideBySide hosts = SideBySide.fresh(dir, "sbs");
    for (TargetHost host : hosts.hosts()) {
      host.out("mkdir -p /srv && printf '%s' '" + SEED + "' > /srv/seed.conf");
    }
    Files.writeString(dir.resolve("app.conf.j2"), "name={{ app_name }}\nport=8080\n");
    hosts.run(PLAYBOOK, Duration.ofMinutes(10));

    assertThat(hosts.assertSame(Map.of("files", INSPECT))).doesNotContain("pwned");
    hosts.assertSame(Map.of("seed.conf", "cat /srv/seed.conf"));

    hosts.assertPloyConverged(PLAYBOOK);
  }
}
