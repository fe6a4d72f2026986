package dev.ploy.modules.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-signed certificate on a real target (runbook 003's Apache TLS): key, request and
 * certificate made by openssl there, kept on a second run, and made again only for what changed.
 */
class CryptoOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("crypto");
  }

  private TestbedRun.Result run(boolean check, String keyArgs, String names) throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .run(
            """
            - hosts: all
              gather_facts: false
              tasks:
                - name: key
                  community.crypto.openssl_privatekey:
                    path: /etc/ssl/private/shop.key
                    %s
                - name: csr
                  community.crypto.openssl_csr:
                    path: /etc/ssl/shop.csr
                    privatekey_path: /etc/ssl/private/shop.key
                    common_name: shop.example.test
                    organization_name: "Shop / Co, Inc"
                    subject_alt_name: %s
                - name: cert
                  community.crypto.x509_certificate:
                    path: /etc/ssl/certs/shop.crt
                    privatekey_path: /etc/ssl/private/shop.key
                    csr_path: /etc/ssl/shop.csr
                    provider: selfsigned
                    selfsigned_not_after: +365d
            """
                .formatted(keyArgs, names));
  }

  private static String serial() {
    return host.out("openssl x509 -in /etc/ssl/certs/shop.crt -noout -serial");
  }

  @Test
  void keyRequestAndCertificateConvergeAndChangeOnlyWhatDiffers() throws Exception {
    String rsa = "size: 2048";
    String names = "[\"DNS:shop.example.test\"]";
    TestbedRun.Result check = run(true, rsa, names);
    // check mode did not make the key the request needs: the request and certificate made from
    // it are predicted
    assertThat(check.changed()).as(check.console()).isEqualTo(3);
    assertThat(host.sh("test -e /etc/ssl/private/shop.key").rc()).isNotZero();

    TestbedRun.Result first = run(false, rsa, names);
    assertThat(first.changed()).as(first.console()).isEqualTo(3);
    assertThat(host.out("stat -c %a /etc/ssl/private/shop.key")).contains("600");
    assertThat(host.out("stat -c %a /etc/ssl/certs/shop.crt")).contains("644");
    assertThat(
            host.out(
                "openssl x509 -in /etc/ssl/certs/shop.crt -noout -subject -ext subjectAltName"))
        .contains("CN = shop.example.test")
        .contains("Shop / Co, Inc")
        .contains("DNS:shop.example.test");
    assertThat(host.out("openssl verify -CAfile /etc/ssl/certs/shop.crt /etc/ssl/certs/shop.crt"))
        .contains("OK");
    String serial = serial();
    TestbedRun.Result again = run(false, rsa, names);
    assertThat(again.changed()).as(again.console()).isZero();
    TestbedRun.Result checkAgain = run(true, rsa, names);
    assertThat(checkAgain.changed()).as(checkAgain.console()).isZero();
    assertThat(serial()).isEqualTo(serial);

    // another name: the request and the certificate change, the key stays
    String key = host.out("sha256sum /etc/ssl/private/shop.key");
    String more = "[\"DNS:shop.example.test\", \"DNS:www.shop.example.test\"]";
    TestbedRun.Result predicted = run(true, rsa, more);
    assertThat(predicted.status("key")).isEqualTo(Status.OK);
    assertThat(predicted.status("csr")).isEqualTo(Status.CHANGED);
    assertThat(predicted.console()).contains("DNS:www.shop.example.test");
    TestbedRun.Result renamed = run(false, rsa, more);
    assertThat(renamed.status("cert")).as(renamed.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("sha256sum /etc/ssl/private/shop.key")).isEqualTo(key);
    assertThat(serial()).isNotEqualTo(serial);
    assertThat(run(false, rsa, more).changed()).isZero();

    // another key type: all three are made again
    String ecc = "type: ECC\n        curve: secp384r1";
    TestbedRun.Result rekeyed = run(false, ecc, more);
    assertThat(rekeyed.changed()).as(rekeyed.console()).isEqualTo(3);
    assertThat(host.out("openssl pkey -in /etc/ssl/private/shop.key -noout -text_pub"))
        .contains("secp384r1");
    assertThat(run(false, ecc, more).changed()).isZero();
  }

  @Test
  void hostileValuesStayDataAndBadNamesAreRefused() throws Exception {
    TestbedRun.Result hostile =
        TestbedRun.in(dir, host)
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: key
                      openssl_privatekey: {path: "/tmp/h.key", type: Ed25519}
                    - name: csr
                      openssl_csr:
                        path: /tmp/h.csr
                        privatekey_path: /tmp/h.key
                        common_name: "x'; touch /tmp/pwned; echo '$(touch /tmp/pwned)"
                    - name: bad names
                      openssl_csr:
                        path: /tmp/h2.csr
                        privatekey_path: /tmp/h.key
                        subject_alt_name: ["DNS:a.test,DNS:b.test"]
                      ignore_errors: true
                """);
    assertThat(hostile.status("csr")).as(hostile.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("openssl req -in /tmp/h.csr -noout -subject -nameopt utf8,sep_multiline"))
        .contains("touch /tmp/pwned");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    assertThat(hostile.task("bad names").message()).contains("is not TYPE:VALUE");
  }

  @Test
  void theTlsSelfsignedRoleMakesACertificateForTheSiteNames() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("roles/tls_selfsigned"))) {
      root = root.getParent();
    }
    Files.createSymbolicLink(dir.resolve("roles"), root.resolve("roles"));
    String play =
        """
        - hosts: all
          gather_facts: false
          roles:
            - role: tls_selfsigned
              tls_domains: [%s]
          tasks:
            - name: paths
              debug: {msg: "{{ tls_certificate_path }} {{ tls_key_path }}"}
        """;
    TestbedRun.Result first = TestbedRun.in(dir, host).run(play.formatted("blog.example.test"));
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(3);
    assertThat(first.console())
        .contains("/etc/ssl/certs/blog.example.test.crt /etc/ssl/private/blog.example.test.key");
    assertThat(TestbedRun.in(dir, host).run(play.formatted("blog.example.test")).changed())
        .isZero();
    TestbedRun.Result more =
        TestbedRun.in(dir, host).run(play.formatted("blog.example.test, www.blog.example.test"));
    assertThat(more.changed()).as(more.console()).isEqualTo(2);
    assertThat(
            host.out(
                "openssl x509 -in /etc/ssl/certs/blog.example.test.crt -noout -ext subjectAltName"))
        .contains("DNS:www.blog.example.test");
  }
}
