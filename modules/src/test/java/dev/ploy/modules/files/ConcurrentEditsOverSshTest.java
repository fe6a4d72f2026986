package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs editing one file at the same time, each over its own SSH connection: every edit of
 * lineinfile, blockinfile, replace and sysctl survives (a write replaces the file only if it is
 * still what was read, else the file is read and edited again), and a file that keeps changing
 * underneath fails the task saying so.
 */
class ConcurrentEditsOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("cas-edits");
  }

  /** Runs both playbooks at once, each from a directory (and connection) of its own. */
  private List<TestbedRun.Result> together(String first, String second) throws Exception {
    Path one = Files.createDirectories(dir.resolve("one"));
    Path two = Files.createDirectories(dir.resolve("two"));
    CompletableFuture<TestbedRun.Result> a = CompletableFuture.supplyAsync(() -> run(one, first));
    CompletableFuture<TestbedRun.Result> b = CompletableFuture.supplyAsync(() -> run(two, second));
    return List.of(a.get(5, TimeUnit.MINUTES), b.get(5, TimeUnit.MINUTES));
  }

  private static TestbedRun.Result run(Path dir, String playbook) {
    try {
      return TestbedRun.in(dir, host).run(playbook);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String play(String task) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
        %s"""
        .formatted(task.indent(4));
  }

  /**
   * Runs the task as writer "one" and writer "two" at once (each {@code %s} in it: the writer's
   * name); both must succeed.
   */
  private void bothSucceed(String task) throws Exception {
    allSucceeded(together(play(task.replace("%s", "one")), play(task.replace("%s", "two"))));
  }

  private static void allSucceeded(List<TestbedRun.Result> results) {
    for (TestbedRun.Result result : results) {
      assertThat(result.failed()).as(result.console()).isZero();
    }
  }

  @Test
  @Timeout(600)
  void twoRunsAddingFortyLinesEachKeepAllEighty() throws Exception {
    host.out("printf 'original\\n' > /etc/shared.conf");
    String lines =
        """
        - name: Lines
          ansible.builtin.lineinfile:
            path: /etc/shared.conf
            line: "%s {{ item }}"
          loop: "{{ range(40) | list }}"
        """;
    bothSucceed(lines);
    List<String> content = List.of(host.out("cat /etc/shared.conf").split("\n"));
    assertThat(content).hasSize(81).startsWith("original");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      expected.add("one " + i);
      expected.add("two " + i);
    }
    assertThat(content).containsAll(expected).doesNotHaveDuplicates();
    assertThat(host.out("ls -a /etc | grep -c '^\\.ploy-' || true").strip()).isEqualTo("0");
  }

  @Test
  @Timeout(600)
  void twoRunsManagingBlocksUnderTheirOwnMarkersKeepEveryBlock() throws Exception {
    host.out("printf 'original\\n' > /etc/blocks.conf");
    String blocks =
        """
        - name: Blocks
          ansible.builtin.blockinfile:
            path: /etc/blocks.conf
            marker: "# {mark} %s {{ item }}"
            block: "%s {{ item }}"
          loop: "{{ range(20) | list }}"
        """;
    bothSucceed(blocks);
    String content = host.out("cat /etc/blocks.conf");
    for (String run : List.of("one", "two")) {
      for (int i = 0; i < 20; i++) {
        assertThat(content)
            .contains(
                "# BEGIN " + run + " " + i + "\n" + run + " " + i + "\n# END " + run + " " + i);
      }
    }
    assertThat(content.split("\n")).hasSize(1 + 40 * 3);
  }

  @Test
  @Timeout(600)
  void twoRunsReplacingDifferentLinesKeepEveryReplacement() throws Exception {
    String seed =
        IntStream.range(0, 30)
            .mapToObj(i -> "one" + i + " = old\ntwo" + i + " = old\n")
            .collect(Collectors.joining());
    host.out("printf '%s' '" + seed + "' > /etc/replaced.conf");
    String replace =
        """
        - name: Replace
          ansible.builtin.replace:
            path: /etc/replaced.conf
            regexp: '^%s{{ item }} = old$'
            replace: '%s{{ item }} = new'
          loop: "{{ range(30) | list }}"
        """;
    bothSucceed(replace);
    assertThat(host.out("cat /etc/replaced.conf")).isEqualTo(seed.replace("= old", "= new"));
  }

  @Test
  @Timeout(600)
  void twoRunsSettingSysctlKeysInOneFileKeepEveryKey() throws Exception {
    host.out("printf '# shared\\n' > /etc/sysctl.d/90-shared.conf");
    String keys =
        """
        - name: Keys
          ansible.posix.sysctl:
            name: "ploy.%s.k{{ item }}"
            value: "{{ item }}"
            sysctl_file: /etc/sysctl.d/90-shared.conf
            sysctl_set: false
            reload: false
          loop: "{{ range(20) | list }}"
        """;
    bothSucceed(keys);
    List<String> content = List.of(host.out("cat /etc/sysctl.d/90-shared.conf").split("\n"));
    assertThat(content).hasSize(41).startsWith("# shared").doesNotHaveDuplicates();
    for (int i = 0; i < 20; i++) {
      assertThat(content).contains("ploy.one.k" + i + "=" + i, "ploy.two.k" + i + "=" + i);
    }
  }

  @Test
  @Timeout(600)
  void twoRunsCopyingOverOneFileWithBackupsBothSucceed() throws Exception {
    host.out("printf 'original\\n' > /etc/copied.conf");
    String copies =
        """
        - name: Copies
          ansible.builtin.copy:
            content: "%s {{ item }}\\n"
            dest: /etc/copied.conf
            backup: true
          loop: "{{ range(20) | list }}"
        """;
    bothSucceed(copies);
    assertThat(host.out("cat /etc/copied.conf")).isIn("one 19\n", "two 19\n");
    // every backup holds a whole version (backups made in the same second share a name)
    for (String backup : host.out("cat /etc/copied.conf.*~").split("\n")) {
      assertThat(backup).matches("original|(one|two) \\d+");
    }
  }

  @Test
  @Timeout(600)
  void twoRunsAddingAuthorizedKeysLoseNoKeyTheyReportAdded() throws Exception {
    host.out("id keys >/dev/null 2>&1 || useradd -m keys");
    String keys =
        """
        - name: Keys
          ansible.posix.authorized_key:
            user: keys
            key: "{{ item }}"
          loop: %s
        """;
    List<TestbedRun.Result> results =
        together(play(keys.formatted(keys("one"))), play(keys.formatted(keys("two"))));
    // a key is computed into the file's earlier content: when another run changed the file
    // meanwhile the write fails saying so, and never drops the other run's key
    List<String> added = new ArrayList<>();
    for (TestbedRun.Result result : results) {
      for (Object item : (List<?>) result.task("Keys").data().get("results")) {
        java.util.Map<?, ?> one = (java.util.Map<?, ?>) item;
        if (Boolean.TRUE.equals(one.get("failed"))) {
          assertThat(String.valueOf(one.get("msg"))).contains("changed while it was being edited");
        } else {
          added.add(String.valueOf(one.get("item")));
        }
      }
    }
    List<String> file =
        List.of(host.out("cat /home/keys/.ssh/authorized_keys").strip().split("\n"));
    assertThat(file).containsExactlyInAnyOrderElementsOf(added);
  }

  private static String keys(String run) {
    return IntStream.range(0, 15)
        .mapToObj(
            i ->
                "'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"
                    + String.format("%-43s", run + i).replace(' ', 'A')
                    + " "
                    + run
                    + i
                    + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Test
  @Timeout(600)
  void aFileThatKeepsChangingFailsTheEditSayingSo() throws Exception {
    host.out("printf 'original\\n' > /etc/busy.conf");
    // a writer outside ploy rewrites the file all the time; the validation's pause between each
    // read and write makes sure it did so in between, however busy the machine
    String writer =
        "touch /tmp/busy; nohup sh -c 'while [ -e /tmp/busy ]; do date +%N > /etc/busy.conf.new;"
            + " mv /etc/busy.conf.new /etc/busy.conf; done' >/dev/null 2>&1 &";
    host.out(writer);
    try {
      TestbedRun.Result result =
          TestbedRun.in(dir, host)
              .run(
                  play(
                      """
                      - name: Busy
                        ansible.builtin.lineinfile:
                          path: /etc/busy.conf
                          line: mine
                          validate: sh -c 'sleep 0.3' %s
                      """));
      assertThat(result.status("Busy")).as(result.console()).isEqualTo(Status.FAILED);
      assertThat(result.task("Busy").message())
          .contains("/etc/busy.conf changed while it was being edited");
    } finally {
      host.out("rm -f /tmp/busy; sleep 0.5; rm -f /etc/busy.conf /etc/busy.conf.new");
    }
    assertThat(host.out("ls -a /etc | grep -c '^\\.ploy-' || true").strip()).isEqualTo("0");
  }
}
