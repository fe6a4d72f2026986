package dev.ploy.modules.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** apt, package and apt_repository on real Debian hosts over SSH, as deploy with sudo. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AptOverSshTest {
  private static final String DPKG_LIST = "dpkg-query -W -f='${Package} ${Status}\\n' | sort";

  @RegisterExtension
  static final FreshHosts hosts = FreshHosts.named("pkg-check", "pkg-run", "pkg-repo");

  @TempDir Path dir;

  /** The third host, for the local repository's tests. */
  private static TargetHost repo() {
    return hosts.get(2);
  }

  private static String play(String tasks) {
    return "- hosts: all\n  remote_user: deploy\n  become: true\n  tasks:\n" + tasks.stripIndent();
  }

  private TestbedRun.Result run(TargetHost host, boolean check, String tasks) throws Exception {
    return TestbedRun.in(dir, host).check(check).run(play(tasks));
  }

  @Test
  @Order(1)
  void checkModeOnAFreshHostReportsTheInstallAndChangesNothing() throws Exception {
    String packages = hosts.fresh().out(DPKG_LIST);
    String lists = hosts.fresh().out("ls -la /var/lib/apt/lists; ls -la /var/lib/apt/periodic");
    TestbedRun.Result check =
        run(
            hosts.fresh(),
            true,
            """
                - name: tree
                  apt: {name: tree, update_cache: true, cache_valid_time: 3600}
                - name: refresh only
                  apt: {update_cache: true}
            """);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("tree")).isEqualTo(Status.CHANGED);
    assertThat(check.status("refresh only")).isEqualTo(Status.CHANGED);
    assertThat(check.task("refresh only").data()).containsEntry("cache_updated", true);
    assertThat(check.console())
        .contains("apt package lists")
        .contains("-updated: never")
        .contains("-tree: absent")
        .contains("+tree: (candidate after the cache update)");
    assertThat(hosts.fresh().out(DPKG_LIST)).isEqualTo(packages);
    assertThat(hosts.fresh().out("ls -la /var/lib/apt/lists; ls -la /var/lib/apt/periodic"))
        .isEqualTo(lists);
  }

  @Test
  @Order(2)
  void cacheRefreshAloneIsChangedOnceWithinCacheValidTime() throws Exception {
    String tasks =
        """
            - name: refresh
              apt: {update_cache: true, cache_valid_time: 3600}
              register: refreshed
        """;
    TestbedRun.Result first = run(hosts.used(), false, tasks);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.status("refresh")).isEqualTo(Status.CHANGED);
    assertThat(first.task("refresh").data()).containsEntry("cache_updated", true);
    assertThat(hosts.used().out("ls /var/lib/apt/lists")).contains("_Packages");
    TestbedRun.Result second = run(hosts.used(), false, tasks);
    assertThat(second.changed()).as(second.console()).isZero();
    assertThat(second.task("refresh").data()).containsEntry("cache_updated", false);
  }

  @Test
  @Order(3)
  void aDueRefreshBesideAnInstalledPackageIsOkInCheckModeAndInARealRun() throws Exception {
    // as Ansible's apt: the refresh is made, but counts as a change only when it is all the task
    // asks; check mode must say the same as the run (it said changed)
    hosts.used().out("touch -d '3 hours ago' /var/lib/apt/periodic/update-success-stamp");
    String stale = hosts.used().out("stat -c %Y /var/lib/apt/periodic/update-success-stamp");
    String tasks =
        """
            - name: ssh
              apt: {name: openssh-server, update_cache: true, cache_valid_time: 3600}
        """;
    TestbedRun.Result check = run(hosts.used(), true, tasks);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("ssh")).as(check.console()).isEqualTo(Status.OK);
    assertThat(hosts.used().out("stat -c %Y /var/lib/apt/periodic/update-success-stamp"))
        .isEqualTo(stale);
    TestbedRun.Result real = run(hosts.used(), false, tasks);
    assertThat(real.failed()).as(real.console()).isZero();
    assertThat(real.status("ssh")).as(real.console()).isEqualTo(Status.OK);
    assertThat(real.task("ssh").data()).containsEntry("cache_updated", true);
    assertThat(hosts.used().out("stat -c %Y /var/lib/apt/periodic/update-success-stamp"))
        .isNotEqualTo(stale);
  }

  @Test
  @Order(3)
  void checkModeWithListsReportsExactVersionsAndDependencies() throws Exception {
    String candidate = candidate(hosts.used(), "nginx");
    String packages = hosts.used().out(DPKG_LIST);
    TestbedRun.Result check =
        run(
            hosts.used(),
            true,
            """
                - name: nginx
                  apt: {name: nginx}
            """);
    assertThat(check.status("nginx")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console())
        .contains("-nginx: absent")
        .contains("+nginx: " + candidate)
        .contains("(dependency)");
    @SuppressWarnings("unchecked")
    Map<String, Object> nginx =
        (Map<String, Object>)
            ((Map<String, Object>) check.task("nginx").data().get("packages")).get("nginx");
    assertThat(nginx).containsEntry("after", candidate).containsEntry("action", "install");
    assertThat(hosts.used().out(DPKG_LIST)).isEqualTo(packages);
  }

  @Test
  @Order(4)
  void installPinLatestRemoveAndPurge() throws Exception {
    String version = candidate(hosts.used(), "tree");
    TestbedRun.Result install =
        run(
            hosts.used(),
            false,
            """
                - name: tree
                  apt: {name: [tree], state: present}
                - name: pinned
                  apt: {name: "tree=%s"}
                - name: wildcard pin
                  apt: {name: "tree=%s*"}
                - name: latest
                  package: {name: tree, state: latest}
            """
                .formatted(version, version.substring(0, 2)));
    assertThat(install.failed()).as(install.console()).isZero();
    assertThat(install.status("tree")).isEqualTo(Status.CHANGED);
    assertThat(install.status("pinned")).isEqualTo(Status.OK);
    assertThat(install.status("wildcard pin")).isEqualTo(Status.OK);
    assertThat(install.status("latest")).isEqualTo(Status.OK);
    assertThat(install.console()).contains("+tree: " + version);
    assertThat(hosts.used().out("dpkg-query -W -f='${Status} ${Version}' tree"))
        .isEqualTo("install ok installed " + version);

    TestbedRun.Result again =
        run(
            hosts.used(),
            false,
            """
                - name: tree
                  apt: {name: tree}
            """);
    assertThat(again.changed()).as(again.console()).isZero();

    TestbedRun.Result missing =
        run(
            hosts.used(),
            false,
            """
                - name: no such version
                  apt: {name: "tree=0.0.1-nope"}
            """);
    assertThat(missing.status("no such version")).isEqualTo(Status.FAILED);
    assertThat(missing.task("no such version").message())
        .contains("no version 0.0.1-nope of tree is available")
        .contains(version);

    hosts.used().out("mkdir -p /etc/tree-test && echo keep > /etc/tree-test/conf");
    TestbedRun.Result remove =
        run(
            hosts.used(),
            false,
            """
                - name: remove
                  apt: {name: tree, state: absent}
                - name: remove again
                  apt: {name: tree, state: absent}
            """);
    assertThat(remove.status("remove")).as(remove.console()).isEqualTo(Status.CHANGED);
    assertThat(remove.status("remove again")).isEqualTo(Status.OK);
    assertThat(remove.console()).contains("-tree: " + version).contains("+tree: absent");
    assertThat(hosts.used().sh("dpkg-query -W -f='${Status}' tree").stdout())
        .doesNotContain("install ok installed");
  }

  @Test
  @Order(5)
  void purgeRemovesConfigurationLeftBehind() throws Exception {
    hosts
        .used()
        .out(
            "DEBIAN_FRONTEND=noninteractive apt-get install -y -q cron-daemon-common >/dev/null"
                + " 2>&1 || true");
    // a package with conffiles, removed but not purged: state rc
    hosts
        .used()
        .out(
            "DEBIAN_FRONTEND=noninteractive apt-get install -y -q logrotate >/dev/null"
                + " && DEBIAN_FRONTEND=noninteractive apt-get remove -y -q logrotate >/dev/null");
    assertThat(hosts.used().out("dpkg-query -W -f='${db:Status-Abbrev}' logrotate").strip())
        .isEqualTo("rc");
    String tasks =
        """
            - name: purge
              apt: {name: logrotate, state: absent, purge: true}
        """;
    TestbedRun.Result purge = run(hosts.used(), false, tasks);
    assertThat(purge.status("purge")).as(purge.console()).isEqualTo(Status.CHANGED);
    assertThat(purge.console()).contains("+logrotate: purged");
    assertThat(hosts.used().out("test -e /etc/logrotate.conf && echo present || echo gone").strip())
        .isEqualTo("gone");
    assertThat(run(hosts.used(), false, tasks).changed()).isZero();
  }

  @Test
  @Order(6)
  void hostileNamesAreRejectedBeforeAnythingRuns() throws Exception {
    for (String name :
        List.of(
            "nginx; touch /tmp/pwned",
            "$(touch /tmp/pwned)",
            "`touch /tmp/pwned`",
            "--purge",
            "ngin*",
            "tree\ntouch /tmp/pwned",
            "trée")) {
      TestbedRun.Result hostile =
          TestbedRun.in(dir, hosts.used())
              .vars(Map.of("evil", name))
              .run(
                  play(
                      """
                          - name: hostile
                            apt: {name: "{{ evil }}"}
                      """));
      assertThat(hostile.status("hostile")).as(name).isEqualTo(Status.FAILED);
      assertThat(hostile.task("hostile").message()).contains("not a Debian package name");
    }
    assertThat(hosts.used().out("test -e /tmp/pwned && echo pwned || echo clean").strip())
        .isEqualTo("clean");
  }

  @Test
  @Order(7)
  void aHeldLockIsWaitedForThenReportedWithItsHolder() throws Exception {
    hosts
        .used()
        .out(
            "setsid nohup python3 -c 'import fcntl,time; f=open(\"/var/lib/dpkg/lock-frontend\",\"w\");"
                + " fcntl.lockf(f, fcntl.LOCK_EX); time.sleep(15)' >/dev/null 2>&1 < /dev/null &"
                + " sleep 1");
    TestbedRun.Result held =
        run(
            hosts.used(),
            false,
            """
                - name: locked out
                  apt: {name: tree, lock_timeout: 2}
            """);
    assertThat(held.status("locked out")).isEqualTo(Status.FAILED);
    assertThat(held.task("locked out").message())
        .contains("lock is held by pid")
        .contains("python3")
        .contains("/var/lib/dpkg/lock-frontend")
        .contains("lock_timeout");
    TestbedRun.Result waited =
        run(
            hosts.used(),
            false,
            """
                - name: waits
                  apt: {name: tree, lock_timeout: 30}
            """);
    assertThat(waited.status("waits")).as(waited.console()).isEqualTo(Status.CHANGED);
  }

  @Test
  void localRepositoryPinsUpgradesAndDowngradesAndDebFiles() throws Exception {
    // two versions of a package in a file: repository made on the target itself
    repo()
        .out(
            String.join(
                "\n",
                "set -e",
                "mkdir -p /srv/repo /tmp/build",
                "for v in 1.0 2.0; do",
                "  d=/tmp/build/hello-$v; mkdir -p $d/DEBIAN $d/usr/share/ploy-hello",
                "  printf 'Package: ploy-hello\\nVersion: %s\\nArchitecture: all\\nMaintainer: t"
                    + " <t@example.org>\\nDescription: test\\n' $v > $d/DEBIAN/control",
                "  echo $v > $d/usr/share/ploy-hello/version",
                "  dpkg-deb --build --root-owner-group $d /srv/repo/ploy-hello_${v}_all.deb"
                    + " >/dev/null",
                "done",
                "cd /srv/repo",
                "for f in *.deb; do dpkg-deb -f $f; echo \"Filename: ./$f\"; echo \"Size: $(stat -c"
                    + " %s $f)\"; echo \"SHA256: $(sha256sum $f | cut -d' ' -f1)\"; echo; done >"
                    + " Packages"));
    String tasks =
        """
            - name: repository
              apt_repository: {repo: "deb [trusted=yes] file:///srv/repo ./", filename: ploy-local}
            - name: old version
              apt: {name: "ploy-hello=1.0"}
        """;
    // check mode: only the repository (the package is unknown until the lists are refreshed)
    TestbedRun.Result check =
        run(repo(), true, tasks.substring(0, tasks.indexOf("    - name: old")));
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.console()).contains("+deb [trusted=yes] file:///srv/repo ./");
    assertThat(repo().out("ls /etc/apt/sources.list.d/")).isEmpty();

    TestbedRun.Result first = run(repo(), false, tasks);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(2);
    assertThat(repo().out("cat /etc/apt/sources.list.d/ploy-local.list"))
        .isEqualTo("deb [trusted=yes] file:///srv/repo ./\n");
    assertThat(repo().out("stat -c %a /etc/apt/sources.list.d/ploy-local.list").strip())
        .isEqualTo("644");
    assertThat(repo().out("cat /usr/share/ploy-hello/version")).isEqualTo("1.0\n");
    assertThat(run(repo(), false, tasks).changed()).isZero();

    TestbedRun.Result latest =
        run(
            repo(),
            false,
            """
                - name: latest
                  apt: {name: ploy-hello, state: latest}
            """);
    assertThat(latest.console()).contains("-ploy-hello: 1.0").contains("+ploy-hello: 2.0");
    assertThat(repo().out("cat /usr/share/ploy-hello/version")).isEqualTo("2.0\n");

    TestbedRun.Result refused =
        run(
            repo(),
            false,
            """
                - name: downgrade
                  apt: {name: "ploy-hello=1.0"}
            """);
    assertThat(refused.status("downgrade")).isEqualTo(Status.FAILED);
    TestbedRun.Result downgrade =
        run(
            repo(),
            false,
            """
                - name: downgrade
                  apt: {name: "ploy-hello=1.0", allow_downgrade: true}
            """);
    assertThat(downgrade.status("downgrade")).as(downgrade.console()).isEqualTo(Status.CHANGED);
    assertThat(repo().out("cat /usr/share/ploy-hello/version")).isEqualTo("1.0\n");

    // a .deb on the target, then one only on the control node (uploaded)
    TestbedRun.Result debOnTarget =
        run(
            repo(),
            false,
            """
                - name: deb
                  apt: {deb: /srv/repo/ploy-hello_2.0_all.deb}
            """);
    assertThat(debOnTarget.status("deb")).as(debOnTarget.console()).isEqualTo(Status.CHANGED);
    assertThat(debOnTarget.console()).contains("+ploy-hello: 2.0 (from /srv/repo/");
    assertThat(repo().out("cat /usr/share/ploy-hello/version")).isEqualTo("2.0\n");

    Path local = controlDeb();
    if (local == null) {
      System.err.println(
          "*** dpkg-deb is not on the control node: the uploaded-deb case is SKIPPED");
    } else {
      String debTasks =
          """
              - name: deb
                apt: {deb: ploy-local_3.0_all.deb}
          """;
      Files.copy(local, dir.resolve("ploy-local_3.0_all.deb"));
      TestbedRun.Result uploaded = run(repo(), false, debTasks);
      assertThat(uploaded.status("deb")).as(uploaded.console()).isEqualTo(Status.CHANGED);
      assertThat(repo().out("cat /usr/share/ploy-hello/version")).isEqualTo("3.0\n");
      assertThat(repo().out("ls /tmp | grep -c '^.ploy-' || true").strip()).isEqualTo("0");
      assertThat(run(repo(), false, debTasks).changed()).isZero();
    }

    TestbedRun.Result removeRepo =
        run(
            repo(),
            false,
            """
                - name: no repository
                  apt_repository: {repo: "deb  [trusted=yes]  file:///srv/repo ./", state: absent}
            """);
    assertThat(removeRepo.status("no repository"))
        .as(removeRepo.console())
        .isEqualTo(Status.CHANGED);
    assertThat(repo().out("ls /etc/apt/sources.list.d/")).isEmpty();
  }

  @Test
  void aptRepositoryDerivesAnsiblesFileName() throws Exception {
    assertThat(
            AptRepository.fileName(
                "deb [signed-by=/etc/apt/keyrings/x.asc] https://user:pw@dl.example.com/linux/deb/"
                    + " stable main",
                null))
        .isEqualTo("dl_example_com_linux_deb.list");
    assertThat(AptRepository.fileName("deb http://x/ y", "docker")).isEqualTo("docker.list");
  }

  /** A version 3.0 .deb built on the control node, or null without dpkg-deb there. */
  private Path controlDeb() throws Exception {
    Path root = Files.createTempDirectory(dir, "deb");
    Path control = root.resolve("pkg/DEBIAN/control");
    Files.createDirectories(control.getParent());
    Files.writeString(
        control,
        "Package: ploy-hello\nVersion: 3.0\nArchitecture: all\nMaintainer: t <t@example.org>\n"
            + "Description: test\n");
    Path data = root.resolve("pkg/usr/share/ploy-hello/version");
    Files.createDirectories(data.getParent());
    Files.writeString(data, "3.0\n");
    Path out = root.resolve("out.deb");
    try {
      Process p =
          new ProcessBuilder(
                  "dpkg-deb",
                  "--build",
                  "--root-owner-group",
                  root.resolve("pkg").toString(),
                  out.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? out : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String candidate(TargetHost host, String name) {
    return host.out("apt-cache policy " + name + " | awk '/Candidate:/ {print $2}'").strip();
  }
}
