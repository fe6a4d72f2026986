package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;
import java.util.List;

/**
 * A web server whose configuration is checked and reloaded as a whole, with its sites the Debian
 * way (a file in sites-available, enabled by a link in sites-enabled): what a site module needs to
 * know of it (nginx, apache).
 *
 * @param name the server as users call it, in messages
 * @param configDir its configuration directory, where a change's rollback copies are kept
 * @param program the command whose presence says the server is installed
 * @param validate the command line that checks the whole configuration ({@code nginx -t})
 * @param service the systemd unit reloaded when systemd runs, also the Debian package's name
 * @param reloadWithoutSystemd the script that reloads a running server without systemd; it prints
 *     {@code @not-running} (and succeeds) when the server does not run
 * @param siteSuffix what a site's name is followed by in its file name ({@code .conf} for apache)
 * @param relativeLinks whether a site's link leads to {@code ../sites-available/FILE}, as a2ensite
 *     makes it, rather than to the file's absolute path
 */
record WebServer(
    String name,
    String configDir,
    String program,
    String validate,
    String service,
    String reloadWithoutSystemd,
    String siteSuffix,
    boolean relativeLinks) {

  static final String NOT_RUNNING = "@not-running";

  static final WebServer NGINX =
      new WebServer(
          "nginx",
          "/etc/nginx",
          "nginx",
          "nginx -t",
          "nginx",
          "p=$(cat /run/nginx.pid 2>/dev/null); if [ -n \"$p\" ] && kill -0 \"$p\" 2>/dev/null;"
              + " then nginx -s reload; else echo "
              + NOT_RUNNING
              + "; fi",
          "",
          false);

  /** Debian's apache2: a2ensite's links, apache2ctl configtest, apache2ctl graceful. */
  static final WebServer APACHE =
      new WebServer(
          "apache",
          "/etc/apache2",
          "apache2ctl",
          "apache2ctl configtest",
          "apache2",
          "p=$(cat /run/apache2/apache2.pid 2>/dev/null); if [ -n \"$p\" ] && kill -0 \"$p\""
              + " 2>/dev/null; then apache2ctl graceful; else echo "
              + NOT_RUNNING
              + "; fi",
          ".conf",
          true);

  /** How a site file opens its https server, for the documentation. */
  String httpsServer() {
    return equals(APACHE) ? "<VirtualHost *:443>" : "listen 443 ssl";
  }

  /** The directive that names a site's hosts, for the documentation. */
  String namesDirective() {
    return equals(APACHE) ? "ServerName, ServerAlias" : "server_name";
  }

  /** The site file of the site {@code site}, in sites-available. */
  String siteFile(String site) {
    return configDir + "/sites-available/" + site + siteSuffix;
  }

  /** The link in sites-enabled that enables the site {@code site}. */
  String siteLink(String site) {
    return configDir + "/sites-enabled/" + site + siteSuffix;
  }

  /** What the enabling link of the site {@code site} holds. */
  String linkTarget(String site) {
    return relativeLinks ? "../sites-available/" + site + siteSuffix : siteFile(site);
  }

  /** The command that checks the whole configuration. */
  Command validation() {
    return Command.argv(List.of(validate.split(" ")));
  }

  /**
   * Reloads the server if it runs (systemctl reload under systemd); a stopped server is left
   * stopped, and says {@link #NOT_RUNNING}.
   */
  Command reload() {
    String unit = ShellQuote.quote(service);
    return Command.of(
        "if [ -d /run/systemd/system ]; then"
            + " if systemctl is-active --quiet "
            + unit
            + "; then systemctl reload "
            + unit
            + "; else echo "
            + NOT_RUNNING
            + "; fi; else "
            + reloadWithoutSystemd
            + "; fi");
  }
}
