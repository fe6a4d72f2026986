package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reviewed plan over SSH on two fresh hosts: planned, applied as planned, planned again with
 * nothing left; then a new plan, one host's file edited by hand, and the apply leaves that host
 * untouched (exit 2, saying what drifted) while the other gets exactly its planned changes.
 */
class PlanApplyOverSshTest {
  @TempDir Path dir;

  private static final String PLAYBOOK =
      """
      - hosts: web
        gather_facts: false
        tasks:
          - name: the app's directory
            file: {path: /srv/app, state: directory, mode: "0755"}
          - name: the config
            copy: {dest: /srv/app/app.conf, content: "version={{ version }}\\n", mode: "0640"}
          - name: the motd line
            lineinfile: {path: /etc/motd, line: "app {{ version }}", create: true}
      """;

  private PloyRun plan(String version) {
    return PloyRun.of(
        "plan",
        "-i",
        dir.resolve("hosts.ini").toString(),
        "--host-key-checking",
        "off",
        "-e",
        "version=" + version,
        dir.resolve("site.yml").toString(),
        "-o",
        dir.resolve("plan.json").toString());
  }

  /** Applies the plan, its -e value given again (a plan file does not keep it). */
  private PloyRun apply(String version) {
    return PloyRun.of("apply", dir.resolve("plan.json").toString(), "-e", "version=" + version);
  }

  @Test
  void aPlanIsAppliedExactlyAndADriftedHostIsLeftAlone() throws Exception {
    List<TargetHost> hosts = Testbed.fresh("plan-a", "plan-b");
    TargetHost a = hosts.get(0);
    TargetHost b = hosts.get(1);
    Files.writeString(
        dir.resolve("hosts.ini"), "[web]\n" + a.inventoryLine() + "\n" + b.inventoryLine() + "\n");
    Files.writeString(dir.resolve("site.yml"), PLAYBOOK);

    PloyRun first = plan("1");
    assertThat(first.code()).as(first.out() + first.err()).isZero();
    assertThat(first.out())
        .startsWith("Plan: 6 changes on 2 hosts")
        .contains(a.name() + ": 3 changes\n", b.name() + ": 3 changes\n")
        .contains("from /srv/app: state: absent", "from /srv/app/app.conf: absent")
        .contains("+version=1", "+app 1");
    assertThat(a.sh("test -e /srv/app").ok()).as("planning changes nothing").isFalse();

    PloyRun applied = apply("1");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.out())
        .containsPattern(a.name() + " +: ok=3 +changed=3 ")
        .containsPattern(b.name() + " +: ok=3 +changed=3 ");
    for (TargetHost host : hosts) {
      assertThat(host.out("cat /srv/app/app.conf")).isEqualTo("version=1\n");
      assertThat(host.out("stat -c %a /srv/app/app.conf")).isEqualTo("640\n");
      assertThat(host.out("tail -n 1 /etc/motd")).isEqualTo("app 1\n");
    }

    PloyRun again = plan("1");
    assertThat(again.code()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).startsWith("Plan: 0 changes on 2 hosts");

    PloyRun second = plan("2");
    assertThat(second.out()).startsWith("Plan: 4 changes on 2 hosts");
    // by hand, after the review: a's config is no longer what the plan was made from
    a.out("echo 'version=1-hotfix' > /srv/app/app.conf");

    PloyRun drifted = apply("2");
    assertThat(drifted.code()).as(drifted.out() + drifted.err()).isEqualTo(ExitCodes.HOST_FAILED);
    assertThat(drifted.out())
        .contains("DRIFT on " + a.name() + ": not changed; it is no longer as planned:")
        .contains("task 'the config' (")
        .contains("was /srv/app/app.conf: content sha256:")
        .containsPattern(b.name() + " +: ok=3 +changed=2 ")
        .doesNotContainPattern(a.name() + " +: ok=");
    assertThat(a.out("cat /srv/app/app.conf")).isEqualTo("version=1-hotfix\n");
    assertThat(a.out("tail -n 1 /etc/motd"))
        .as("nothing of a's plan is applied")
        .isEqualTo("app 1\n");
    assertThat(b.out("cat /srv/app/app.conf")).isEqualTo("version=2\n");
    assertThat(b.out("tail -n 1 /etc/motd")).isEqualTo("app 2\n");
  }
}
