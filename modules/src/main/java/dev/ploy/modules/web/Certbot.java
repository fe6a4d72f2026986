package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A TLS certificate from an ACME server (Let's Encrypt by default) obtained with the target's
 * certbot, and kept: obtained when missing, replaced when the domains asked for differ, renewed
 * when it expires within renew_before_days, deleted with state absent. The probe reads the
 * certificate under /etc/letsencrypt/live with openssl, so check mode says exactly which of these a
 * run would do. certbot only obtains the certificate (certonly): the web server's configuration
 * refers to it, written by a template, and a handler reloads the server.
 */
public final class Certbot implements Module {
  private static final Pattern DOMAIN =
      Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String LIVE = "/etc/letsencrypt/live/";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("certbot")
          .description(
              "Obtains a TLS certificate with certbot (certonly) and keeps it: obtained when"
                  + " missing, replaced when the domains differ, renewed when it expires within"
                  + " renew_before_days, deleted when absent. Files: /etc/letsencrypt/live/NAME/"
                  + "{fullchain,privkey}.pem. Needs the certbot package (and openssl) on the"
                  + " target. The web server is not configured: reload it from a handler.")
          .arg(
              Arg.list("domains", "The certificate's names; the first one names it by default.")
                  .elements(ArgType.STR))
          .arg(Arg.str("cert_name", "The certificate's name under /etc/letsencrypt/live."))
          .arg(Arg.presence("Whether the certificate exists."))
          .arg(Arg.str("email", "The ACME account's contact address (first registration)."))
          .arg(
              Arg.bool(
                      "register_unsafely_without_email",
                      "Register the ACME account without a contact address.")
                  .defaultsTo(false))
          .arg(
              Arg.str(
                      "authenticator",
                      "How the ACME server checks the domains: a file under webroot, certbot's"
                          + " nginx or apache plugin, or its own server on port 80 (standalone).")
                  .choices("webroot", "nginx", "apache", "standalone")
                  .defaultsTo("webroot"))
          .arg(
              Arg.path(
                  "webroot",
                  "The directory the web server serves /.well-known/acme-challenge/ from"
                      + " (authenticator webroot)."))
          .arg(
              Arg.str(
                  "server", "The ACME directory URL (default: Let's Encrypt's production server)."))
          .arg(Arg.bool("staging", "Use Let's Encrypt's staging server.").defaultsTo(false))
          .arg(Arg.str("key_type", "The private key's type.").choices("rsa", "ecdsa"))
          .arg(Arg.integer("rsa_key_size", "The RSA key's size in bits (2048, 3072, 4096)."))
          .arg(
              Arg.integer(
                      "renew_before_days",
                      "Renew when the certificate expires within this many days.")
                  .defaultsTo(30))
          .mutuallyExclusive("server", "staging")
          .mutuallyExclusive("email", "register_unsafely_without_email")
          .example(
              "- name: Certificate for the site\n"
                  + "  certbot:\n"
                  + "    domains: [www.example.org, example.org]\n"
                  + "    email: admin@example.org\n"
                  + "    webroot: /var/www/letsencrypt\n"
                  + "  notify: reload nginx\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** What the target holds under the certificate's name. */
  private record Current(boolean exists, Set<String> domains, String notAfter, boolean expiring) {}

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    boolean present = args.present();
    List<String> domains = domains(args);
    String name = args.optStr("cert_name").orElse(domains.isEmpty() ? null : domains.get(0));
    if (name == null) {
      throw new ModuleException("give domains (or, with state absent, cert_name)");
    }
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new ModuleException("cert_name '" + name + "' cannot be a directory name");
    }
    if (present && domains.isEmpty()) {
      throw new ModuleException("state present needs domains: the certificate's names");
    }
    String authenticator = args.str("authenticator");
    if (present && authenticator.equals("webroot") && !args.has("webroot")) {
      throw new ModuleException(
          "authenticator webroot needs webroot: the directory the site serves"
              + " /.well-known/acme-challenge/ from");
    }
    long days = args.integer("renew_before_days");
    if (days < 0) {
      throw new ModuleException("renew_before_days cannot be negative");
    }
    Current current = probe(target, name, days);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cert_name", name);
    result.put("fullchain", LIVE + name + "/fullchain.pem");
    result.put("privkey", LIVE + name + "/privkey.pem");
    String subject = "certificate " + name;
    if (!present) {
      if (!current.exists()) {
        return Plan.ok(result);
      }
      return Plan.change(
          List.of(Diff.property(subject, "state", "present", "absent")),
          result,
          on -> run(on, List.of("certbot", "delete", "--non-interactive", "--cert-name", name)));
    }
    result.put("domains", domains);
    String reason;
    List<Diff> diffs = new ArrayList<>();
    if (!current.exists()) {
      reason = "obtained";
      diffs.add(Diff.property(subject, "state", "absent", "present"));
      diffs.add(Diff.property(subject, "domains", "", String.join(" ", domains)));
    } else if (!current.domains().equals(new TreeSet<>(domains))) {
      reason = "replaced for other domains";
      diffs.add(
          Diff.property(
              subject,
              "domains",
              String.join(" ", current.domains()),
              String.join(" ", new TreeSet<>(domains))));
    } else if (current.expiring()) {
      reason = "renewed";
      diffs.add(
          Diff.property(
              subject, "expires", current.notAfter(), "renewed (within " + days + " days)"));
    } else {
      result.put("expires", current.notAfter());
      return Plan.ok(result);
    }
    result.put("reason", reason);
    List<String> command = certonly(args, name, domains);
    return Plan.change(diffs, result, on -> run(on, command));
  }

  private static List<String> domains(Args args) throws ModuleException {
    Set<String> unique = new LinkedHashSet<>();
    if (args.has("domains")) {
      for (String domain : args.strings("domains")) {
        String d = domain.strip().toLowerCase(java.util.Locale.ROOT);
        if (!DOMAIN.matcher(d).matches() || d.contains("..")) {
          throw new ModuleException("'" + domain + "' is not a domain name");
        }
        unique.add(d);
      }
    }
    return List.copyOf(unique);
  }

  /** The certificate's names and end date, in one command; nothing when it does not exist. */
  private static Current probe(Target target, String name, long days) throws ModuleException {
    String cert = ShellQuote.quote(LIVE + name + "/cert.pem");
    ExecResult probe =
        target.run(
            Command.of(
                "command -v certbot >/dev/null || { echo @nocertbot; exit 0; }\n"
                    + "command -v openssl >/dev/null || { echo @noopenssl; exit 0; }\n"
                    + "[ -f "
                    + cert
                    + " ] || { echo @absent; exit 0; }\n"
                    + "openssl x509 -in "
                    + cert
                    + " -noout -enddate -ext subjectAltName\n"
                    + "openssl x509 -in "
                    + cert
                    + " -noout -checkend "
                    + days * 86400
                    + " >/dev/null && echo @valid || echo @expiring"));
    List<String> lines = probe.stdoutLines();
    if (lines.contains("@nocertbot")) {
      throw new ModuleException("certbot is not on the target: install the certbot package");
    }
    if (lines.contains("@noopenssl")) {
      throw new ModuleException("openssl is not on the target: install the openssl package");
    }
    if (lines.contains("@absent")) {
      return new Current(false, Set.of(), "", false);
    }
    if (!lines.contains("@valid") && !lines.contains("@expiring")) {
      throw new ModuleException(
          "cannot read " + LIVE + name + "/cert.pem: " + probe.stderr().strip());
    }
    Set<String> names = new TreeSet<>();
    String notAfter = "";
    for (String line : lines) {
      String l = line.strip();
      if (l.startsWith("notAfter=")) {
        notAfter = l.substring("notAfter=".length());
      } else if (l.startsWith("DNS:")) {
        for (String part : l.split(",")) {
          String p = part.strip();
          if (p.startsWith("DNS:")) {
            names.add(p.substring(4).toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
    }
    return new Current(true, names, notAfter, lines.contains("@expiring"));
  }

  private static List<String> certonly(Args args, String name, List<String> domains) {
    List<String> argv =
        new ArrayList<>(
            List.of("certbot", "certonly", "--non-interactive", "--agree-tos", "--force-renewal"));
    // every value joined to its option: certbot's parser takes a separate "--help" or "-rf" as an
    // option of its own (a separate "--email --help" printed the help and exited 0)
    argv.add("--cert-name=" + name);
    args.optStr("email").ifPresent(email -> argv.add("--email=" + email));
    if (args.bool("register_unsafely_without_email")) {
      argv.add("--register-unsafely-without-email");
    }
    for (String domain : domains) {
      argv.addAll(List.of("-d", domain));
    }
    String authenticator = args.str("authenticator");
    argv.add("--" + authenticator);
    if (authenticator.equals("webroot")) {
      argv.add("--webroot-path=" + args.str("webroot"));
    }
    args.optStr("server").ifPresent(server -> argv.add("--server=" + server));
    if (args.bool("staging")) {
      argv.add("--test-cert");
    }
    args.optStr("key_type").ifPresent(type -> argv.addAll(List.of("--key-type", type)));
    args.optInt("rsa_key_size")
        .ifPresent(size -> argv.addAll(List.of("--rsa-key-size", String.valueOf(size))));
    return argv;
  }

  private static Map<String, Object> run(Target target, List<String> argv) throws ModuleException {
    ExecResult done = target.run(argv);
    if (!done.ok()) {
      String output = (done.stderr() + "\n" + done.stdout()).strip();
      throw ModuleException.commandFailedWithOutput(
          "certbot failed (exit " + done.rc() + "): " + output.replace('\n', ' '), done);
    }
    return Map.of();
  }
}
