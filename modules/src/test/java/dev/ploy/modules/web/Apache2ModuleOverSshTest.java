package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apache2_module on Debian's apache2, as deploy with sudo. */
class Apache2ModuleOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("apache");
    host.aptInstall("apache2");
  }

  private static String play(String name, String state) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
            - name: module
              community.general.apache2_module:
                name: %s
                state: %s
        """
        .formatted(name, state);
  }

  private TestbedRun.Result run(String name, String state, boolean check) throws Exception {
    return TestbedRun.in(dir, host).check(check).run(play(name, state));
  }

  @Test
  void enablesAndDisablesOnlyWhenNeeded() throws Exception {
    TestbedRun.Result check = run("rewrite", "present", true);
    assertThat(check.status("module")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/apache2/mods-enabled/rewrite.load").rc()).isNotZero();

    assertThat(run("rewrite", "present", false).status("module")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/apache2/mods-enabled/rewrite.load").rc()).isZero();
    assertThat(host.out("apache2ctl -M 2>/dev/null | grep -c rewrite_module")).isEqualTo("1\n");
    assertThat(run("rewrite", "present", false).changed()).isZero();

    assertThat(run("rewrite", "absent", true).status("module")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/apache2/mods-enabled/rewrite.load").rc()).isZero();
    assertThat(run("rewrite", "absent", false).status("module")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/apache2/mods-enabled/rewrite.load").rc()).isNotZero();
    assertThat(run("rewrite", "absent", false).changed()).isZero();
  }

  @Test
  void missingModulesDependenciesAndHostileNamesFailWithTheReason() throws Exception {
    TestbedRun.Result missing = run("wsgi", "present", false);
    assertThat(missing.status("module")).isEqualTo(Status.FAILED);
    assertThat(missing.task("module").message())
        .contains("is not installed")
        .contains("libapache2-mod-wsgi");

    TestbedRun.Result needed = run("authz_core", "absent", false);
    assertThat(needed.status("module")).isEqualTo(Status.FAILED);
    assertThat(needed.task("module").message()).contains("force: true");
    assertThat(host.sh("test -e /etc/apache2/mods-enabled/authz_core.load").rc()).isZero();

    TestbedRun.Result hostile = run("\"x; touch /tmp/pwned\"", "present", false);
    assertThat(hostile.status("module")).isEqualTo(Status.FAILED);
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
  }
}
