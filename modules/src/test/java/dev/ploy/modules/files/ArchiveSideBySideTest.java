package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
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
 * archive run by ansible-playbook (community.general) on one fresh host and by ploy on another:
 * every archive must hold the same members (names, types, modes, owners, contents) and the same
 * sources must be gone. On ploy's host check mode first predicts the run and changes nothing,
 * --diff lists the members, a second run changes nothing, and hostile names stay data.
 */
class ArchiveSideBySideTest {
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/out /srv/src/site/css /srv/src/logs /srv/src/gone/sub",
          "printf '<h1>hi</h1>\\n' > /srv/src/site/index.html",
          "printf 'body{}\\n' > /srv/src/site/css/a.css",
          "printf 'scratch\\n' > /srv/src/site/cache.tmp",
          "chmod 0600 /srv/src/site/css/a.css",
          "printf 'one\\n' > /srv/src/one.txt",
          "printf 'a\\n' > /srv/src/logs/a.log; printf 'b\\n' > /srv/src/logs/b.log",
          "printf 'x\\n' > /srv/src/logs/keep.txt",
          "printf 'gone\\n' > /srv/src/gone/sub/f");

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: A tree as tar.gz without its scratch files
            community.general.archive:
              path: /srv/src/site
              dest: /srv/out/site.tgz
              exclusion_patterns: ["*.tmp"]
          - name: Two paths as zip
            community.general.archive:
              path: [/srv/src/site, /srv/src/one.txt]
              dest: /srv/out/both.zip
              format: zip
          - name: A glob as tar.bz2
            community.general.archive:
              path: /srv/src/logs/*.log
              dest: /srv/out/logs.tar.bz2
              format: bz2
              mode: "0640"
          - name: One file compressed
            archive:
              path: /srv/src/one.txt
              format: xz
          - name: Everything but the logs, as tar
            archive:
              path: /srv/src/*
              exclude_path: [/srv/src/logs, /srv/src/one.txt*, /srv/src/gone]
              dest: /srv/out/nologs.tar
              format: tar
          - name: Archive and remove
            archive:
              path: /srv/src/gone
              dest: /srv/out/gone.tgz
              remove: true
      """;

  /** Each archive unpacked: its members' type, name, mode, owner and content checksum. */
  private static final String STATE =
      String.join(
          "\n",
          "set -e; cd /srv/out; rm -rf /tmp/x; mkdir /tmp/x",
          "for a in site.tgz logs.tar.bz2 nologs.tar gone.tgz; do"
              + " mkdir /tmp/x/$a; tar -C /tmp/x/$a -xf $a; done",
          "mkdir /tmp/x/both.zip; unzip -q -d /tmp/x/both.zip both.zip",
          "cd /tmp/x; find . -mindepth 1 -printf '%y %p %m %u %g %s\\n' | sort",
          "find . -type f -exec md5sum {} + | sort",
          "xz -dc /srv/src/one.txt.xz | md5sum",
          "stat -c '%n %a' /srv/out/*; ls /srv/src");

  @TempDir Path dir;

  @Test
  void ansibleAndPloyMakeTheSameArchives() throws Exception {
    List<TargetHost> hosts = Testbed.fresh("archive-ansible", "archive-ploy");
    TargetHost withAnsible = hosts.get(0);
    TargetHost withPloy = hosts.get(1);
    for (TargetHost host : hosts) {
      host.aptInstall("zip", "unzip", "bzip2", "xz-utils");
      host.out(SETUP);
    }

    String untouched = withPloy.out("ls -laR /srv");
    TestbedRun.Result check = TestbedRun.in(dir, withPloy).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(withPloy.out("ls -laR /srv")).as("check mode changes nothing").isEqualTo(untouched);
    assertThat(check.console()).contains("site/index.html", "site/css/a.css", "(removed)");

    AnsibleRun.run(dir, withAnsible, PLAYBOOK, Duration.ofMinutes(10));
    TestbedRun.Result ploy = TestbedRun.in(dir, withPloy).run(PLAYBOOK);
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    assertThat(ploy.changed()).isEqualTo(6);
    assertThat(check.changed()).as("check mode predicts the run").isEqualTo(ploy.changed());
    assertThat(ploy.task("A tree as tar.gz without its scratch files").data())
        .containsEntry("dest_state", "archive")
        .containsEntry("arcroot", "/srv/src/");
    // in the order the directory lists them, as os.walk gives them to Ansible
    Object archived =
        ploy.task("A tree as tar.gz without its scratch files").data().get("archived");
    assertThat(new java.util.TreeSet<>((List<?>) archived).toString())
        .isEqualTo("[/srv/src/site/css, /srv/src/site/css/a.css, /srv/src/site/index.html]");

    String expected = withAnsible.out(STATE);
    assertThat(withPloy.out(STATE)).isEqualTo(expected);
    // the comparison is only worth something if Ansible did what the playbook says
    assertThat(expected)
        .contains("./site.tgz/site/css/a.css 600 root root 7")
        .contains("./both.zip/one.txt", "./logs.tar.bz2/a.log", "./nologs.tar/site/index.html")
        .contains("/srv/out/logs.tar.bz2 640")
        .doesNotContain("cache.tmp 644 root root 8\n./site.tgz", "gone\n");

    TestbedRun.Result again = TestbedRun.in(dir, withPloy).run(PLAYBOOK);
    again.assertConverged();
  }

  @Test
  void hostileNamesStayData() throws Exception {
    TargetHost host = Testbed.fresh("archive-hostile");
    String evil = "$(touch pwned) `touch pwned`; 'q'";
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .vars(java.util.Map.of("evil", evil))
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: A tree with hostile names
                      file: {path: "/srv/-rf {{ evil }}/-x", state: directory}
                    - name: A file named like an option
                      copy: {dest: "/srv/-rf {{ evil }}/-x/--help", content: "v"}
                    - name: Hostile names
                      archive:
                        path: "/srv/-rf {{ evil }}"
                        dest: "/srv/-o {{ evil }}.tgz"
                        exclusion_patterns: ["*{{ evil }}*.tmp"]
                """);
    assertThat(run.status("Hostile names")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("tar -tzf " + ShellQuote.quote("/srv/-o " + evil + ".tgz") + " | sort"))
        .isEqualTo("-rf " + evil + "/-x/\n-rf " + evil + "/-x/--help\n");
    assertThat(host.out("find / -xdev -name pwned 2>/dev/null | wc -l").strip()).isEqualTo("0");
  }
}
