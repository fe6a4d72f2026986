package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.diff.Diff;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apache2_site on Debian's apache2 over SSH: enabled as a2ensite enables it, predicted, refused by
 * apache2ctl configtest and rolled back byte for byte, checked after the reload, disabled and
 * removed; the site answers on the host's HTTP port.
 */
class Apache2SiteOverSshTest {
  /** What identifies the site's file and link exactly: content, mode, owner, times, target. */
  private static final String FILES =
      "cd /etc/apache2 && sha256sum sites-available/app.conf && stat -c '%n %F %a %U:%G %Y %s'"
          + " sites-available/app.conf sites-enabled/app.conf && readlink sites-enabled/app.conf"
          + " && ls -A /etc/apache2";

  /** How many times apache has been reloaded (each graceful restart is logged). */
  private static final String RELOADS = "grep -c 'graceful restart' /var/log/apache2/error.log";

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("apache");
    host.aptInstall("apache2", "curl");
    // the site under test is the only one on port 80; each version of it has its document root
    host.out(
        "a2dissite -q 000-default && systemctl reload apache2"
            + " && for v in v1 v2 v3; do mkdir -p /var/www/$v && echo $v > /var/www/$v/index.html;"
            + " done");
  }

  private static String site(String version) {
    return "<VirtualHost *:80>\n  DocumentRoot /var/www/" + version + "\n</VirtualHost>\n";
  }

  @Test
  void enablesValidatesRollsBackAndRemovesASite() throws Exception {
    SiteTasks tasks = new SiteTasks(host, "apache2_site", dir, Apache2SiteOverSshTest::site);
    TestbedRun.Result predicted = tasks.content(true, site("v1"), "");
    assertThat(predicted.status("site")).as(predicted.console()).isEqualTo(Status.CHANGED);
    assertThat(predicted.task("site").diffs())
        .extracting(Diff::subject)
        .containsExactly(
            "/etc/apache2/sites-available/app.conf", "/etc/apache2/sites-enabled/app.conf");
    assertThat(predicted.task("site").diffs().get(1).after())
        .isEqualTo("state: link to ../sites-available/app.conf\n");
    assertThat(host.sh("test -e /etc/apache2/sites-available/app.conf").rc()).isNotZero();
    assertThat(host.sh("test -L /etc/apache2/sites-enabled/app.conf").rc()).isNotZero();

    TestbedRun.Result enabled = tasks.content(false, site("v1"), "");
    assertThat(enabled.status("site")).as(enabled.console()).isEqualTo(Status.CHANGED);
    assertThat(enabled.task("site").data()).containsEntry("reloaded", true);
    assertThat(host.out("cat /etc/apache2/sites-available/app.conf")).isEqualTo(site("v1"));
    assertThat(host.out("readlink /etc/apache2/sites-enabled/app.conf"))
        .isEqualTo("../sites-available/app.conf\n");
    // the link is a2ensite's own: a2ensite sees the site enabled, a2dissite removes it
    assertThat(host.out("a2ensite app")).contains("already enabled");
    assertThat(tasks.answer("200 v1\n")).isEqualTo("200 v1\n");
    assertThat(tasks.content(false, site("v1"), "").changed()).isZero();

    String files = host.out(FILES);
    TestbedRun.Result check = tasks.content(true, site("v2"), "");
    assertThat(check.status("site")).isEqualTo(Status.CHANGED);
    assertThat(check.task("site").diffs()).hasSize(1);
    assertThat(check.task("site").diffs().get(0).after()).isEqualTo(site("v2"));
    assertThat(host.out(FILES)).isEqualTo(files);

    // an unclosed section: refused by apache2ctl configtest, files put back, apache not reloaded
    String reloads = host.out(RELOADS);
    TestbedRun.Result broken =
        tasks.content(
            false,
            "<VirtualHost *:80>\n  DocumentRoot /var/www/v2\n  # $(touch /tmp/pwned) `touch"
                + " /tmp/pwned`\n",
            "");
    assertThat(broken.status("site")).as(broken.console()).isEqualTo(Status.FAILED);
    assertThat(broken.task("site").message())
        .contains("apache refused the configuration")
        .contains("was not reloaded")
        .contains("was not closed");
    assertThat(host.out(FILES)).isEqualTo(files);
    assertThat(host.out(RELOADS)).isEqualTo(reloads);
    assertThat(tasks.answer("200 v1\n")).isEqualTo("200 v1\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();

    // valid, but the site does not answer as expected after the reload: rolled back, reloaded
    tasks.rollsBackAnUnansweredCheck(FILES);
    assertThat(host.out(FILES)).isEqualTo(files);

    // from a template rendered on the control node, checked after the reload
    tasks.rendersATemplateChecked("/etc/apache2/sites-available/app.conf");

    // an existing file, disabled then removed
    TestbedRun.Result disabled = tasks.run(false, "name: app\nstate: disabled\n", Map.of());
    assertThat(disabled.status("site")).as(disabled.console()).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -L /etc/apache2/sites-enabled/app.conf").rc()).isNotZero();
    assertThat(host.out("cat /etc/apache2/sites-available/app.conf")).isEqualTo(site("v2"));
    assertThat(tasks.answer()).isNotEqualTo("200 v2\n");
    assertThat(tasks.run(false, "name: app\nstate: disabled\n", Map.of()).changed()).isZero();
    // enabled by a2ensite, the site is as apache2_site wants it
    host.out("a2ensite -q app");
    assertThat(tasks.run(false, "name: app\n", Map.of()).changed()).isZero();
    host.out("systemctl reload apache2");
    assertThat(tasks.answer("200 v2\n")).isEqualTo("200 v2\n");
    assertThat(tasks.run(false, "name: app\nstate: absent\n", Map.of()).status("site"))
        .isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/apache2/sites-available/app.conf").rc()).isNotZero();
    assertThat(host.sh("test -L /etc/apache2/sites-enabled/app.conf").rc()).isNotZero();
    assertThat(tasks.run(false, "name: app\nstate: absent\n", Map.of()).changed()).isZero();
  }

  @Test
  void hostileNamesAreRefusedBeforeAnythingRuns() throws Exception {
    SiteTasks tasks = new SiteTasks(host, "apache2_site", dir, Apache2SiteOverSshTest::site);
    tasks.refusesNames("is not a site name", "x; touch /tmp/pwned", "../apache2", ".hidden", "a/b");
    tasks.refusesNames("cannot start with '-'", "-q");
    assertThat(host.out("ls -A /etc/apache2/sites-available").lines())
        .isSubsetOf("000-default.conf", "default-ssl.conf", "app.conf");
  }
}
