package dev.ploy.modules.web;

/**
 * An nginx site the Debian way: its file in sites-available, enabled by a link in sites-enabled. A
 * change is a {@link SiteChange}: validated with {@code nginx -t} before nginx is reloaded, and put
 * back byte for byte when nginx refuses it or the site does not answer afterwards.
 */
public final class NginxSite extends SiteModule {
  public NginxSite() {
    super(
        "nginx_site",
        WebServer.NGINX,
        "An nginx site (ploy's own module): its file in /etc/nginx/sites-available from"
            + " content, a template or as it is, enabled or disabled by its link in"
            + " /etc/nginx/sites-enabled. A change is checked with nginx -t before nginx is"
            + " reloaded; when nginx refuses it, or check_url does not answer as expected"
            + " after the reload, every file the task touched is put back exactly as it was"
            + " (and nginx reloaded again if it was), and the task fails with the reason.");
  }
}
