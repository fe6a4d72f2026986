package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

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
 * certbot against pebble, a local ACME server run inside the target (no DNS points at the target,
 * so pebble is told to consider every challenge valid): obtain, keep, extend, renew, delete.
 */
class CertbotOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("certbot");
    host.aptInstall("certbot", "pebble", "openssl");
    // pebble's own listener needs a certificate that certbot trusts: a throwaway CA signs it
    host.out(
        """
        set -e
        mkdir -p /etc/pebble /var/www/html && cd /etc/pebble
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
          -subj /CN=test-ca 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout key.pem -out server.csr -subj /CN=localhost \
          2>/dev/null
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ext.cnf
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem \
          -days 30 -extfile ext.cnf 2>/dev/null
        cat > cfg.json <<'JSON'
        {"pebble":{"listenAddress":"127.0.0.1:14000","managementListenAddress":"127.0.0.1:15000",
        "certificate":"cert.pem","privateKey":"key.pem","httpPort":5002,"tlsPort":5001,
        "ocspResponderURL":"","externalAccountBindingRequired":false}}
        JSON
        # pebble rejects 5% of nonces unless told not to, to test a client's retry; Debian's
        # certbot 2.1 on Python 3.11 then crashes (can't set attribute, certbot issue 9539)
        PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 setsid pebble -config cfg.json \
          </dev/null >/var/log/pebble.log 2>&1 &
        for i in $(seq 50); do
          curl -fs --cacert ca.pem https://127.0.0.1:14000/dir >/dev/null && exit 0
          sleep 0.2
        done
        echo 'pebble did not start' >&2; cat /var/log/pebble.log >&2; exit 1
        """);
  }

  private static String play(String domains, String state, int renewBeforeDays) {
    return """
        - hosts: all
          gather_facts: false
          tasks:
            - name: certificate
              certbot:
                domains: %s
                cert_name: site
                state: %s
                email: admin@example.test
                webroot: /var/www/html
                server: https://127.0.0.1:14000/dir
                renew_before_days: %d
              environment:
                REQUESTS_CA_BUNDLE: /etc/pebble/ca.pem
        """
        .formatted(domains, state, renewBeforeDays);
  }

  private TestbedRun.Result run(String domains, String state, int days, boolean check)
      throws Exception {
    return TestbedRun.in(dir, host).check(check).run(play(domains, state, days));
  }

  private static String names() {
    return host.out(
        "openssl x509 -in /etc/letsencrypt/live/site/cert.pem -noout -ext subjectAltName"
            + " | tail -1");
  }

  private static String serial() {
    return host.out("openssl x509 -in /etc/letsencrypt/live/site/cert.pem -noout -serial");
  }

  @Test
  void obtainsKeepsExtendsRenewsAndDeletes() throws Exception {
    String one = "[www.example.test]";
    TestbedRun.Result check = run(one, "present", 30, true);
    assertThat(check.status("certificate")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("certificate site").contains("www.example.test");
    assertThat(host.sh("test -e /etc/letsencrypt/live/site").rc()).isNotZero();

    TestbedRun.Result obtain = run(one, "present", 30, false);
    assertThat(obtain.status("certificate")).as(obtain.console()).isEqualTo(Status.CHANGED);
    assertThat(names()).contains("DNS:www.example.test");
    assertThat(host.sh("test -s /etc/letsencrypt/live/site/privkey.pem").rc()).isZero();
    String first = serial();
    TestbedRun.Result again = run(one, "present", 30, false);
    assertThat(again.changed()).as(again.console()).isZero();
    assertThat(serial()).isEqualTo(first);

    String two = "[www.example.test, example.test]";
    assertThat(run(two, "present", 30, true).status("certificate")).isEqualTo(Status.CHANGED);
    assertThat(serial()).isEqualTo(first);
    assertThat(run(two, "present", 30, false).status("certificate")).isEqualTo(Status.CHANGED);
    assertThat(names()).contains("DNS:example.test").contains("DNS:www.example.test");
    assertThat(run(two, "present", 30, false).changed()).isZero();

    // a window longer than the certificate's life: due for renewal on every run
    String extended = serial();
    TestbedRun.Result renew = run(two, "present", 100_000, false);
    assertThat(renew.status("certificate")).as(renew.console()).isEqualTo(Status.CHANGED);
    assertThat(renew.task("certificate").data()).containsEntry("reason", "renewed");
    assertThat(serial()).isNotEqualTo(extended);

    assertThat(run(two, "absent", 30, true).status("certificate")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/letsencrypt/live/site/cert.pem").rc()).isZero();
    assertThat(run(two, "absent", 30, false).status("certificate")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e /etc/letsencrypt/live/site").rc()).isNotZero();
    assertThat(run(two, "absent", 30, false).changed()).isZero();
  }

  @Test
  void hostileDomainsAndMissingArgumentsFailBeforeCertbotRuns() throws Exception {
    TestbedRun.Result hostile = run("[\"x.example.test; touch /tmp/pwned\"]", "present", 30, false);
    assertThat(hostile.status("certificate")).isEqualTo(Status.FAILED);
    assertThat(hostile.task("certificate").message()).contains("is not a domain name");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();

    TestbedRun.Result noWebroot =
        TestbedRun.in(dir, host)
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: certificate
                      certbot: {domains: [a.example.test]}
                """);
    assertThat(noWebroot.task("certificate").message()).contains("needs webroot");
  }

  /**
   * email, webroot and cert_name named like options reach certbot as values (a separate "--email
   * --help" printed certbot's help and reported a change); a substitution is text.
   */
  @Test
  void valuesNamedLikeOptionsAreCertbotsValuesNeverItsOptions() throws Exception {
    // no account yet, as on a first run: an existing account makes certbot ignore the email
    host.out("rm -rf /etc/letsencrypt/accounts");
    Map<String, String> messages =
        Map.of(
            "{domains: [h1.example.test], cert_name: h1, email: '--help', webroot: /var/www/html}",
            "The ACME server believes --help is an invalid email address",
            "{domains: [h2.example.test], cert_name: h2, email: '-rf', webroot: /var/www/html}",
            "The ACME server believes -rf is an invalid email address",
            "{domains: [h3.example.test], cert_name: h3, email: a@example.test, webroot: '-rf'}",
            "-rf does not exist or is not a directory",
            "{domains: [h4.example.test], cert_name: '--help', email: a@example.test,"
                + " webroot: /var/www/html}",
            "cert_name '--help' cannot be a directory name",
            "{domains: [h5.example.test], cert_name: h5, webroot: /var/www/html,"
                + " email: '$(touch /tmp/pwned)@x`touch /tmp/pwned`;x'}",
            "invalid email address");
    for (var entry : messages.entrySet()) {
      TestbedRun.Result run =
          TestbedRun.in(dir, host)
              .run(
                  """
                  - hosts: all
                    gather_facts: false
                    tasks:
                      - name: certificate
                        certbot: %s
                        args: {server: https://127.0.0.1:14000/dir}
                        environment:
                          REQUESTS_CA_BUNDLE: /etc/pebble/ca.pem
                  """
                      .formatted(entry.getKey()));
      assertThat(run.status("certificate")).as(run.console()).isEqualTo(Status.FAILED);
      assertThat(run.task("certificate").message()).contains(entry.getValue());
    }
    assertThat(host.sh("ls /etc/letsencrypt/live/ | grep -q '^h' || test -e /tmp/pwned").rc())
        .isNotZero();
  }
}
