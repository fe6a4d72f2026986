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
 * nginx_site on Debian's nginx over SSH: enabled, predicted, refused and rolled back byte for byte,
 * checked after the reload, disabled and removed; the site answers on the host's HTTP port.
 */
class NginxSiteOverSshTest {
  /** What identifies the site's file and link exactly: content, mode, owner, times, target. */
  private static final String FILES =
      "cd /etc/nginx && sha256sum sites-available/app && stat -c '%n %F %a %U:%G %Y %s'"
          + " sites-available/app sites-enabled/app && readlink sites-enabled/app"
          + " && ls -A /etc/nginx";

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("nginx");
    host.aptInstall("nginx");
    // the site under test is the only one on port 80
    host.out("rm -f /etc/nginx/sites-enabled/default && systemctl reload nginx");
  }

  private static String site(String text) {
    return "server {\n  listen 80;\n  location / {\n    return 200 \"" + text + "\\n\";\n  }\n}\n";
  }

  @Test
  void enablesValidatesRollsBackAndRemovesASite() throws Exception {
    SiteTasks tasks = new SiteTasks(host, "nginx_site", dir, NginxSiteOverSshTest::site);
    TestbedRun.Result predicted = tasks.content(true, site("v1"), "");
    assertThat(predicted.status("site")).as(predicted.console()).isEqualTo(Status.CHANGED);
    assertThat(predicted.task("site").diffs())
        .extracting(Diff::subject)
        .containsExactly("/etc/nginx/sites-available/app", "/etc/nginx/sites-enabled/app");
    assertThat(host.sh("test -e /etc/nginx/sites-available/app").rc()).isNotZero();
    assertThat(host.sh("test -L /etc/nginx/sites-enabled/app").rc()).isNotZero();

    TestbedRun.Result enabled = tasks.content(false, site("v1"), "");
    assertThat(enabled.status("site")).as(enabled.console()).isEqualTo(Status.CHANGED);
    assertThat(enabled.task("site").data()).containsEntry("reloaded", true);
    assertThat(host.out("cat /etc/nginx/sites-available/app")).isEqualTo(site("v1"));
    assertThat(host.out("readlink /etc/nginx/sites-enabled/app"))
        .isEqualTo("/etc/nginx/sites-available/app\n");
    assertThat(tasks.answer("200 v1\n")).isEqualTo("200 v1\n");
    assertThat(tasks.content(false, site("v1"), "").changed()).isZero();

    String files = host.out(FILES);
    TestbedRun.Result check = tasks.content(true, site("v2"), "");
    assertThat(check.status("site")).isEqualTo(Status.CHANGED);
    assertThat(check.task("site").diffs().get(0).after()).isEqualTo(site("v2"));
    assertThat(host.out(FILES)).isEqualTo(files);

    // a syntax error: refused by nginx -t, files put back exactly, nginx never reloaded
    String pid = host.out("cat /run/nginx.pid");
    TestbedRun.Result broken =
        tasks.content(false, "server { listen 80; # $(touch /tmp/pwned) `touch /tmp/pwned`\n", "");
    assertThat(broken.status("site")).as(broken.console()).isEqualTo(Status.FAILED);
    assertThat(broken.task("site").message())
        .contains("nginx refused the configuration")
        .contains("was not reloaded")
        .contains("unexpected end of file");
    assertThat(host.out(FILES)).isEqualTo(files);
    assertThat(host.out("cat /run/nginx.pid")).isEqualTo(pid);
    assertThat(tasks.answer("200 v1\n")).isEqualTo("200 v1\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();

    // valid, but the site does not answer as expected after the reload: rolled back, reloaded
    tasks.rollsBackAnUnansweredCheck(FILES);
    assertThat(host.out(FILES)).isEqualTo(files);

    // from a template rendered on the control node, checked after the reload
    tasks.rendersATemplateChecked("/etc/nginx/sites-available/app");

    // an existing file, disabled then removed
    TestbedRun.Result disabled = tasks.run(false, "name: app\nstate: disabled\n", Map.of());
    assertThat(disabled.status("site")).as(disabled.console()).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -L /etc/nginx/sites-enabled/app").rc()).isNotZero();
    assertThat(host.out("cat /etc/nginx/sites-available/app")).isEqualTo(site("v2"));
    assertThat(tasks.answer("no answer")).isEqualTo("no answer");
    assertThat(tasks.run(false, "name: app\nstate: disabled\n", Map.of()).changed()).isZero();
    assertThat(tasks.run(false, "name: app\n", Map.of()).status("site")).isEqualTo(Status.CHANGED);
    assertThat(tasks.answer("200 v2\n")).isEqualTo("200 v2\n");
    assertThat(tasks.run(false, "name: app\nstate: absent\n", Map.of()).status("site"))
        .isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/nginx/sites-available/app").rc()).isNotZero();
    assertThat(host.sh("test -L /etc/nginx/sites-enabled/app").rc()).isNotZero();
    assertThat(tasks.run(false, "name: app\nstate: absent\n", Map.of()).changed()).isZero();
  }

  @Test
  void hostileNamesAreRefusedBeforeAnythingRuns() throws Exception {
    SiteTasks tasks = new SiteTasks(host, "nginx_site", dir, NginxSiteOverSshTest::site);
    tasks.refusesNames(
        "is not a site name", "x; touch /tmp/pwned", "../nginx.conf", ".hidden", "a/b");
    assertThat(host.out("ls -A /etc/nginx/sites-available").lines()).isSubsetOf("default", "app");
  }
}
