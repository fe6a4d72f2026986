package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** stat, slurp, fetch, find and tempfile on real Debian hosts over SSH, as deploy with sudo. */
class InfoModulesOverSshTest {
  /** A name no shell may interpret: quotes, substitutions, separators, globs, dash, unicode. */
  static final String HOSTILE =
      "-it's \"q\" $(cd;touch pwned) `cd;touch pwned2`; & | *?[x] ü 日本 \\n";

  /** Where the payloads above would leave a mark if any shell ran them. */
  static final String PWNED =
      "ls /tmp/pwned /root/pwned /root/pwned2 /home/deploy/pwned /home/deploy/pwned2";

  static final String HOSTILE_DIR = "/srv/" + HOSTILE.replace("-", "d-");
  static final String HOSTILE_FILE = HOSTILE_DIR + "/" + HOSTILE + ".txt";
  static final String HOSTILE_CONTENT = "ünïcødé 'quoted' $(not run)\n\u0001binary\ttail";

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("info-a", "info-b").eachSetUp(host -> host.out(fixtures()));

  @TempDir Path dir;

  /** The files every test looks at, made as root. */
  static String fixtures() {
    return String.join(
        "\n",
        "set -e",
        "mkdir -p /srv/data/sub/deeper /srv/data/.hid",
        "printf 'hello\\n' > /srv/data/a.txt",
        "chown deploy:www-data /srv/data/a.txt && chmod 0640 /srv/data/a.txt",
        "ln -s a.txt /srv/data/link",
        "head -c 20480 /dev/zero > /srv/data/big.bin",
        "printf 'needle at start\\n' > /srv/data/sub/n.log",
        "printf 'a needle inside\\n' > /srv/data/sub/m.log",
        "printf 'deep\\n' > /srv/data/sub/deeper/d.log",
        "printf 'old\\n' > /srv/data/old.log && touch -d '10 days ago' /srv/data/old.log",
        "printf 'hidden\\n' > /srv/data/.hid/h.txt && printf 'dot\\n' > /srv/data/.dot.log",
        "printf 'root only\\n' > /root/secret.txt && chmod 0600 /root/secret.txt",
        "chmod 4755 /srv/data/sub/deeper",
        "mkdir -p " + ShellQuote.quote(HOSTILE_DIR),
        "printf '%s' " + ShellQuote.quote(HOSTILE_CONTENT) + " > " + ShellQuote.quote(HOSTILE_FILE),
        "for d in /root /home/deploy; do mkdir -p \"$d/-rf dir\";"
            + " printf 'x\\n' > \"$d/-rf dir/-n.conf\"; done");
  }

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        vars:
          ansible_user: deploy  # the inventory says root; play vars win, as in Ansible
        tasks:
          - name: stat a file
            ansible.builtin.stat:
              path: /srv/data/a.txt
            register: st
          - name: stat a missing file
            stat:
              path: /srv/data/missing
            register: missing
          - name: runs when it exists
            debug:
              msg: "a.txt is {{ st.stat.mode }} {{ st.stat.pw_name }}:{{ st.stat.gr_name }}"
            when: st.stat.exists and not missing.stat.exists
          - name: skipped when missing
            debug:
              msg: should not run
            when: missing.stat.exists
          - name: stat a link
            stat:
              path: /srv/data/link
            register: ln
          - name: stat through a link
            stat:
              path: /srv/data/link
              follow: true
              checksum_algorithm: sha256
          - name: stat a hostile name
            stat:
              path: "{{ hostile_file }}"
              checksum_algorithm: md5
          - name: stat a setuid directory
            stat:
              path: /srv/data/sub/deeper
          - name: slurp a hostile name
            slurp:
              src: "{{ hostile_file }}"
            register: slurped
          - name: decoded in a template
            debug:
              msg: "{{ slurped.content | b64decode }}"
          - name: fetch a file
            fetch:
              src: /srv/data/a.txt
              dest: fetched
          - name: fetch a file only root can read
            fetch:
              src: /root/secret.txt
              dest: "fetched/secret-{{ inventory_hostname }}.txt"
              flat: true
          - name: fetch a hostile name
            fetch:
              src: "{{ hostile_file }}"
              dest: fetched/hostile/
              flat: true
          - name: fetch a missing file
            fetch:
              src: /srv/data/missing
              dest: fetched
              fail_on_missing: false
          - name: find logs
            find:
              paths: /srv/data
              patterns: "*.log"
              recurse: true
            register: logs
          - name: find old logs
            find:
              paths: [/srv/data]
              patterns: ["*.log"]
              age: 5d
              recurse: true
          - name: find new logs one level down
            find:
              paths: /srv/data
              patterns: '.*\\.log$'
              use_regex: true
              age: -1d
              recurse: true
              depth: 2
              excludes: "m.*"
          - name: find lines starting with needle
            find:
              paths: /srv/data/sub
              contains: needle
          - name: find needle anywhere
            find:
              paths: /srv/data/sub
              contains: needle
              read_whole_file: true
          - name: find needle where no file is looked at
            find:
              paths: /srv/data/.hid
              contains: needle
          - name: find big files
            find:
              paths: /srv/data
              size: 10k
              get_checksum: true
          - name: find hidden too
            find:
              paths: /srv/data
              hidden: true
              recurse: true
              file_type: any
          - name: find directories and links
            find:
              paths: [/srv/data, /nowhere]
              file_type: directory
          - name: find links
            find:
              paths: /srv/data
              file_type: link
          - name: find hostile
            find:
              paths: ["{{ hostile_dir }}", "-rf dir"]
              patterns: ["{{ hostile_pattern }}", "-n.*"]
              contains: "{{ hostile_regex }}"
              get_checksum: true
          - name: a temporary file
            tempfile:
              suffix: .conf
            register: tmp
          - name: a temporary directory
            tempfile:
              state: directory
              path: /srv
              prefix: "{{ hostile_prefix }}"
          - name: cleanup only when created
            file:
              path: "{{ tmp.path }}"
              state: absent
            when: tmp.path is defined
      """;

  private TestbedRun on(TargetHost host) {
    return TestbedRun.in(dir, host)
        .vars(
            Map.of(
                "hostile_file", HOSTILE_FILE,
                "hostile_dir", HOSTILE_DIR,
                "hostile_pattern", "*$(cd;touch pwned)*",
                "hostile_regex", "(ü|x|'; touch /tmp/pwned; ')",
                "hostile_prefix", "p' $(cd;touch pwned) `x` ü-"));
  }

  private static String listing(TargetHost host) {
    return host.out("ls -la /srv /srv/data /tmp; " + PWNED + " 2>&1 || true");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stat(TestbedRun.Result run, String task) {
    return (Map<String, Object>) run.task(task).data().get("stat");
  }

  @SuppressWarnings("unchecked")
  private static List<String> found(TestbedRun.Result run, String task) {
    List<Map<String, Object>> files =
        (List<Map<String, Object>>) run.task(task).data().get("files");
    return files.stream().map(f -> (String) f.get("path")).collect(Collectors.toList());
  }

  @Test
  void checkModeReportsAndChangesNothing() throws Exception {
    String before = listing(hosts.fresh());
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(listing(hosts.fresh())).isEqualTo(before);
    assertThat(Files.exists(dir.resolve("fetched"))).isFalse();
    assertThat(check.status("fetch a file")).isEqualTo(Status.CHANGED);
    assertThat(check.status("fetch a file only root can read")).isEqualTo(Status.CHANGED);
    assertThat(check.status("a temporary file")).isEqualTo(Status.SKIPPED);
    assertThat(check.status("a temporary directory")).isEqualTo(Status.SKIPPED);
    assertThat(check.status("cleanup only when created")).isEqualTo(Status.SKIPPED);
    assertThat(check.status("stat a file")).isEqualTo(Status.OK);
    assertThat(stat(check, "stat a file")).containsEntry("exists", true);
    assertThat(check.console())
        .contains("+checksum: f572d396fae9206628714fb2ce00f72e94f2258f")
        .contains("fetched/info-a/srv/data/a.txt");
    assertThat(check.changed()).isEqualTo(3);
  }

  @Test
  void aRunReportsAnsiblesKeysAndASecondRunChangesOnlyTempfiles() throws Exception {
    TestbedRun.Result run = on(hosts.used()).run(PLAYBOOK);
    assertThat(run.failed()).as(run.console()).isZero();

    Map<String, Object> st = stat(run, "stat a file");
    assertThat(st)
        .containsEntry("exists", true)
        .containsEntry("path", "/srv/data/a.txt")
        .containsEntry("isreg", true)
        .containsEntry("isdir", false)
        .containsEntry("islnk", false)
        .containsEntry("mode", "0640")
        .containsEntry("pw_name", "deploy")
        .containsEntry("gr_name", "www-data")
        .containsEntry("size", 6L)
        .containsEntry("readable", true)
        .containsEntry("writeable", true)
        .containsEntry("executable", false)
        .containsEntry("isuid", false)
        .containsEntry("checksum", "f572d396fae9206628714fb2ce00f72e94f2258f")
        .containsEntry("uid", Long.parseLong(hosts.used().out("id -u deploy").strip()))
        .containsEntry(
            "inode", Long.parseLong(hosts.used().out("stat -c %i /srv/data/a.txt").strip()));
    assertThat((Double) st.get("mtime"))
        .isCloseTo(
            Double.parseDouble(hosts.used().out("stat -c %.9Y /srv/data/a.txt")), within(0.001));
    assertThat(stat(run, "stat a missing file")).isEqualTo(Map.of("exists", false));
    assertThat(run.task("runs when it exists").message())
        .isEqualTo("a.txt is 0640 deploy:www-data");
    assertThat(run.status("skipped when missing")).isEqualTo(Status.SKIPPED);

    assertThat(stat(run, "stat a link"))
        .containsEntry("islnk", true)
        .containsEntry("isreg", false)
        .containsEntry("lnk_target", "a.txt")
        .containsEntry("lnk_source", "/srv/data/a.txt")
        .doesNotContainKey("checksum");
    assertThat(stat(run, "stat through a link"))
        .containsEntry("islnk", false)
        .containsEntry("isreg", true)
        .containsEntry("checksum", hosts.used().out("sha256sum /srv/data/a.txt").substring(0, 64));
    assertThat(stat(run, "stat a hostile name"))
        .containsEntry("path", HOSTILE_FILE)
        .containsEntry("size", (long) HOSTILE_CONTENT.getBytes(StandardCharsets.UTF_8).length)
        .containsEntry(
            "checksum",
            hosts.used().out("md5sum < " + ShellQuote.quote(HOSTILE_FILE)).substring(0, 32));
    assertThat(stat(run, "stat a setuid directory"))
        .containsEntry("isdir", true)
        .containsEntry("isuid", true)
        .containsEntry("mode", "4755");

    String content = (String) run.task("slurp a hostile name").data().get("content");
    assertThat(new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8))
        .isEqualTo(HOSTILE_CONTENT);
    assertThat(run.task("slurp a hostile name").data())
        .containsEntry("encoding", "base64")
        .containsEntry("source", HOSTILE_FILE);
    assertThat(run.task("decoded in a template").message()).isEqualTo(HOSTILE_CONTENT);

    Path fetched = dir.resolve("fetched/info-b/srv/data/a.txt");
    assertThat(Files.readString(fetched)).isEqualTo("hello\n");
    assertThat(run.status("fetch a file")).isEqualTo(Status.CHANGED);
    assertThat(Files.readString(dir.resolve("fetched/secret-info-b.txt"))).isEqualTo("root only\n");
    assertThat(Files.readString(dir.resolve("fetched/hostile/" + HOSTILE + ".txt")))
        .isEqualTo(HOSTILE_CONTENT);
    assertThat(run.status("fetch a missing file")).isEqualTo(Status.OK);
    assertThat(run.task("fetch a missing file").message()).contains("does not exist");

    assertThat(found(run, "find logs"))
        .containsExactly(
            "/srv/data/old.log",
            "/srv/data/sub/deeper/d.log",
            "/srv/data/sub/m.log",
            "/srv/data/sub/n.log");
    assertThat(run.task("find logs").data()).containsEntry("matched", 4);
    assertThat(found(run, "find old logs")).containsExactly("/srv/data/old.log");
    assertThat(found(run, "find new logs one level down")).containsExactly("/srv/data/sub/n.log");
    assertThat(found(run, "find lines starting with needle"))
        .containsExactly("/srv/data/sub/n.log");
    assertThat(found(run, "find needle anywhere"))
        .containsExactly("/srv/data/sub/m.log", "/srv/data/sub/n.log");
    // geerlingguy.php: contains in conf.d holding only links failed "cannot read find's output"
    assertThat(found(run, "find needle where no file is looked at")).isEmpty();
    assertThat(run.task("find needle where no file is looked at").data())
        .containsEntry("matched", 0);
    assertThat(found(run, "find big files")).containsExactly("/srv/data/big.bin");
    assertThat(run.task("find big files").data().get("files").toString())
        .contains("checksum=" + hosts.used().out("sha1sum /srv/data/big.bin").substring(0, 40));
    assertThat(found(run, "find hidden too"))
        .contains("/srv/data/.dot.log", "/srv/data/.hid", "/srv/data/.hid/h.txt", "/srv/data/link");
    assertThat(run.task("find hidden too").data()).containsEntry("examined", 12);
    assertThat(found(run, "find directories and links")).containsExactly("/srv/data/sub");
    assertThat(run.task("find directories and links").data().get("skipped_paths").toString())
        .contains("/nowhere");
    assertThat(found(run, "find links")).containsExactly("/srv/data/link");
    assertThat(found(run, "find hostile")).containsExactly("-rf dir/-n.conf", HOSTILE_FILE);

    String tmp = (String) run.task("a temporary file").data().get("path");
    assertThat(tmp).startsWith("/tmp/ansible.").endsWith(".conf");
    assertThat(run.task("a temporary file").data()).containsEntry("mode", "0600");
    assertThat(run.status("cleanup only when created")).isEqualTo(Status.CHANGED);
    String tmpDir = (String) run.task("a temporary directory").data().get("path");
    assertThat(tmpDir).startsWith("/srv/p' $(cd;touch pwned) `x` ü-");
    assertThat(hosts.used().out("stat -c '%F %a %U' " + ShellQuote.quote(tmpDir)))
        .isEqualTo("directory 700 root\n");
    assertThat(hosts.used().sh(PWNED).ok()).isFalse();

    TestbedRun.Result second = on(hosts.used()).run(PLAYBOOK);
    assertThat(second.failed()).as(second.console()).isZero();
    assertThat(second.status("fetch a file")).isEqualTo(Status.OK);
    assertThat(second.status("fetch a file only root can read")).isEqualTo(Status.OK);
    assertThat(second.status("fetch a hostile name")).isEqualTo(Status.OK);
    // tempfile always creates (as in Ansible), and the cleanup follows it
    assertThat(second.changed()).as(second.console()).isEqualTo(3);

    hosts.used().out("printf 'changed\\n' > /srv/data/a.txt");
    TestbedRun.Result third = on(hosts.used()).run(PLAYBOOK);
    assertThat(third.status("fetch a file")).isEqualTo(Status.CHANGED);
    assertThat(third.console()).contains("-checksum: f572d396fae9206628714fb2ce00f72e94f2258f");
    assertThat(Files.readString(fetched)).isEqualTo("changed\n");
    assertThat(hosts.used().sh(PWNED).ok()).isFalse();
  }

  @Test
  void failuresSayWhatToFix() throws Exception {
    TestbedRun.Result run =
        on(hosts.used())
            .run(
                """
                - hosts: all
                  vars:
                    ansible_user: deploy
                  tasks:
                    - name: who connects
                      command: id -un
                    - name: slurp a missing file
                      slurp:
                        src: /srv/data/missing
                      ignore_errors: true
                    - name: slurp a directory
                      slurp:
                        path: /srv/data
                      ignore_errors: true
                    - name: fetch a missing file
                      fetch:
                        src: /srv/data/missing
                        dest: fetched
                      ignore_errors: true
                    - name: fetch without become what only root reads
                      fetch:
                        src: /root/secret.txt
                        dest: fetched
                      ignore_errors: true
                    - name: find with a bad age
                      find:
                        paths: /srv/data
                        age: 2 days
                      ignore_errors: true
                    - name: tempfile with a slash in prefix
                      tempfile:
                        prefix: a/b
                      ignore_errors: true
                    - name: stat something deploy cannot see into
                      stat:
                        path: /root/secret.txt
                      ignore_errors: true
                    - name: slurp without become what only root reads
                      slurp:
                        src: /root/secret.txt
                      ignore_errors: true
                """);
    assertThat(run.task("who connects").data()).containsEntry("stdout", "deploy");
    assertThat(run.task("slurp a missing file").message())
        .isEqualTo("file not found: /srv/data/missing");
    assertThat(run.task("slurp a directory").message())
        .isEqualTo("source is a directory and must be a file: /srv/data");
    assertThat(run.task("fetch a missing file").message())
        .isEqualTo("the remote file does not exist: /srv/data/missing");
    assertThat(run.task("fetch without become what only root reads").message())
        .contains("/root/secret.txt", "not readable", "become");
    assertThat(run.task("find with a bad age").message()).contains("failed to process age");
    assertThat(run.task("tempfile with a slash in prefix").message()).contains("must not contain");
    assertThat(run.task("stat something deploy cannot see into").message())
        .contains("permission denied", "become: true");
    assertThat(run.task("slurp without become what only root reads").message())
        .contains("not readable", "become: true");
    assertThat(Files.exists(dir.resolve("fetched"))).isFalse();
  }

  private static org.assertj.core.data.Offset<Double> within(double delta) {
    return org.assertj.core.data.Offset.offset(delta);
  }
}
