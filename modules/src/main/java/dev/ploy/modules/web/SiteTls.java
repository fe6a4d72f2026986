package dev.ploy.modules.web;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS for a site written from content or src, as the runbooks write their sites: the operator
 * writes the site's https server (nginx's {@code listen 443 ssl}, apache's {@code <VirtualHost
 * *:443>}); this puts the certificate and key into it and, with https_redirect, adds the server on
 * port 80 that answers 301 to https for the same names.
 *
 * @param certificate the certificate (full chain) on the target, or null
 * @param key its private key on the target, or null
 * @param redirect whether to add the http to https redirect
 * @param ipv6 whether the target has IPv6, so that nginx's redirect may listen on [::]:80 too
 */
record SiteTls(String certificate, String key, boolean redirect, boolean ipv6) {
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_.@+-][A-Za-z0-9_./@+-]*");
  private static final Pattern CERT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern NGINX_LISTEN_443 =
      Pattern.compile("^\\s*listen\\s+([^;]*\\b443\\b[^;]*);");
  private static final Pattern NGINX_SERVER = Pattern.compile("^\\s*server\\s*\\{");
  private static final Pattern NGINX_NAMES = Pattern.compile("^\\s*server_name\\s+([^;]*);");
  private static final Pattern APACHE_443 =
      Pattern.compile("^(\\s*)<VirtualHost\\s+[^>]*:443\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern APACHE_END =
      Pattern.compile("^\\s*</VirtualHost\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern APACHE_NAMES =
      Pattern.compile("^\\s*Server(Name|Alias)\\s+(.*)$", Pattern.CASE_INSENSITIVE);

  /** The where certbot keeps the certificate it names {@code name}. */
  static String certbotLive(String name) {
    return "/etc/letsencrypt/live/" + name;
  }

  /** The task's TLS, or null when it asks for none. */
  static SiteTls of(Args args) throws ModuleException {
    String certificate = null;
    String key = null;
    if (args.has("tls_certbot_name")) {
      String name = args.str("tls_certbot_name");
      if (!CERT_NAME.matcher(name).matches() || name.contains("..")) {
        throw new ModuleException(
            "tls_certbot_name '" + name + "' is not a certificate name (certbot's cert_name)");
      }
      certificate = certbotLive(name) + "/fullchain.pem";
      key = certbotLive(name) + "/privkey.pem";
    } else if (args.has("tls_certificate")) {
      certificate = plainPath(args, "tls_certificate");
      key = plainPath(args, "tls_key");
    }
    boolean redirect = args.bool("https_redirect");
    return certificate == null && !redirect ? null : new SiteTls(certificate, key, redirect, true);
  }

  /**
   * This TLS on a target with or without IPv6: Debian's default nginx site listens on [::]:80
   * unconditionally, and nginx then fails to start where the kernel has no IPv6 ("Address family
   * not supported by protocol"); the redirect listens there only where the target has it.
   */
  SiteTls onHost(boolean hasIpv6) {
    return new SiteTls(certificate, key, redirect, hasIpv6);
  }

  /**
   * A path written into the server's configuration as it is: only characters that can end no
   * directive and start no other (no blanks, ';', quotes, braces or '#').
   */
  private static String plainPath(Args args, String name) throws ModuleException {
    String path = args.str(name);
    if (!PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")) {
      throw new ModuleException(
          name
              + " '"
              + path
              + "' is not a plain absolute path (letters, digits and _ . / @ + - only)");
    }
    return path;
  }

  /** The site file's text with the certificate in its https servers and the redirect added. */
  String applyTo(WebServer server, String content) throws ModuleException {
    return server.equals(WebServer.APACHE) ? apache(content) : nginx(content);
  }

  private String nginx(String content) throws ModuleException {
    if (certificate != null && content.matches("(?s).*\\bssl_certificate(_key)?\\s.*")) {
      throw new ModuleException(
          "the site names its certificate itself (ssl_certificate): give it there or in"
              + " tls_certificate/tls_certbot_name, not both");
    }
    List<String> lines = lines(content);
    List<String> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    int depth = 0;
    int serverDepth = -1;
    boolean https = false;
    boolean anyHttps = false;
    String indent = "    ";
    for (String line : lines) {
      String code = line.replaceFirst("#.*$", "");
      if (serverDepth < 0 && NGINX_SERVER.matcher(code).find()) {
        serverDepth = depth;
        https = false;
      }
      Matcher listen = NGINX_LISTEN_443.matcher(code);
      if (serverDepth >= 0 && listen.find()) {
        if (!listen.group(1).matches(".*\\bssl\\b.*")) {
          throw new ModuleException(
              "'" + line.strip() + "' serves plain http on 443: write 'listen 443 ssl;'");
        }
        https = true;
        anyHttps = true;
        indent = line.substring(0, line.length() - line.stripLeading().length());
      }
      Matcher named = NGINX_NAMES.matcher(code);
      if (serverDepth >= 0 && https && named.find()) {
        names.addAll(List.of(named.group(1).strip().split("\\s+")));
      }
      int after = depth + count(code, '{') - count(code, '}');
      if (serverDepth >= 0 && after <= serverDepth) {
        if (https && certificate != null) {
          out.add(indent + "ssl_certificate " + certificate + ";");
          out.add(indent + "ssl_certificate_key " + key + ";");
        }
        serverDepth = -1;
      }
      out.add(line);
      depth = after;
    }
    if (!anyHttps) {
      throw new ModuleException(
          "no server of the site listens on 443 ('listen 443 ssl;'): TLS has nowhere to go");
    }
    StringBuilder text = new StringBuilder(String.join("\n", out)).append('\n');
    if (redirect) {
      text.append('\n')
          .append("# http -> https (ploy: https_redirect)\n")
          .append("server {\n")
          .append("    listen 80;\n")
          .append(ipv6 ? "    listen [::]:80;\n" : "")
          .append("    server_name ")
          .append(String.join(" ", required(names, "server_name")))
          .append(";\n")
          .append("    return 301 https://$host$request_uri;\n")
          .append("}\n");
    }
    return text.toString();
  }

  private String apache(String content) throws ModuleException {
    if (certificate != null
        && content.toLowerCase(Locale.ROOT).matches("(?s).*\\bsslcertificate(key)?file\\s.*")) {
      throw new ModuleException(
          "the site names its certificate itself (SSLCertificateFile): give it there or in"
              + " tls_certificate/tls_certbot_name, not both");
    }
    List<String> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    boolean inside = false;
    boolean anyHttps = false;
    for (String line : lines(content)) {
      out.add(line);
      Matcher open = APACHE_443.matcher(line);
      if (open.find()) {
        inside = true;
        anyHttps = true;
        if (certificate != null) {
          String indent = open.group(1) + "    ";
          out.add(indent + "SSLEngine on");
          out.add(indent + "SSLCertificateFile " + certificate);
          out.add(indent + "SSLCertificateKeyFile " + key);
        }
      } else if (APACHE_END.matcher(line).find()) {
        inside = false;
      } else if (inside) {
        Matcher named = APACHE_NAMES.matcher(line.replaceFirst("#.*$", ""));
        if (named.find()) {
          names.addAll(List.of(named.group(2).strip().split("\\s+")));
        }
      }
    }
    if (!anyHttps) {
      throw new ModuleException(
          "no virtual host of the site listens on 443 ('<VirtualHost *:443>'): TLS has nowhere"
              + " to go");
    }
    StringBuilder text = new StringBuilder(String.join("\n", out)).append('\n');
    if (redirect) {
      text.append('\n').append("# http -> https (ploy: https_redirect)\n");
      for (String name : required(names, "ServerName")) {
        text.append("<VirtualHost *:80>\n")
            .append("    ServerName ")
            .append(name)
            .append('\n')
            .append("    Redirect permanent / https://")
            .append(name)
            .append("/\n")
            .append("</VirtualHost>\n");
      }
    }
    return text.toString();
  }

  private static Set<String> required(Set<String> names, String directive) throws ModuleException {
    names.remove("_");
    if (names.isEmpty()) {
      throw new ModuleException(
          "https_redirect needs the site's names: write "
              + directive
              + " in the site's https server");
    }
    for (String name : names) {
      if (!name.matches("[A-Za-z0-9*][A-Za-z0-9*_.:-]*")) {
        throw new ModuleException(
            "https_redirect: '" + name + "' is not a host name the redirect can name");
      }
    }
    return names;
  }

  private static List<String> lines(String content) {
    String text = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    return List.of(text.split("\n", -1));
  }

  private static int count(String text, char c) {
    return (int) text.chars().filter(ch -> ch == c).count();
  }
}
