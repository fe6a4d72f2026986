package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS of nginx_site and apache2_site on Debian's nginx and apache2 over SSH, with a self-signed
 * certificate made as roles/tls_selfsigned names it: check mode predicts and writes nothing, the
 * site answers on 443 with that certificate and 80 answers 301 to https, a second run changes
 * nothing, and a path that would inject a directive or a certificate that does not exist fails the
 * task with the site untouched.
 */
class SiteTlsOverSshTest {
  private static final String CERTIFICATE =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj /CN=site.test"
          + " -addext subjectAltName=DNS:site.test,DNS:www.site.test"
          + " -keyout /etc/ssl/private/site.test.key -out /etc/ssl/certs/site.test.crt 2>/dev/null";

  private static final String NGINX_SITE =
      """
      server {
          listen 443 ssl;
          server_name site.test www.site.test;
          location / { return 200 "tls ok\\n"; }
      }
      """;

  private static final String APACHE_SITE =
      """
      <VirtualHost *:443>
          ServerName site.test
          ServerAlias www.site.test
          DocumentRoot /var/www/site
      </VirtualHost>
      """;

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        vars:
          tls_certificate_path: /etc/ssl/certs/site.test.crt
          tls_key_path: /etc/ssl/private/site.test.key
        tasks:
          - name: site
            %s:
              name: site
              content: "{{ site }}"
              tls_certificate: "{{ tls_certificate_path }}"
              tls_key: "{{ tls_key_path }}"
              https_redirect: true
      """;

  private static final String BROKEN =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: injected
            %1$s:
              name: site
              content: "{{ site }}"
              tls_certificate: "/etc/ssl/certs/site.test.crt; include /etc/shadow"
              tls_key: /etc/ssl/private/site.test.key
            ignore_errors: true
          - name: missing
            %1$s:
              name: site
              content: "{{ site }}"
              tls_certificate: /etc/ssl/certs/none.crt
              tls_key: /etc/ssl/private/site.test.key
            ignore_errors: true
      """;

  @TempDir Path dir;

  @Test
  void nginxAnswersOnHttpsWithTheCertificateAndRedirectsHttp() throws Exception {
    TargetHost host = Testbed.fresh("tls-nginx");
    host.aptInstall("nginx", "openssl");
    host.out(CERTIFICATE);
    converges(host, "nginx_site", NGINX_SITE, "/etc/nginx/sites-available/site");
    assertThat(host.out("cat /etc/nginx/sites-available/site"))
        .contains(
            "    ssl_certificate /etc/ssl/certs/site.test.crt;\n"
                + "    ssl_certificate_key /etc/ssl/private/site.test.key;\n}\n",
            "return 301 https://$host$request_uri;");
  }

  @Test
  void apacheAnswersOnHttpsWithTheCertificateAndRedirectsHttp() throws Exception {
    TargetHost host = Testbed.fresh("tls-apache");
    host.aptInstall("apache2", "openssl");
    host.out(
        CERTIFICATE
            + " && mkdir -p /var/www/site && echo 'tls ok' > /var/www/site/index.html"
            + " && a2enmod ssl >/dev/null && systemctl restart apache2");
    converges(host, "apache2_site", APACHE_SITE, "/etc/apache2/sites-available/site.conf");
    assertThat(host.out("cat /etc/apache2/sites-available/site.conf"))
        .contains(
            "<VirtualHost *:443>\n    SSLEngine on\n"
                + "    SSLCertificateFile /etc/ssl/certs/site.test.crt\n",
            "Redirect permanent / https://www.site.test/");
  }

  private void converges(TargetHost host, String module, String site, String file)
      throws Exception {
    Map<String, Object> vars = Map.of("site", site);
    String playbook = PLAYBOOK.formatted(module);
    String before = host.out("ls -la " + file.substring(0, file.lastIndexOf('/')) + " 2>&1");

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).vars(vars).run(playbook);
    assertThat(check.status("site")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(host.sh("test -e " + file).rc()).as("check mode writes nothing").isNotZero();
    assertThat(host.out("ls -la " + file.substring(0, file.lastIndexOf('/')) + " 2>&1"))
        .isEqualTo(before);

    TestbedRun.Result run = TestbedRun.in(dir, host).vars(vars).run(playbook);
    assertThat(run.status("site")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(run.console()).contains("/etc/ssl/certs/site.test.crt", "https://");

    assertThat(
            host.out(
                "curl -sk --resolve site.test:443:127.0.0.1 https://site.test/"
                    + " --resolve www.site.test:443:127.0.0.1 https://www.site.test/"))
        .isEqualTo("tls ok\ntls ok\n");
    String served =
        "echo | openssl s_client -connect 127.0.0.1:443 -servername site.test 2>/dev/null"
            + " | openssl x509 -noout -fingerprint -sha256";
    String given = "openssl x509 -noout -fingerprint -sha256 -in /etc/ssl/certs/site.test.crt";
    assertThat(host.out(served)).isEqualTo(host.out(given));
    for (String name : List.of("site.test", "www.site.test")) {
      assertThat(
              host.out(
                  "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Host: "
                      + name
                      + "' http://127.0.0.1/x"))
          .startsWith("301 https://" + name + "/");
    }

    TestbedRun.Result again = TestbedRun.in(dir, host).vars(vars).run(playbook);
    again.assertConverged();
    TestbedRun.Result checkAgain = TestbedRun.in(dir, host).check(true).vars(vars).run(playbook);
    checkAgain.assertConverged();

    String files = host.out("sha256sum " + file);
    TestbedRun.Result broken =
        TestbedRun.in(dir, host).vars(Map.of("site", site + "\n")).run(BROKEN.formatted(module));
    assertThat(broken.status("injected")).as(broken.console()).isEqualTo(Status.FAILED);
    assertThat(broken.task("injected").data().get("msg").toString())
        .contains("is not a plain absolute path");
    assertThat(broken.status("missing")).isEqualTo(Status.FAILED);
    assertThat(broken.task("missing").data().get("msg").toString())
        .contains("/etc/ssl/certs/none.crt does not exist");
    assertThat(host.out("sha256sum " + file)).isEqualTo(files);
  }
}
