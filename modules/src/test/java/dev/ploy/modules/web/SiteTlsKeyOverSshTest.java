package dev.ploy.modules.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's TLS key must be its certificate's: nginx_site and apache2_site compare the two public
 * keys on the target before anything is staged, so a wrong key fails the task, in check mode too,
 * with a message naming both files, and no file is written. (apache2ctl configtest would accept the
 * pair and apache would then fail to start.) The web servers need not be installed for this.
 */
class SiteTlsKeyOverSshTest {
  private static final String CERTIFICATES =
      String.join(
          "\n",
          "openssl req -x509 -newkey rsa:2048 -nodes -days 3 -subj /CN=site.test"
              + " -keyout /etc/ssl/private/site.key -out /etc/ssl/certs/site.crt 2>/dev/null",
          "openssl genpkey -algorithm ed25519 -out /etc/ssl/private/other.key 2>/dev/null",
          "echo 'not a key' > /etc/ssl/private/junk.key");

  private static final String NGINX =
      "server {\\n    listen 443 ssl;\\n    server_name site.test;\\n}\\n";
  private static final String APACHE =
      "<VirtualHost *:443>\\n    ServerName site.test\\n</VirtualHost>\\n";

  private static final String PLAYBOOK =
      "- hosts: all\n  gather_facts: false\n  tasks:\n"
          + site("nginx with another key", "nginx_site", NGINX, "other.key")
          + "      ignore_errors: true\n"
          + site("apache with another key", "apache2_site", APACHE, "other.key")
          + "      ignore_errors: true\n"
          + site("a key that is no key", "nginx_site", NGINX, "junk.key")
          + "      ignore_errors: true\n"
          + site("nginx with its key", "nginx_site", NGINX, "site.key");

  /** A task giving site.test, served by {@code module}, the certificate and {@code key}. */
  private static String site(String name, String module, String content, String key) {
    return """
            - name: %s
              %s:
                name: site
                content: "%s"
                tls_certificate: /etc/ssl/certs/site.crt
                tls_key: /etc/ssl/private/%s
        """
        .formatted(name, module, content, key);
  }

  @TempDir Path dir;

  @Test
  void aKeyThatIsNotTheCertificatesFailsBeforeAnythingIsStaged() throws Exception {
    TargetHost host = Testbed.fresh("tls-key");
    host.out(CERTIFICATES + "\nmkdir -p /etc/nginx/sites-available /etc/apache2/sites-available");
    String before = host.out("find /etc/nginx /etc/apache2 | sort");

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK);
    for (String task : new String[] {"nginx with another key", "apache with another key"}) {
      assertThat(check.status(task)).as(check.console()).isEqualTo(Status.FAILED);
      assertThat(check.task(task).data().get("msg"))
          .asString()
          .isEqualTo(
              "tls_key /etc/ssl/private/other.key is not the key of tls_certificate"
                  + " /etc/ssl/certs/site.crt (their public keys differ); nothing was changed");
    }
    assertThat(check.status("a key that is no key")).isEqualTo(Status.FAILED);
    assertThat(check.task("a key that is no key").data().get("msg"))
        .asString()
        .startsWith("tls_key /etc/ssl/private/junk.key is not a private key: ");
    assertThat(check.status("nginx with its key"))
        .as("the right key passes the check (nginx itself would come from an earlier task)")
        .isEqualTo(Status.CHANGED);

    TestbedRun.Result run = TestbedRun.in(dir, host).run(PLAYBOOK);
    assertThat(run.status("nginx with another key")).isEqualTo(Status.FAILED);
    assertThat(run.status("apache with another key")).isEqualTo(Status.FAILED);
    assertThat(host.out("find /etc/nginx /etc/apache2 | sort"))
        .as("nothing staged, nothing written")
        .isEqualTo(before);
  }
}
