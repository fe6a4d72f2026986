package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A site module's task (nginx_site, apache2_site) run on a testbed host, and what the host's HTTP
 * port answers.
 *
 * @param module the site module
 * @param dir where the playbook (and its templates/) is written
 * @param site the site file whose page answers {@code 200 VERSION}, given VERSION
 */
record SiteTasks(TargetHost host, String module, Path dir, UnaryOperator<String> site) {

  /** Runs the task "site" with these arguments (YAML) and variables, in check mode or not. */
  TestbedRun.Result run(boolean check, String arguments, Map<String, Object> vars)
      throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .vars(vars)
        .run(
            """
            - hosts: all
              gather_facts: false
              tasks:
                - name: site
                  %s:
            %s
            """
                .formatted(module, arguments.indent(8).stripTrailing()));
  }

  /** Runs the task "site" for the site "app" with this content (from a variable). */
  TestbedRun.Result content(boolean check, String content, String more) throws Exception {
    return run(
        check, "name: app\ncontent: \"{{ site }}\"\n" + more, Map.of("site", (Object) content));
  }

  /**
   * What the host's HTTP port answers, asked again for a few seconds until it is {@code expected}
   * (a reload takes effect a moment after it returns).
   */
  String answer(String expected) throws Exception {
    String seen = answer();
    for (int i = 0; i < 20 && !seen.equals(expected); i++) {
      Thread.sleep(250);
      seen = answer();
    }
    return seen;
  }

  /** What the host's HTTP port answers ("no answer" when nothing listens on port 80). */
  String answer() throws Exception {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.httpPort() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return "no answer";
    }
  }

  /**
   * A valid site (v3) that does not answer what check_text wants (v2) after the reload: the task
   * fails, the site's files are as {@code files} prints them before, and v1 answers again.
   */
  void rollsBackAnUnansweredCheck(String files) throws Exception {
    String before = host.out(files);
    TestbedRun.Result unanswered =
        content(
            false,
            site.apply("v3"),
            "check_url: http://127.0.0.1/\ncheck_text: v2\ncheck_timeout: 2\n");
    assertThat(unanswered.status("site")).as(unanswered.console()).isEqualTo(Status.FAILED);
    assertThat(unanswered.task("site").message())
        .contains("http://127.0.0.1/ answered 200 without 'v2'")
        .contains("reloaded again");
    assertThat(host.out(files)).isEqualTo(before);
    assertThat(answer("200 v1\n")).isEqualTo("200 v1\n");
  }

  /**
   * The site from a template rendered on the control node with a variable (v2), as roles write it,
   * checked after the reload: {@code path} holds it and v2 answers.
   */
  void rendersATemplateChecked(String path) throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(dir.resolve("templates/app.conf.j2"), site.apply("{{ version }}"));
    TestbedRun.Result checked =
        run(
            false,
            "name: app\nsrc: app.conf.j2\ncheck_url: http://127.0.0.1/\ncheck_text: v2\n",
            Map.of("version", (Object) "v2"));
    assertThat(checked.status("site")).as(checked.console()).isEqualTo(Status.CHANGED);
    assertThat(answer("200 v2\n")).isEqualTo("200 v2\n");
    assertThat(host.out("cat " + path)).isEqualTo(site.apply("v2"));
  }

  /**
   * Each name is refused with {@code message} before anything runs on the host (a name given
   * through a variable, so that the task reaches the module).
   */
  void refusesNames(String message, String... names) throws Exception {
    for (String name : names) {
      TestbedRun.Result hostile =
          run(false, "name: \"{{ n }}\"\ncontent: x\n", Map.of("n", (Object) name));
      assertThat(hostile.status("site")).as(name).isEqualTo(Status.FAILED);
      assertThat(hostile.task("site").message()).as(name).contains(message);
    }
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
  }
}
