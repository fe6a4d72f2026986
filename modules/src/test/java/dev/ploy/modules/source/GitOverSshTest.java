package dev.ploy.modules.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * git on real Debian hosts over SSH: git comes from apt, the repository is a bare one made inside
 * the target (/srv/repo.git), filled from a scratch clone.
 */
class GitOverSshTest {
  static final String HOSTILE_DEST = "/srv/app ' $(touch /tmp/pwned) `touch /tmp/pwned2`; * ü";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Checkout
            git:
              repo: "{{ repo | default('/srv/repo.git') }}"
              dest: "{{ dest | default('/srv/app') }}"
              version: "{{ version | default('HEAD') }}"
              force: "{{ force | default(false) }}"
            register: checkout
          - name: Show
            debug: {msg: "before={{ checkout.before }} after={{ checkout.after }}"}
      """;

  @RegisterExtension static final FreshHosts hosts = FreshHosts.named("git-check", "git-run");

  @TempDir Path dir;

  /** Installs git and makes /srv/repo.git with one commit on main and an annotated tag v1.0. */
  private static String installGitAndRepo(TargetHost host) {
    host.out(
        "rm -rf /srv/repo.git /root/work /srv/app; export DEBIAN_FRONTEND=noninteractive;"
            + " apt-get update -qq >/dev/null"
            + " && apt-get install -y -qq git >/dev/null 2>&1"
            + " && git init -q --bare -b main /srv/repo.git && git clone -q /srv/repo.git /root/work"
            + " 2>/dev/null && cd /root/work && git config user.email t@example.test"
            + " && git config user.name tester && echo one > README && git add README"
            + " && git commit -qm one && git tag -a v1.0 -m 'release 1.0'"
            + " && git push -q origin HEAD:main --tags");
    return commit(host);
  }

  /** Adds a commit to the repository; returns its id. */
  private static String push(TargetHost host, String line) {
    host.out(
        "cd /root/work && echo "
            + ShellQuote.quote(line)
            + " >> README && git commit -qam "
            + ShellQuote.quote(line)
            + " && git push -q origin HEAD:main");
    return commit(host);
  }

  private static String commit(TargetHost host) {
    return host.out("git -C /root/work rev-parse HEAD").strip();
  }

  private TestbedRun.Result run(TargetHost host, boolean check, Map<String, Object> vars)
      throws Exception {
    return TestbedRun.in(dir, host).check(check).vars(vars).run(PLAYBOOK);
  }

  @Test
  void withoutGitItFailsClearlyThenCheckModePredictsAndChangesNothing() throws Exception {
    TestbedRun.Result noGit = run(hosts.fresh(), false, Map.of());
    assertThat(noGit.status("Checkout")).isEqualTo(Status.FAILED);
    assertThat(noGit.task("Checkout").data().get("msg").toString())
        .contains("git is not installed on git-check")
        .contains("apt");

    String first = installGitAndRepo(hosts.fresh());
    TestbedRun.Result check = run(hosts.fresh(), true, Map.of());
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("Checkout")).isEqualTo(Status.CHANGED);
    assertThat(check.task("Checkout").data()).containsEntry("after", first);
    assertThat(check.console()).contains("+commit: " + first);
    assertThat(hosts.fresh().sh("test -e /srv/app").rc()).isNotZero();
  }

  @Test
  void clonesUpdatesPinsATagAndConverges() throws Exception {
    String one = installGitAndRepo(hosts.used());

    TestbedRun.Result clone = run(hosts.used(), false, Map.of());
    assertThat(clone.failed()).as(clone.console()).isZero();
    assertThat(clone.task("Checkout").data()).containsEntry("after", one);
    assertThat(
            hosts
                .used()
                .out("git -C /srv/app rev-parse HEAD; git -C /srv/app branch --show-current"))
        .isEqualTo(one + "\nmain\n");
    assertThat(run(hosts.used(), false, Map.of()).changed()).isZero();

    String two = push(hosts.used(), "two");
    TestbedRun.Result check = run(hosts.used(), true, Map.of());
    assertThat(check.status("Checkout")).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("-commit: " + one).contains("+commit: " + two);
    assertThat(hosts.used().out("git -C /srv/app rev-parse HEAD").strip()).isEqualTo(one);

    TestbedRun.Result update = run(hosts.used(), false, Map.of());
    assertThat(update.task("Checkout").data())
        .containsEntry("before", one)
        .containsEntry("after", two)
        .containsEntry("remote_url_changed", false);
    assertThat(hosts.used().out("cat /srv/app/README")).isEqualTo("one\ntwo\n");
    assertThat(run(hosts.used(), false, Map.of()).changed()).isZero();

    TestbedRun.Result tag = run(hosts.used(), false, Map.of("version", "v1.0"));
    assertThat(tag.task("Checkout").data()).containsEntry("after", one);
    assertThat(hosts.used().out("git -C /srv/app rev-parse HEAD").strip()).isEqualTo(one);
    assertThat(run(hosts.used(), false, Map.of("version", "v1.0")).changed()).isZero();

    TestbedRun.Result url = run(hosts.used(), false, Map.of("repo", "file:///srv/repo.git"));
    assertThat(url.task("Checkout").data())
        .containsEntry("after", two)
        .containsEntry("remote_url_changed", true);
    assertThat(hosts.used().out("git -C /srv/app config remote.origin.url"))
        .isEqualTo("file:///srv/repo.git\n");

    hosts.used().out("echo local >> /srv/app/README");
    push(hosts.used(), "three");
    TestbedRun.Result refused = run(hosts.used(), false, Map.of("repo", "file:///srv/repo.git"));
    assertThat(refused.status("Checkout")).isEqualTo(Status.FAILED);
    assertThat(refused.task("Checkout").data().get("msg").toString())
        .contains("local modifications exist in /srv/app");
    TestbedRun.Result forced =
        run(hosts.used(), false, Map.of("repo", "file:///srv/repo.git", "force", true));
    assertThat(forced.status("Checkout")).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("cat /srv/app/README")).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void aHostileDestinationArrivesAsItIs() throws Exception {
    // the run host's repository may not exist yet when this test runs first
    if (hosts.used().sh("test -d /srv/repo.git").rc() != 0) {
      installGitAndRepo(hosts.used());
    }
    hosts.used().out("rm -rf /srv/app?*");
    TestbedRun.Result run = run(hosts.used(), false, Map.of("dest", HOSTILE_DEST));
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(hosts.used().out("cat " + ShellQuote.quote(HOSTILE_DEST + "/README")))
        .startsWith("one\n");
    assertThat(hosts.used().sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
    assertThat(run(hosts.used(), false, Map.of("dest", HOSTILE_DEST)).changed()).isZero();

    TestbedRun.Result badVersion =
        run(hosts.used(), false, Map.of("version", "--upload-pack=touch"));
    assertThat(badVersion.task("Checkout").data().get("msg").toString())
        .contains("argument 'version' of module git cannot start with '-'");
    TestbedRun.Result unknown = run(hosts.used(), false, Map.of("version", "no-such-branch"));
    assertThat(unknown.task("Checkout").data().get("msg").toString())
        .contains("neither a branch, a tag nor a commit");
  }
}
