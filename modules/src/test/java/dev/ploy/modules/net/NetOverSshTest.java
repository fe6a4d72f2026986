package dev.ploy.modules.net;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wait_for and uri on a real Debian host over SSH, against a small HTTP server started inside the
 * target on 127.0.0.1:8080 (it echoes the request as JSON).
 */
class NetOverSshTest {
  static final String HOSTILE = "a'b \"c\" $(touch /tmp/pwned) `touch /tmp/pwned2`; * \\ ünï";

  private static final String SERVER =
      """
      import json, sys
      from http.server import BaseHTTPRequestHandler, HTTPServer
      class Handler(BaseHTTPRequestHandler):
          def answer(self):
              size = int(self.headers.get("Content-Length") or 0)
              body = self.rfile.read(size).decode("utf-8", "replace")
              if self.path == "/redirect":
                  self.send_response(302)
                  self.send_header("Location", "/echo")
                  self.send_header("Content-Length", "0")
                  self.end_headers()
                  return
              if self.path.startswith("/status/"):
                  self.send_response(int(self.path[8:]))
                  self.send_header("Content-Length", "0")
                  self.end_headers()
                  return
              if self.path == "/text":
                  data, kind = "plain \\u00fc text\\n".encode(), "text/plain; charset=utf-8"
              else:
                  data = json.dumps({"method": self.command, "path": self.path, "body": body,
                      "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
                  kind = "application/json"
              self.send_response(200)
              self.send_header("Content-Type", kind)
              self.send_header("X-Ploy-Test", "yes")
              self.send_header("Content-Length", str(len(data)))
              self.end_headers()
              self.wfile.write(data)
          do_GET = do_POST = do_PUT = do_DELETE = answer
          def log_message(self, *args):
              pass
      HTTPServer(("127.0.0.1", 8080), Handler).serve_forever()
      """;

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void hosts() {
    host = Testbed.fresh("net-a");
    host.out("cat > /root/server.py <<'EOF'\n" + SERVER + "EOF\n");
    host.out("setsid nohup python3 /root/server.py </dev/null >/dev/null 2>&1 &");
  }

