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

/**
 * A certificate signing request, as community.crypto.openssl_csr keeps it: made again only when its
 * subject, alternative names or key differ from the task's.
 */
public final class OpensslCsr implements Module {
  private static final ModuleSpec SPEC =
      Pki.declareStateAndForce(
              Attributes.declare(
                  Pki.declareSubject(
                      ModuleSpec.builder("openssl_csr")
                          .description(
                              "Makes a certificate signing request with openssl on the target, again"
                                  + " only when the subject, alternative names or key change.")
                          .arg(Arg.path("path", "Where the request is (PEM).").required())
                          .arg(Arg.path("privatekey_path", "The key that signs it.").required())
                          .arg(Arg.str("digest", "The signature's digest.").defaultsTo("sha256")))),
              "request")
          .example(
              "- name: the site's certificate request\n"
                  + "  community.crypto.openssl_csr:\n"
                  + "    path: /etc/ssl/shop.csr\n"
                  + "    privatekey_path: /etc/ssl/private/shop.key\n"
                  + "    common_name: shop.example.org\n"
                  + "    subject_alt_name: [\"DNS:shop.example.org\", \"DNS:www.shop.example.org\"]\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String path = args.str("path");
    String key = args.str("privatekey_path");
    List<String> subject = Pki.subject(args);
    List<String> altNames = Pki.altNames(args);
    if (subject.isEmpty() && altNames.isEmpty()) {
      throw new ModuleException("give the request a subject (common_name...) or subject_alt_name");
    }
    String digest = Pki.digest(args, "digest");
    Map<String, Object> result = Pki.result(path, "privatekey", key);
    Pki.Probe probe = Pki.probe(target, path, Pki.requestSections(path) + Pki.keySection(key));
    String what = "certificate request " + path;
    FileInfo info = probe.info();
    if (!args.present()) {
      return Pki.removal(info, what, path, result);
    }
    Sections read = probe.sections();
    if (read.first("key").equals("unreadable")) {
      // the key an earlier task makes: a run fails without it, check mode plans on
      return Pki.madeFromPending(info, what, "the key an earlier task makes", result)
          .assuming(
              Plan.Assumption.silent(
                  "privatekey_path: "
                      + key
                      + " is not a key openssl can read on the target (missing? the"
                      + " openssl_privatekey task makes it)"));
    }
    List<Diff> diffs = new ArrayList<>();
    if (!info.exists()) {
      diffs.add(Diff.property(what, "state", "absent", "present"));
    } else {
      diffs.addAll(
          Pki.differences(
              what,
              Pki.Names.read(read.lines("csr")),
              new Pki.Names(subject, Pki.normalised(altNames)),
              read.first("csr-key").equals(read.first("key")),
              key));
      Pki.forced(args, diffs, what, "request");
    }
    String req =
        "openssl req -new -key "
            + ShellQuote.quote(key)
            + " -subj "
            + ShellQuote.quote(Pki.subjArgument(subject))
            + " -"
            + digest
            + (altNames.isEmpty()
                ? ""
                : " -addext " + ShellQuote.quote(Pki.sanExtension(altNames)));
    return Pki.made(path, info, Attributes.of(args), false, diffs, req, result);
  }
}
