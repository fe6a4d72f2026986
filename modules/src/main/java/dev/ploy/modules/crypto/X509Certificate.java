package dev.ploy.modules.crypto;

import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.Attributes;
import dev.ploy.modules.files.FileInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A self-signed certificate, as community.crypto.x509_certificate makes one with provider:
 * selfsigned: signed by openssl on the target from a request and its key, and made again only when
 * it no longer matches them (subject, alternative names, key), is not self-issued, or has expired.
 */
public final class X509Certificate implements Module {
  private static final Pattern RELATIVE = Pattern.compile("\\+(?:(\\d+)w)?(?:(\\d+)d)?");

  private static final ModuleSpec SPEC =
      Pki.declareStateAndForce(
              Attributes.declare(
                  ModuleSpec.builder("x509_certificate")
                      .description(
                          "Makes a self-signed certificate with openssl on the target from a request"
                              + " (openssl_csr) and its key; made again only when it no longer"
                              + " matches them or has expired. Only provider: selfsigned (certbot is"
                              + " the module for ACME).")
                      .arg(Arg.path("path", "Where the certificate is (PEM).").required())
                      .arg(Arg.path("privatekey_path", "The key that signs it.").required())
                      .arg(Arg.path("csr_path", "The request it certifies.").required())
                      .arg(
                          Arg.str("provider", "How it is made: selfsigned.")
                              .required()
                              .choices("selfsigned", "ownca", "acme", "entrust"))
                      .arg(
                          Arg.str(
                                  "selfsigned_not_after",
                                  "How long it is valid, from now: +Nd (days) or +Nw (weeks).")
                              .defaultsTo("+3650d"))
                      .arg(
                          Arg.str("selfsigned_digest", "The signature's digest.")
                              .defaultsTo("sha256"))),
              "certificate")
          .example(
              "- name: a self-signed certificate for the site\n"
                  + "  community.crypto.x509_certificate:\n"
                  + "    path: /etc/ssl/certs/shop.crt\n"
                  + "    privatekey_path: /etc/ssl/private/shop.key\n"
                  + "    csr_path: /etc/ssl/shop.csr\n"
                  + "    provider: selfsigned\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** What is wrong with the key or the request the certificate is made from, if anything. */
  private static Optional<String> pending(Sections probe, String key, String csr) {
    if (probe.first("key").equals("unreadable")) {
      return Optional.of(
          "privatekey_path: " + key + " is not a key openssl can read on the target");
    }
    if (probe.first("csr-key").equals("unreadable")) {
      return Optional.of("csr_path: " + csr + " is not a request openssl can read on the target");
    }
    if (!probe.first("csr-key").equals(probe.first("key"))) {
      return Optional.of(
          "csr_path: " + csr + " was not made with the key " + key + " (make the request again)");
    }
    return Optional.empty();
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String path = args.str("path");
    String key = args.str("privatekey_path");
    String csr = args.str("csr_path");
    if (!args.str("provider").equals("selfsigned")) {
      throw new ModuleException(
          "provider: "
              + args.str("provider")
              + " is not supported; ploy makes selfsigned"
              + " certificates here, and the certbot module obtains ACME ones");
    }
    int days = days(args.str("selfsigned_not_after"));
    String digest = Pki.digest(args, "selfsigned_digest");
    String quoted = ShellQuote.quote(path);
    Pki.Probe probe =
        Pki.probe(
            target,
            path,
            "echo @@cert\n"
                + Pki.describe("x509", path)
                + "echo @@issuer\n"
                + "openssl x509 -in "
                + quoted
                + " -noout -issuer -nameopt sep_multiline,sname,utf8,-esc_msb"
                + " 2>/dev/null | tail -n +2\n"
                + "echo @@valid\n"
                + "openssl x509 -in "
                + quoted
                + " -noout -checkend 0 >/dev/null 2>&1 && echo yes || echo no\n"
                + "echo @@cert-key\n"
                + Pki.publicKeyHash("x509", path)
                + Pki.keySection(key)
                + Pki.requestSections(csr));
    Map<String, Object> result = Pki.result(path, "csr", csr, "privatekey", key);
    String what = "certificate " + path;
    FileInfo info = probe.info();
    if (!args.present()) {
      return Pki.removal(info, what, path, result);
    }
    Sections read = probe.sections();
    Optional<String> pending = pending(read, key, csr);
    if (pending.isPresent()) {
      // the key and request earlier tasks make: a run fails without them, check mode plans on
      return Pki.madeFromPending(info, what, "the request earlier tasks make", result)
          .assuming(Plan.Assumption.silent(pending.get()));
    }
    List<Diff> diffs = new ArrayList<>();
    if (!info.exists()) {
      diffs.add(Diff.property(what, "state", "absent", "present (valid " + days + " days)"));
    } else {
      Pki.Names names = Pki.Names.read(read.lines("cert"));
      diffs.addAll(
          Pki.differences(
              what,
              names,
              Pki.Names.read(read.lines("csr")),
              read.first("cert-key").equals(read.first("key")),
              key));
      if (!Pki.subjectLines(read.lines("issuer")).equals(names.subject())) {
        diffs.add(Diff.property(what, "issuer", "another issuer", "itself (self-signed)"));
      }
      if (!read.first("valid").equals("yes")) {
        diffs.add(Diff.property(what, "validity", "expired", "valid " + days + " days"));
      }
      Pki.forced(args, diffs, what, "certificate");
    }
    String sign =
        "openssl x509 -req -in "
            + ShellQuote.quote(csr)
            + " -key "
            + ShellQuote.quote(key)
            + " -days "
            + days
            + " -"
            + digest
            + " -copy_extensions copy";
    return Pki.made(path, info, Attributes.of(args), false, diffs, sign, result);
  }

  /** Days from a relative time: +3650d, +52w, +1w3d. */
  static int days(String notAfter) throws ModuleException {
    Matcher m = RELATIVE.matcher(notAfter.strip());
    if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
      throw new ModuleException(
          "selfsigned_not_after: '" + notAfter + "' is not +Nd or +Nw (days or weeks from now)");
    }
    int weeks = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
    int days = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return weeks * 7 + days;
  }
}
