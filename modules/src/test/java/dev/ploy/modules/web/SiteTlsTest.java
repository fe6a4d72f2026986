package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TLS of nginx_site and apache2_site as text: what is put into a site file and refused. */
class SiteTlsTest {
  private static final String NGINX =
      """
      server {
          listen 443 ssl;
          listen [::]:443 ssl;
          server_name example.test www.example.test;
          location / {
              proxy_pass http://127.0.0.1:8000;
          }
      }
      """;

  private static final String APACHE =
      """
      <VirtualHost *:443>
          ServerName www.example.test
          ServerAlias example.test
          DocumentRoot /var/www/html
      </VirtualHost>
      """;

  private static SiteTls tls(Object... pairs) throws ModuleException {
    Map<String, Object> raw = new LinkedHashMap<>(Map.of("name", "app", "content", "x"));
    for (int i = 0; i < pairs.length; i += 2) {
      raw.put((String) pairs[i], pairs[i + 1]);
    }
    return SiteTls.of(Args.bind(new NginxSite().spec(), raw));
  }

  @Test
  void nginxGetsTheCertificateInItsHttpsServerAndTheRedirect() throws Exception {
    SiteTls tls =
        tls(
            "tls_certificate", "/etc/ssl/certs/example.crt",
            "tls_key", "/etc/ssl/private/example.key",
            "https_redirect", true);
    assertThat(tls.applyTo(WebServer.NGINX, NGINX))
        .isEqualTo(
            """
            server {
                listen 443 ssl;
                listen [::]:443 ssl;
                server_name example.test www.example.test;
                location / {
                    proxy_pass http://127.0.0.1:8000;
                }
                ssl_certificate /etc/ssl/certs/example.crt;
                ssl_certificate_key /etc/ssl/private/example.key;
            }

            # http -> https (ploy: https_redirect)
            server {
                listen 80;
                listen [::]:80;
                server_name example.test www.example.test;
                return 301 https://$host$request_uri;
            }
            """);
  }

  @Test
  void apacheGetsTheCertificateFromCertbotAndOneRedirectPerName() throws Exception {
    SiteTls tls = tls("tls_certbot_name", "www.example.test", "https_redirect", true);
    assertThat(tls.applyTo(WebServer.APACHE, APACHE))
        .isEqualTo(
            """
            <VirtualHost *:443>
                SSLEngine on
                SSLCertificateFile /etc/letsencrypt/live/www.example.test/fullchain.pem
                SSLCertificateKeyFile /etc/letsencrypt/live/www.example.test/privkey.pem
                ServerName www.example.test
                ServerAlias example.test
                DocumentRoot /var/www/html
            </VirtualHost>

            # http -> https (ploy: https_redirect)
            <VirtualHost *:80>
                ServerName www.example.test
                Redirect permanent / https://www.example.test/
            </VirtualHost>
            <VirtualHost *:80>
                ServerName example.test
                Redirect permanent / https://example.test/
            </VirtualHost>
            """);
  }

  @Test
  void theRedirectAloneKeepsTheSiteOwnCertificate() throws Exception {
    String own = NGINX.replace("    location", "    ssl_certificate /a.crt;\n    location");
    assertThat(tls("https_redirect", true).applyTo(WebServer.NGINX, own))
        .startsWith(own)
        .contains("return 301 https://$host$request_uri;");
    assertThat(tls()).isNull();
  }

  @Test
  void withoutIpv6OnTheTargetNginxsRedirectListensOnPort80Only() throws Exception {
    SiteTls redirect = tls("https_redirect", true);
    assertThat(redirect.onHost(true).applyTo(WebServer.NGINX, NGINX))
        .contains("    listen 80;\n    listen [::]:80;\n");
    assertThat(redirect.onHost(false).applyTo(WebServer.NGINX, NGINX))
        .contains("    listen 80;\n    server_name")
        .doesNotContain("[::]:80");
  }

  @Test
  void refusesWhatWouldBreakOrInjectIntoTheConfiguration() throws Exception {
    SiteTls given = tls("tls_certificate", "/c.crt", "tls_key", "/k.key", "https_redirect", true);
    assertThatThrownBy(() -> given.applyTo(WebServer.NGINX, NGINX.replace("443 ssl", "443")))
        .hasMessageContaining("write 'listen 443 ssl;'");
    assertThatThrownBy(() -> given.applyTo(WebServer.NGINX, "server {\n  listen 80;\n}\n"))
        .hasMessageContaining("no server of the site listens on 443");
    assertThatThrownBy(
            () ->
                given.applyTo(
                    WebServer.NGINX,
                    NGINX
                        .replace("    ssl_certificate", "")
                        .replace("server_name", "ssl_certificate /x;\n    server_name")))
        .hasMessageContaining("names its certificate itself");
    assertThatThrownBy(
            () -> given.applyTo(WebServer.APACHE, APACHE.replaceAll("    Server.*\n", "")))
        .hasMessageContaining("https_redirect needs the site's names");
    for (String hostile :
        new String[] {
          "/a.crt; include /etc/shadow", "/a.crt\nssl off", "a.crt", "/a/../b", "/a\"b"
        }) {
      assertThatThrownBy(() -> tls("tls_certificate", hostile, "tls_key", "/k.key"))
          .hasMessageContaining("is not a plain absolute path");
    }
    assertThatThrownBy(() -> tls("tls_certbot_name", "../../etc"))
        .hasMessageContaining("is not a certificate name");
  }
}