  private TestbedRun.Result run(boolean check, String tasks) throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .vars(Map.of("hostile", HOSTILE))
        .run("- hosts: all\n  remote_user: deploy\n  become: true\n  tasks:\n" + tasks);
  }

  private static Object msg(TaskResult result) {
    return result.data().get("msg");
  }

  @Test
  void waitForPortsAndFiles() throws Exception {
    host.out("rm -f /tmp/ready; (sleep 2; echo 'state: READY' > /tmp/ready) >/dev/null 2>&1 &");
    TestbedRun.Result run =
        run(
            false,
            """
                - name: Server up
                  wait_for: {port: 8080, timeout: 30}
                - name: Nothing on 8099
                  wait_for: {port: 8099, state: stopped, timeout: 5}
                - name: File appears
                  wait_for: {path: /tmp/ready, search_regex: "state: [A-Z]+", timeout: 30}
                - name: Hostile path is absent
                  wait_for: {path: "/tmp/{{ hostile }}", state: absent, timeout: 5}
                - name: Never up
                  wait_for: {port: 8099, timeout: 2, sleep: 1}
                  ignore_errors: true
                - name: Custom message
                  wait_for: {path: /nonexistent, timeout: 1, msg: "no file, sorry"}
                  ignore_errors: true
            """);
    assertThat(run.status("Server up")).as(run.console()).isEqualTo(Status.OK);
    assertThat(run.status("Nothing on 8099")).isEqualTo(Status.OK);
    assertThat(run.status("File appears")).isEqualTo(Status.OK);
    assertThat((Long) run.task("File appears").data().get("elapsed")).isGreaterThanOrEqualTo(1L);
    assertThat(run.status("Hostile path is absent")).isEqualTo(Status.OK);
    assertThat(run.status("Never up")).isEqualTo(Status.FAILED);
    assertThat(msg(run.task("Never up")))
        .isEqualTo("Timeout when waiting for 127.0.0.1:8099 to be started");
    assertThat(msg(run.task("Custom message"))).isEqualTo("no file, sorry");
    assertThat(run.changed()).isZero();
    assertThat(host.sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
  }

  private static final String URI_TASKS =
      """
          - name: Get
            uri:
              url: http://127.0.0.1:8080/echo?q=1
              headers: {X-Token: "{{ hostile }}"}
            register: got
          - name: Post JSON
            uri:
              url: http://127.0.0.1:8080/items
              method: POST
              body_format: json
              body: {name: "{{ hostile }}", count: 2}
          - name: Form
            uri:
              url: http://127.0.0.1:8080/form
              method: PUT
              body_format: form-urlencoded
              body: {a: "x y", b: "{{ hostile }}"}
          - name: Text
            uri: {url: "http://127.0.0.1:8080/text", return_content: true}
          - name: Redirected
            uri: {url: "http://127.0.0.1:8080/redirect"}
          - name: Expected 404
            uri: {url: "http://127.0.0.1:8080/status/404", status_code: [200, 404]}
          - name: Unexpected 500
            uri: {url: "http://127.0.0.1:8080/status/500"}
            ignore_errors: true
          - name: Refused
            uri: {url: "http://127.0.0.1:8099/"}
            ignore_errors: true
          - name: Basic auth
            uri:
              url: http://127.0.0.1:8080/auth
              user: admin
              password: "s3cr'et"
              force_basic_auth: true
          - name: Download
            uri: {url: "http://127.0.0.1:8080/text", dest: /srv/page.txt}
      """;

  @Test
  void uriRequestsFromTheTarget() throws Exception {
    host.out("rm -f /srv/page.txt");
    TestbedRun.Result check = run(true, URI_TASKS);
    assertThat(check.status("Get")).as(check.console()).isEqualTo(Status.OK);
    assertThat(check.status("Post JSON")).isEqualTo(Status.SKIPPED);
    assertThat(check.status("Download")).isEqualTo(Status.SKIPPED);
    assertThat(host.sh("test -e /srv/page.txt").rc()).isNotZero();

    TestbedRun.Result run = run(false, URI_TASKS);
    Map<String, Object> get = run.task("Get").data();
    assertThat(get)
        .containsEntry("status", 200)
        .containsEntry("x_ploy_test", "yes")
        .containsEntry("content_type", "application/json")
        .containsEntry("changed", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> echoed = (Map<String, Object>) get.get("json");
    assertThat(echoed).containsEntry("method", "GET").containsEntry("path", "/echo?q=1");
    assertThat(((Map<?, ?>) echoed.get("headers")).get("x-token"))
        .as("HTTP headers are read as latin-1 by the server: the UTF-8 bytes arrived as they were")
        .isEqualTo(new String(HOSTILE.getBytes(UTF_8), ISO_8859_1));

    @SuppressWarnings("unchecked")
    Map<String, Object> posted = (Map<String, Object>) run.task("Post JSON").data().get("json");
    assertThat(posted).containsEntry("method", "POST");
    assertThat(posted.get("body").toString())
        .as("the body as Ansible's uri sends it, json.dumps(body): text beyond ASCII escaped")
        .isEqualTo(
            "{\"name\": \""
                + HOSTILE
                    .replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("ü", "\\u00fc")
                    .replace("ï", "\\u00ef")
                + "\", \"count\": 2}");
    assertThat(((Map<?, ?>) posted.get("headers")).get("content-type"))
        .isEqualTo("application/json");
    assertThat(run.status("Post JSON")).isEqualTo(Status.OK);

    @SuppressWarnings("unchecked")
    Map<String, Object> form = (Map<String, Object>) run.task("Form").data().get("json");
    assertThat(form.get("body").toString()).startsWith("a=x+y&b=a%27b+%22c%22+%24%28touch");

    assertThat(run.task("Text").data()).containsEntry("content", "plain ü text\n");
    assertThat(run.task("Redirected").data())
        .containsEntry("redirected", true)
        .containsEntry("url", "http://127.0.0.1:8080/echo");
    assertThat(run.task("Expected 404").data()).containsEntry("status", 404);
    assertThat(run.status("Unexpected 500")).isEqualTo(Status.FAILED);
    assertThat(msg(run.task("Unexpected 500")).toString())
        .startsWith("Status code was 500 and not [200]");
    assertThat(msg(run.task("Refused")).toString()).startsWith("Status code was -1 and not [200]");
    @SuppressWarnings("unchecked")
    Map<String, Object> auth = (Map<String, Object>) run.task("Basic auth").data().get("json");
    assertThat(((Map<?, ?>) auth.get("headers")).get("authorization"))
        .isEqualTo("Basic YWRtaW46czNjcidldA==");

    assertThat(run.status("Download")).isEqualTo(Status.CHANGED);
    assertThat(host.out("cat /srv/page.txt")).isEqualTo("plain ü text\n");
    TestbedRun.Result again = run(false, URI_TASKS);
    assertThat(again.status("Download")).isEqualTo(Status.OK);
    assertThat(again.changed()).isZero();
    assertThat(host.sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
  }
}
