package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ShellQuote;

/**
 * A web server whose configuration is checked and reloaded as a whole: what a site module needs to
 * know of it (nginx, apache).
 *
 * @param name the server as users call it, in messages
 * @param configDir its configuration directory, where a change's rollback copies are kept
 * @param validate the command that checks the whole configuration ({@code nginx -t})
 * @param service the systemd unit reloaded when systemd runs
 * @param reloadWithoutSystemd the script that reloads a running server without systemd; it prints
 *     {@code @not-running} (and succeeds) when the server does not run
 */
record WebServer(
    String name, String configDir, Command validate, String service, String reloadWithoutSystemd) {

  static final String NOT_RUNNING = "@not-running";

  static final WebServer NGINX =
      new WebServer(
          "nginx",
          "/etc/nginx",
          Command.argv("nginx", "-t"),
          "nginx",
          "p=$(cat /run/nginx.pid 2>/dev/null); if [ -n \"$p\" ] && kill -0 \"$p\" 2>/dev/null;"
              + " then nginx -s reload; else echo "
              + NOT_RUNNING
              + "; fi");

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
