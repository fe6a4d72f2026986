package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** locale_gen on real Debian hosts with the locales package, as deploy with sudo. */
class LocaleGenOverSshTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        gather_facts: false
        tasks:
          - name: French
            community.general.locale_gen:
              name: fr_FR.UTF-8
      """;

  private static final String STATE = "locale -a; md5sum /etc/locale.gen";

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("locale-check", "locale-run").eachSetUp(host -> host.aptInstall("locales"));

  @TempDir Path dir;

  @Test
  void checkModeOnAFreshHostPredictsAndChangesNothing() throws Exception {
    String before = hosts.fresh().out(STATE);
    TestbedRun.Result check = TestbedRun.in(dir, hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("French")).isEqualTo(Status.CHANGED);
    assertThat(hosts.fresh().out(STATE)).isEqualTo(before);
    assertThat(check.console())
        .contains("-state: absent")
        .contains("+state: present")
        .contains("-# fr_FR.UTF-8 UTF-8")
        .contains("+fr_FR.UTF-8 UTF-8");
  }

  @Test
  void generatesThenRemovesAndASecondRunChangesNothing() throws Exception {
    TestbedRun.Result first = TestbedRun.in(dir, hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.status("French")).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("locale -a")).contains("fr_FR.utf8");
    assertThat(hosts.used().out("grep -x 'fr_FR.UTF-8 UTF-8' /etc/locale.gen")).isNotEmpty();
    assertThat(hosts.used().out("LANG=fr_FR.UTF-8 date -d 2026-01-05 +%A")).isEqualTo("lundi\n");

    TestbedRun.Result second = TestbedRun.in(dir, hosts.used()).run(PLAYBOOK);
    assertThat(second.changed()).as(second.console()).isZero();

    String absent =
        PLAYBOOK.replace("name: fr_FR.UTF-8", "name: fr_FR.UTF-8\n        state: absent");
    TestbedRun.Result removed = TestbedRun.in(dir, hosts.used()).run(absent);
    assertThat(removed.status("French")).as(removed.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("locale -a")).doesNotContain("fr_FR");
    assertThat(hosts.used().out("grep -c '^# fr_FR.UTF-8 UTF-8$' /etc/locale.gen"))
        .isEqualTo("1\n");
    assertThat(TestbedRun.in(dir, hosts.used()).run(absent).changed()).isZero();
  }

  @Test
  void anUnknownLocaleIsRefusedWithTheReason() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, hosts.used()).run(PLAYBOOK.replace("fr_FR.UTF-8", "xx_YY.UTF-8"));
    assertThat(run.status("French")).isEqualTo(Status.FAILED);
    assertThat(run.task("French").message())
        .contains("locale xx_YY.UTF-8 is not supported on the target");
    TestbedRun.Result hostile =
        TestbedRun.in(dir, hosts.used())
            .run(PLAYBOOK.replace("fr_FR.UTF-8", "\"fr; touch /tmp/pwned\""));
    assertThat(hostile.status("French")).isEqualTo(Status.FAILED);
    assertThat(hostile.task("French").message()).contains("is not a locale name");
    assertThat(hosts.used().sh("test -e /tmp/pwned").rc()).isNotZero();
  }
}
