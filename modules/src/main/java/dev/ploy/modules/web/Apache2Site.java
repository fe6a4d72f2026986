package dev.ploy.modules.web;

/**
 * An Apache site the Debian way: its file NAME.conf in sites-available, enabled by the link
 * a2ensite makes in sites-enabled ({@code ../sites-available/NAME.conf}). A change is a {@link
 * SiteChange}: validated with {@code apache2ctl configtest} before apache is reloaded, and put back
 * byte for byte when apache refuses it or the site does not answer afterwards.
 */
public final class Apache2Site extends SiteModule {
  public Apache2Site() {
    super(
        "apache2_site",
        WebServer.APACHE,
        "An Apache site (ploy's own module): its file NAME.conf in /etc/apache2/sites-available"
            + " from content, a template or as it is, enabled or disabled by its link in"
            + " /etc/apache2/sites-enabled as a2ensite and a2dissite make it. A change is"
            + " checked with apache2ctl configtest before apache is reloaded (systemctl reload"
            + " apache2, or apache2ctl graceful without systemd); when apache refuses it, or"
            + " check_url does not answer as expected after the reload, every file the task"
            + " touched is put back exactly as it was (and apache reloaded again if it was),"
            + " and the task fails with the reason.");
  }
}
