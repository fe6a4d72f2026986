package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * get_url on real Debian hosts over SSH, downloading from an HTTP server started inside each target
 * (a python3 test fixture on 127.0.0.1:8000 that serves /srv/www and echoes headers on /echo).
 */
class GetUrlOverSshTest {
  private static final String RELEASE = "release 1.0\n";
  private static final String HOSTILE_DEST =
      "/opt/dl/-we ird;$(touch pwned)`touch pwned2`'q\" *ü.txt";
  private static final String HOSTILE_HEADER = "a'b\"c $(touch /tmp/pwned) `id` ü";
  private static final String PASSWORD = "pa\"ss\\wo'rd $(touch /tmp/pwned)";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Download directory
            ansible.builtin.file:
              path: /opt/dl
              state: directory
          - name: Release into a directory
            ansible.builtin.get_url:
              url: http://127.0.0.1:8000/release.txt
              dest: /opt/dl/
              checksum: "sha256:{{ sum }}"
              mode: "0640"
              owner: www-data
          - name: Hostile names and headers
            ansible.builtin.get_url:
              url: "http://127.0.0.1:8000/echo?x=$(touch%20/tmp/pwned);[a]{b}`id`"
              dest: "{{ hostile_dest }}"
              headers:
                X-Token: "{{ hostile_header }}"
              url_username: deploy
              url_password: "{{ password }}"
      """;

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("xfer-url-check", "xfer-url-run").eachSetUp(GetUrlOverSshTest::serve);

  @TempDir Path dir;

  /** Starts the fixture HTTP server inside the target and waits until it answers. */
  private static void serve(TargetHost host) {
    host.out(
        "mkdir -p /srv/www && printf 'release 1.0\\n' > /srv/www/release.txt\n"
            + "cat > /root/serve.py <<'PY'\n"
            + "import http.server, os\n"
            + "class H(http.server.SimpleHTTPRequestHandler):\n"
            + "    def do_GET(self):\n"
            + "        if self.path.startswith('/echo'):\n"
            + "            body = ('path: ' + self.path + '\\n' + ''.join(\n"
            + "                k + ': ' + v + '\\n' for k, v in self.headers.items())).encode('latin-1')\n"
            + "            self.send_response(200)\n"
            + "            self.send_header('Content-Length', str(len(body)))\n"
            + "            self.end_headers()\n"
            + "            self.wfile.write(body)\n"
            + "        else:\n"
            + "            super().do_GET()\n"
            + "os.chdir('/srv/www')\n"
            + "http.server.HTTPServer(('127.0.0.1', 8000), H).serve_forever()\n"
            + "PY\n"
            + "setsid nohup python3 /root/serve.py >/var/log/serve.log 2>&1 </dev/null &\n"
            + "for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:8000/ && exit 0;"
            + " sleep 0.1; done; exit 1");
  }

  private TestbedRun on(TargetHost host) throws Exception {
    return TestbedRun.in(dir, host)
        .vars(
            Map.of(
                "sum", sha256(RELEASE),
                "hostile_dest", HOSTILE_DEST,
                "hostile_header", HOSTILE_HEADER,
                "password", PASSWORD));
  }

  @Test
  void checkModeOnAFreshHostPredictsAndDownloadsNothing() throws Exception {
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(3);
    assertThat(check.task("Release into a directory").data())
        .containsEntry("dest", "/opt/dl/release.txt");
    assertThat(hosts.fresh().sh("test -e /opt/dl").rc()).isNotZero();
    assertThat(check.console())
        .contains("+url: http://127.0.0.1:8000/release.txt")
        .contains("+checksum: sha256:" + sha256(RELEASE))
        .contains("+mode: 0640");
  }

  @Test
  void aRunDownloadsVerifiesAndASecondChangesNothing() throws Exception {
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(3);
    assertThat(hosts.used().out("cat /opt/dl/release.txt; stat -c '%U %a' /opt/dl/release.txt"))
        .isEqualTo(RELEASE + "www-data 640\n");
    String echoed = hosts.used().out("cat " + quote(HOSTILE_DEST));
    assertThat(echoed)
        .contains("path: /echo?x=$(touch%20/tmp/pwned);[a]{b}`id`\n")
        .contains("X-Token: " + HOSTILE_HEADER + "\n")
        .contains(
            "Authorization: Basic "
                + Base64.getEncoder()
                    .encodeToString(("deploy:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    assertThat(hosts.used().sh("test -e /tmp/pwned").rc()).isNotZero();
    assertThat(hosts.used().out("find / -xdev -name 'pwned*' | wc -l").strip()).isEqualTo("0");
    assertThat(hosts.used().out("ls -a /opt/dl | grep -c ploy- || true").strip()).isEqualTo("0");

    TestbedRun.Result second = on(hosts.used()).run(PLAYBOOK);
    assertThat(second.failed()).isZero();
    assertThat(second.changed()).as(second.console()).isZero();
  }

  @Test
  void checksumsDecideAndFailuresLeaveNothingBehind() throws Exception {
    hosts.used().out("mkdir -p /opt/sum && printf 'old\\n' > /opt/sum/release.txt");
    String play =
        """
        - hosts: all
          remote_user: deploy
          become: true
          tasks:
            - name: Replace a file whose checksum differs
              ansible.builtin.get_url:
                url: http://127.0.0.1:8000/release.txt
                dest: /opt/sum/release.txt
                checksum: "sha256:{{ sum }}"
            - name: Same content with force
              ansible.builtin.get_url:
                url: http://127.0.0.1:8000/release.txt
                dest: /opt/sum/release.txt
                force: true
            - name: Wrong checksum
              ansible.builtin.get_url:
                url: http://127.0.0.1:8000/release.txt
                dest: /opt/sum/wrong.txt
                checksum: "sha1:0000000000000000000000000000000000000000"
              ignore_errors: true
            - name: Not found
              ansible.builtin.get_url:
                url: http://127.0.0.1:8000/missing.txt
                dest: /opt/sum/missing.txt
              ignore_errors: true
        """;
    TestbedRun.Result run = on(hosts.used()).run(play);
    assertThat(run.status("Replace a file whose checksum differs")).isEqualTo(Status.CHANGED);
    assertThat(run.console()).contains("-checksum: sha256:" + sha256("old\n"));
    assertThat(hosts.used().out("cat /opt/sum/release.txt")).isEqualTo(RELEASE);
    assertThat(run.status("Same content with force")).as(run.console()).isEqualTo(Status.OK);
    assertThat(run.status("Wrong checksum")).isEqualTo(Status.FAILED);
    assertThat(run.task("Wrong checksum").message()).contains("did not match");
    assertThat(run.status("Not found")).isEqualTo(Status.FAILED);
    assertThat(run.task("Not found").data()).containsEntry("status_code", 404);
    assertThat(hosts.used().out("ls -a /opt/sum")).isEqualTo(".\n..\nrelease.txt\n");
  }

  @Test
  void aDestDirectoryWithANewlineAndADashSegmentGetsTheFileAndKeepsNoTemporaryFile()
      throws Exception {
    // the temporary path was read back from the last output line: a newline in dest's directory
    // sent sha1sum and rm to another path and left the download behind
    String play =
        """
        - hosts: all
          remote_user: deploy
          become: true
          tasks:
            - name: Odd directory
              ansible.builtin.file:
                path: "/opt/odd/-dl\\nnext"
                state: directory
            - name: Into the odd directory
              ansible.builtin.get_url:
                url: http://127.0.0.1:8000/release.txt
                dest: "/opt/odd/-dl\\nnext/"
            - name: Refused into the odd directory
              ansible.builtin.get_url:
                url: http://127.0.0.1:8000/release.txt
                dest: "/opt/odd/-dl\\nnext/refused.txt"
                checksum: "sha1:0000000000000000000000000000000000000000"
              ignore_errors: true
        """;
    TestbedRun.Result run = on(hosts.used()).run(play);
    assertThat(run.status("Into the odd directory")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(run.status("Refused into the odd directory")).isEqualTo(Status.FAILED);
    assertThat(hosts.used().out("cat \"/opt/odd/-dl\nnext/release.txt\"")).isEqualTo(RELEASE);
    assertThat(hosts.used().out("ls -A \"/opt/odd/-dl\nnext\"")).isEqualTo("release.txt\n");
    assertThat(hosts.used().out("ls -A /opt/odd")).isEqualTo("-dl\nnext\n");

    TestbedRun.Result second = on(hosts.used()).run(play);
    assertThat(second.status("Into the odd directory")).as(second.console()).isEqualTo(Status.OK);
  }

  private static String quote(String path) {
    return "'" + path.replace("'", "'\"'\"'") + "'";
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
