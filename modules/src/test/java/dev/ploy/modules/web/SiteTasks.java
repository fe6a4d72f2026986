package dev.ploy.modules.web;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * A site module's task (nginx_site, apache2_site) run on a testbed host, and what the host's HTTP
 * port answers.
 *
 * @param module the site module
 * @param dir where the playbook (and its templates/) is written
 */
record SiteTasks(TargetHost host, String module, Path dir) {

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
}
