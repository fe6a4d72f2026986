package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that a careless module would let the shell interpret go through command, shell (as an
 * argument), copy, file and template: nothing runs, and every value arrives byte for byte.
 */
class HostileValuesTest {
  static final List<String> HOSTILE =
      List.of(
          "$(touch /tmp/pwned)",
          "`touch /tmp/pwned`",
          "a'b\"c\\d",
          "; touch /tmp/pwned; echo",
          "| touch /tmp/pwned",
          "&& touch /tmp/pwned",
          "-rf",
          "--help",
          "*",
          "$HOME ${PATH} $((1+1))",
          "line one\nline two\n",
          "tab\there",
          "é ✓ 日本語",
          "x".repeat(5000));

  /** The same, usable as file names (no '/'). */
  static final List<String> NAMES =
      List.of(
          "$(touch pwned)",
          "`touch pwned`",
          "a'b\"c\\d",
          "; touch pwned",
          "-rf",
          "*",
          "$HOME",
          "new\nline",
          "é ✓ 日本語",
          " leading space");

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    host = Testbed.fresh("hostile");
  }

  @Test
  void nothingIsInjectedAndEveryValueArrivesIntact() throws Exception {
    String playbook =
        """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
            - name: directory
              ansible.builtin.file: {path: /srv/h, state: directory}
            - name: argv keeps each value one word
              ansible.builtin.command:
                argv: [printf, "%s", "{{ item }}"]
              loop: "{{ hostile }}"
              register: printed
            - name: content is written as given
              ansible.builtin.copy:
                dest: "/srv/h/content-{{ idx }}"
                content: "{{ item }}"
              loop: "{{ hostile }}"
              loop_control: {index_var: idx}
            - name: a template renders the value as text
              ansible.builtin.template:
                src: value.mustache
                dest: "/srv/h/template-{{ idx }}"
              loop: "{{ hostile }}"
              loop_control: {index_var: idx}
            - name: names are names
              ansible.builtin.file:
                path: "/srv/h/{{ item }}"
                state: touch
              loop: "{{ names }}"
            - name: command splitting quotes like a shell, and never expands
              ansible.builtin.command: printf '%s' '$(touch /tmp/pwned)' "`touch /tmp/pwned`"
              register: split
        """;
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .file("value.mustache", "{{ item }}")
            .vars(Map.of("hostile", HOSTILE, "names", NAMES))
            .run(playbook);
    assertThat(run.failed()).as(run.console()).isZero();

    assertThat(host.sh("test -e /tmp/pwned").rc()).as("an injected command ran").isNotZero();
    assertThat(host.sh("test -e /srv/h/pwned || test -e ~deploy/pwned || test -e /root/pwned").rc())
        .isNotZero();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> printed =
        (List<Map<String, Object>>)
            run.task("argv keeps each value one word").data().get("results");
    for (int i = 0; i < HOSTILE.size(); i++) {
      String expected = HOSTILE.get(i).replaceAll("\n+$", "");
      assertThat(printed.get(i).get("stdout")).isEqualTo(expected);
      String sums =
          host.out("sha256sum < /srv/h/content-" + i + "; sha256sum < /srv/h/template-" + i);
      String want = sha256(HOSTILE.get(i)) + "  -\n";
      assertThat(sums).isEqualTo(want + want);
    }
    String listing = host.out("cd /srv/h && for f in *; do printf '%s\\0' \"$f\"; done");
    for (String name : NAMES) {
      // a path expands $VARS of the target as Ansible's do: /srv/h/$HOME is /srv/h//root
      assertThat(listing).contains((name.equals("$HOME") ? "root" : name) + "\0");
    }
    assertThat(
            run.task("command splitting quotes like a shell, and never expands")
                .data()
                .get("stdout"))
        .isEqualTo("$(touch /tmp/pwned)`touch /tmp/pwned`");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
