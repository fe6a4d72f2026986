package dev.ploy.modules.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ansible-playbook and ploy run the same tasks, whose paths hold ~, ~user, $VAR, ${VAR}, unset
 * variables and names that look like options, on two fresh hosts: they leave the same files.
 */
class PathExpansionSideBySideTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        gather_facts: false
        tasks:
          - file: {path: /srv/t, state: directory}
          - file: {path: ~/exp-tilde, state: touch}
          - file: {path: $HOME/exp-var, state: touch}
          - file: {path: "${HOME}/exp-braces", state: directory}
          - file: {path: ~deploy/exp-user, state: touch}
          - file: {path: ~nosuchuser/x, state: directory}
          - file: {path: /srv/t/$NOPE, state: touch}
          - file: {path: "/srv/t/${NOPE}x", state: touch}
          - file: {path: "/srv/t/${HOME}x", state: directory}
          - file: {path: /srv/t/~, state: touch}
          - file: {path: /srv/t/-rf, state: touch}
          - file: {path: /srv/t/--help, src: --reference=/etc/shadow, state: link, force: true}
          - copy: {content: "x\\n", dest: ~/exp-copy}
          - template: {src: plain.txt, dest: $HOME/exp-template}
          - command: {cmd: touch exp-chdir, chdir: ~deploy}
          - command: {cmd: touch exp-chdir2, chdir: $HOME, creates: ~/exp-chdir2}
      """;

  private static final String INSPECT =
      "find /srv/t /root /home/deploy -mindepth 1 -maxdepth 1 ! -name '.*' | sort"
          + " | while read -r p; do printf '%s %s\\n' \"$p\" \"$(stat -c '%F %U' -- \"$p\")\";"
          + " if [ -L \"$p\" ]; then readlink -- \"$p\"; fi; done";

  @TempDir Path dir;

  @Test
  void ansibleAndPloyExpandTheSamePaths() throws Exception {
    SideBySide hosts = SideBySide.fresh(dir, "exp");
    Files.writeString(dir.resolve("plain.txt"), "plain\n");
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(dir.resolve("templates/plain.txt"), "plain\n");
    hosts.run(PLAYBOOK, Duration.ofMinutes(10));

    assertThat(hosts.assertSame(Map.of("paths", INSPECT)))
        .contains(
            "/root/exp-tilde regular empty file root",
            "/home/deploy/exp-user regular empty file root",
            "/srv/t/$NOPE regular empty file root",
            "/home/deploy/~nosuchuser directory root");
  }
}
