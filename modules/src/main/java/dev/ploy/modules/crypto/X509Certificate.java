package dev.ploy.modules.crypto;

import dev.ploy.connection.Command;
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
import dev.ploy.modules.files.ShellSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    String digest = args.str("selfsigned_digest");
    if (!digest.matches("[a-z0-9-]+")) {
      throw new ModuleException("selfsigned_digest: '" + digest + "' is not a digest name");
    }
    Attributes attributes = Attributes.of(args);
    String quoted = ShellQuote.quote(path);
    Sections probe =
        Sections.parse(
            target
                .run(
                    Command.of(
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
                            + "echo @@key\n"
                            + Pki.publicKeyHash("pkey", key)
                            + "echo @@csr\n"
                            + Pki.describe("req", csr)
                            + "echo @@csr-key\n"
                            + Pki.publicKeyHash("req", csr)
                            + "echo @@stat\n"
                            + FileInfo.script(path, false)))
                .stdout());
    FileInfo info = FileInfo.parse(path, probe.text("stat"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("filename", path);
    result.put("csr", csr);
    result.put("privatekey", key);
    String what = "certificate " + path;
    if (args.str("state").equals("absent")) {
      return Pki.removal(info, what, path, result);
    }
    boolean pending =
        probe.first("key").equals("unreadable")
            || probe.first("csr-key").equals("unreadable")
            || !probe.first("csr-key").equals(probe.first("key"));
    if (pending && target.checkMode()) {
      return Pki.madeFromPending(info, what, "the request earlier tasks make", result);
    }
    if (probe.first("key").equals("unreadable")) {
      throw new ModuleException(
          "privatekey_path: " + key + " is not a key openssl can read on the target");
    }
    if (probe.first("csr-key").equals("unreadable")) {
      throw new ModuleException(
          "csr_path: " + csr + " is not a request openssl can read on the target");
    }
    if (!probe.first("csr-key").equals(probe.first("key"))) {
      throw new ModuleException(
          "csr_path: " + csr + " was not made with the key " + key + " (make the request again)");
    }
    List<Diff> diffs = new ArrayList<>();
    if (!info.exists()) {
      diffs.add(Diff.property(what, "state", "absent", "present (valid " + days + " days)"));
    } else {
      List<String> subject = Pki.subjectLines(probe.lines("cert"));
      List<String> wantedSubject = Pki.subjectLines(probe.lines("csr"));
      if (!subject.equals(wantedSubject)) {
        diffs.add(
            Diff.property(
                what, "subject", String.join(", ", subject), String.join(", ", wantedSubject)));
      }
      List<String> names = Pki.normalised(Pki.altNameLines(probe.lines("cert")));
      List<String> wantedNames = Pki.normalised(Pki.altNameLines(probe.lines("csr")));
      if (!names.equals(wantedNames)) {
        diffs.add(
            Diff.property(
                what,
                "subject_alt_name",
                String.join(", ", names),
                String.join(", ", wantedNames)));
      }
      if (!probe.first("cert-key").equals(probe.first("key"))) {
        diffs.add(Diff.property(what, "key", "another key", key));
      }
      if (!Pki.subjectLines(probe.lines("issuer")).equals(subject)) {
        diffs.add(Diff.property(what, "issuer", "another issuer", "itself (self-signed)"));
      }
      if (!probe.first("valid").equals("yes")) {
        diffs.add(Diff.property(what, "validity", "expired", "valid " + days + " days"));
      }
      if (args.bool("force") && diffs.isEmpty()) {
        diffs.add(Diff.property(what, "certificate", "as it is", "made again (force)"));
      }
    }
    List<String> commands = new ArrayList<>();
    boolean make = !diffs.isEmpty();
    if (make) {
      String sign =
          "openssl x509 -req -in "
              + ShellQuote.quote(csr)
              + " -key "
              + ShellQuote.quote(key)
              + " -days "
              + days
              + " -"
              + digest
              + " -copy_extensions copy -out \"$t\" 2>&1";
      commands.add(Pki.atomically(path, sign));
    }
    Attributes.Changes changes =
        Pki.publicFile(attributes, make)
            .compare(path, make ? FileInfo.Stat.ABSENT : info.effective(), 0600, false);
    diffs.addAll(changes.diffs());
    commands.addAll(changes.commands());
    return ShellSteps.plan(diffs, commands, result, path);
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
