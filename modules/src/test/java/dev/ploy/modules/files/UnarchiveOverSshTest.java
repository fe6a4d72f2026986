package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * unarchive on real Debian hosts over SSH. Archives are built on the control node by the test
 * (local tar for .tar.gz/.tar.xz, java.util.zip for .zip).
 */
class UnarchiveOverSshTest {
  /** A member name with quotes, a command substitution, backticks, ;, a glob and unicode. */
  private static final String HOSTILE = "it's $(touch pwned) `touch pwned2`; *ü.conf";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Unpack the application
            ansible.builtin.unarchive:
              src: app.tar.gz
              dest: /opt
              owner: www-data
              mode: "u=rwX,g=rX,o="
              list_files: true
          - name: Unpack the xz docs
            ansible.builtin.unarchive:
              src: docs.tar.xz
              dest: /opt
          - name: Unpack with strip-components from the target
            ansible.builtin.unarchive:
              src: /root/app.tar.gz
              remote_src: true
              dest: /srv
              extra_opts: ["--strip-components=1"]
              exclude: ["data"]
      """;

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("xfer-arc-check", "xfer-arc-run").eachSetUp(UnarchiveOverSshTest::installXz);

  @TempDir static Path archives;
  @TempDir Path dir;

  @BeforeAll
  static void makeArchives() throws Exception {
    Path tree = archives.resolve("tree");
    Files.createDirectories(tree.resolve("app/bin"));
    Files.createDirectories(tree.resolve("app/conf"));
    Files.createDirectories(tree.resolve("app/data"));
    Files.writeString(tree.resolve("app/bin/run.sh"), "#!/bin/sh\necho run\n");
    Files.writeString(tree.resolve("app/conf/" + HOSTILE), "hostile = true\n");
    Files.createSymbolicLink(tree.resolve("app/run"), Path.of("bin/run.sh"));
    Files.createDirectories(tree.resolve("docs"));
    Files.writeString(tree.resolve("docs/README"), "read me\n");
    tar(tree, "app.tar.gz", "-czf", "app");
    tar(tree, "docs.tar.xz", "-cJf", "docs");
    try (OutputStream file = Files.newOutputStream(archives.resolve("site.zip"));
        ZipOutputStream zip = new ZipOutputStream(file)) {
      zip.putNextEntry(new ZipEntry("site/"));
      ZipEntry index = new ZipEntry("site/index.html");
      index.setLastModifiedTime(FileTime.fromMillis(1_700_000_000_000L));
      zip.putNextEntry(index);
      zip.write("<h1>site</h1>\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  private static void installXz(TargetHost host) {
    host.out(
        "apt-get install -y -q xz-utils >/dev/null 2>&1 || (apt-get update -q >/dev/null"
            + " && apt-get install -y -q xz-utils >/dev/null)");
  }

  private static void tar(Path tree, String name, String flags, String member) throws Exception {
    Process p =
        new ProcessBuilder(
                "tar",
                "--owner=root",
                "--group=root",
                "--mtime=2024-01-02 03:04:05",
                "-C",
                tree.toString(),
                flags,
                archives.resolve(name).toString(),
                member)
            .inheritIO()
            .start();
    assertThat(p.waitFor()).isZero();
  }

  private TestbedRun on(TargetHost host) throws Exception {
    TestbedRun run = TestbedRun.in(dir, host);
    for (String name : List.of("app.tar.gz", "docs.tar.xz", "site.zip")) {
      Files.copy(
          archives.resolve(name),
          dir.resolve(name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return run;
  }

  private static void sendAppArchive(TargetHost host) throws Exception {
    String base64 =
        java.util.Base64.getEncoder()
            .encodeToString(Files.readAllBytes(archives.resolve("app.tar.gz")));
    host.out("echo " + base64 + " | base64 -d > /root/app.tar.gz");
  }

  @Test
  void checkModeOnAFreshHostPredictsAndExtractsNothing() throws Exception {
    sendAppArchive(hosts.fresh());
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(3);
    assertThat(hosts.fresh().out("ls /opt /srv")).isEqualTo("/opt:\n\n/srv:\n");
    assertThat(check.console())
        .contains("+app/bin/run.sh: file, 19 bytes")
        .contains("-app/bin/run.sh: absent")
        .contains("+app/run: link to bin/run.sh")
        .contains("+docs/README: file, 8 bytes")
        .contains("+bin/run.sh: file, 19 bytes");
    @SuppressWarnings("unchecked")
    List<String> files = (List<String>) check.task("Unpack the application").data().get("files");
    assertThat(files).contains("app/conf/" + HOSTILE, "app/run", "app/bin");
  }

  @Test
  void aRunExtractsAndASecondChangesNothingUntilAFileChanges() throws Exception {
    sendAppArchive(hosts.used());
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(3);
    assertThat(hosts.used().out("cat /opt/app/bin/run.sh /opt/docs/README"))
        .isEqualTo("#!/bin/sh\necho run\nread me\n");
    assertThat(
            hosts.used().out("cat '/opt/app/conf/it'\\''s $(touch pwned) `touch pwned2`; *ü.conf'"))
        .isEqualTo("hostile = true\n");
    assertThat(hosts.used().out("stat -c '%U %a' /opt/app /opt/app/bin/run.sh /opt/app/conf"))
        .isEqualTo("www-data 750\nwww-data 640\nwww-data 750\n");
    assertThat(hosts.used().out("readlink /opt/app/run")).isEqualTo("bin/run.sh\n");
    assertThat(hosts.used().out("ls /srv")).isEqualTo("bin\nconf\nrun\n");
    assertThat(hosts.used().out("find / -xdev -name 'pwned*' | wc -l").strip()).isEqualTo("0");
    assertThat(hosts.used().out("ls -a /tmp | grep -c ploy-archive || true").strip())
        .isEqualTo("0");

    TestbedRun.Result second = on(hosts.used()).run(PLAYBOOK);
    assertThat(second.failed()).isZero();
    assertThat(second.changed()).as(second.console()).isZero();

    hosts.used().out("echo changed > /opt/app/bin/run.sh; chmod 777 /opt/app/conf");
    TestbedRun.Result third = on(hosts.used()).run(PLAYBOOK);
    assertThat(third.status("Unpack the application")).isEqualTo(Status.CHANGED);
    assertThat(third.console()).contains("-app/bin/run.sh: file, 8 bytes").contains("+mode: 0750");
    assertThat(hosts.used().out("cat /opt/app/bin/run.sh; stat -c %a /opt/app/conf"))
        .isEqualTo("#!/bin/sh\necho run\n750\n");
  }

  @Test
  void zipNeedsUnzipOnTheTarget() throws Exception {
    String play =
        """
        - hosts: all
          remote_user: deploy
          become: true
          tasks:
            - name: Unpack the site
              ansible.builtin.unarchive:
                src: site.zip
                dest: /opt/web
        """;
    hosts.used().out("mkdir -p /opt/web");
    hosts.used().sh("apt-get remove -y -q unzip >/dev/null 2>&1; true");
    TestbedRun.Result without = on(hosts.used()).run(play);
    assertThat(without.status("Unpack the site")).isEqualTo(Status.FAILED);
    assertThat(without.task("Unpack the site").message())
        .contains("unzip is not installed on the target; install it (apt-get install unzip)");

    hosts
        .used()
        .out(
            "apt-get install -y -q unzip >/dev/null 2>&1 || (apt-get update -q >/dev/null"
                + " && apt-get install -y -q unzip >/dev/null)");
    TestbedRun.Result with = on(hosts.used()).run(play);
    assertThat(with.status("Unpack the site")).as(with.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("cat /opt/web/site/index.html")).isEqualTo("<h1>site</h1>\n");
    TestbedRun.Result again = on(hosts.used()).run(play);
    assertThat(again.status("Unpack the site")).as(again.console()).isEqualTo(Status.OK);
  }
}
