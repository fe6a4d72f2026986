package dev.ploy.modules.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's playbooks/django_app.yml with roles/django_app on a fresh host, deploying a small
 * WSGI application from a git repository inside the target (no network beyond Debian's archive):
 * nginx answers with what gunicorn serves, the .env is private, a second run changes nothing, and a
 * new commit is deployed and restarted.
 */
class DjangoAppPlaybookOverSshTest {
  private static final String APP =
      """
      import json, os

      def application(environ, start_response):
          values = {}
          with open(os.path.join(os.path.dirname(__file__), ".env")) as env:
              for line in env:
                  if "=" in line and not line.startswith("#"):
                      key, _, value = line.strip().partition("=")
                      values[key] = json.loads(value)
          start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
          return [(values["GREETING"] + ", VERSION\\n").encode()]
      """;

  private static TargetHost host;
  private static Path root;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    host = Testbed.fresh("django-app");
    root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("playbooks/django_app.yml"))) {
      root = root.getParent();
    }
    host.out(
        "apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q git"
            + " >/dev/null && git config --system --add safe.directory '*'"
            + " && mkdir -p /srv/src/hello && cd /srv/src/hello && git init -q -b main"
            + " && printf '.env\\n' > .gitignore");
    commit("version 1");
  }

  private static void commit(String version) {
    host.out(
        "cd /srv/src/hello && cat > hello.py <<'EOF'\n"
            + APP.replace("VERSION", version)
            + "EOF\n"
            + "git add -A && git -c user.name=t -c user.email=t@t commit -q -m "
            + dev.ploy.connection.ShellQuote.quote(version));
  }

  private TestbedRun.Result deploy() throws Exception {
    Files.deleteIfExists(dir.resolve("roles"));
    Files.createSymbolicLink(dir.resolve("roles"), root.resolve("roles"));
    return TestbedRun.in(dir, host)
        .vars(
            Map.of(
                "target", "all",
                "app_name", "hello",
                "app_repo", "/srv/src/hello",
                "app_wsgi", "hello:application",
                "app_domains", List.of("hello.test"),
                "app_packages", List.of(),
                "app_env", Map.of("GREETING", "Bonjour, l'équipe \"$HOME\"")))
        .run(Files.readString(root.resolve("playbooks/django_app.yml")));
  }

  private static String site() {
    return host.out("curl -s -H 'Host: hello.test' http://127.0.0.1/");
  }

  @Test
  void deploysConvergesAndRedeploysANewCommit() throws Exception {
    TestbedRun.Result first = deploy();
    assertThat(first.exitCode()).as(first.console()).isEqualTo(RunOutcome.OK);
    assertThat(site()).isEqualTo("Bonjour, l'équipe \"$HOME\", version 1\n");
    assertThat(host.out("stat -c '%a %U' /srv/hello/.env")).isEqualTo("600 hello\n");
    assertThat(host.out("supervisorctl status hello")).contains("RUNNING");
    assertThat(host.sh("nginx -t").rc()).isZero();
    assertThat(host.sh("test -e /etc/nginx/sites-enabled/default").rc()).isNotZero();

    TestbedRun.Result second = deploy();
    assertThat(second.changed()).as(second.console()).isZero();

    commit("version 2");
    TestbedRun.Result update = deploy();
    assertThat(update.exitCode()).as(update.console()).isEqualTo(RunOutcome.OK);
    assertThat(update.status("django_app : The application's code")).isEqualTo(Status.CHANGED);
    assertThat(update.status("django_app : restart application")).isEqualTo(Status.CHANGED);
    assertThat(site()).isEqualTo("Bonjour, l'équipe \"$HOME\", version 2\n");
  }
}
