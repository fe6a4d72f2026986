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
    String digest = args.str("digest");
    if (!digest.matches("[a-z0-9-]+")) {
      throw new ModuleException("digest: '" + digest + "' is not a digest name (sha256...)");
    }
    Attributes attributes = Attributes.of(args);
    Sections probe =
        Sections.parse(
            target
                .run(
                    Command.of(
                        "echo @@csr\n"
                            + Pki.describe("req", path)
                            + "echo @@csr-key\n"
                            + Pki.publicKeyHash("req", path)
                            + "echo @@key\n"
                            + Pki.publicKeyHash("pkey", key)
                            + "echo @@stat\n"
                            + FileInfo.script(path, false)))
                .stdout());
    FileInfo info = FileInfo.parse(path, probe.text("stat"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("filename", path);
    result.put("privatekey", key);
    String what = "certificate request " + path;
    if (args.str("state").equals("absent")) {
      return Pki.removal(info, what, path, result);
    }
    if (probe.first("key").equals("unreadable") && target.checkMode()) {
      return Pki.madeFromPending(info, what, "the key an earlier task makes", result);
    }
    if (probe.first("key").equals("unreadable")) {
      throw new ModuleException(
          "privatekey_path: "
              + key
              + " is not a key openssl can read on the target (missing? the openssl_privatekey"
              + " task makes it)");
    }
    List<Diff> diffs = new ArrayList<>();
    List<String> has = Pki.subjectLines(probe.lines("csr"));
    if (!info.exists()) {
      diffs.add(Diff.property(what, "state", "absent", "present"));
    } else {
      if (!has.equals(subject)) {
        diffs.add(
            Diff.property(what, "subject", String.join(", ", has), String.join(", ", subject)));
      }
      List<String> hasNames = Pki.normalised(Pki.altNameLines(probe.lines("csr")));
      if (!hasNames.equals(Pki.normalised(altNames))) {
        diffs.add(
            Diff.property(
                what,
                "subject_alt_name",
                String.join(", ", hasNames),
                String.join(", ", Pki.normalised(altNames))));
      }
      if (!probe.first("csr-key").equals(probe.first("key"))) {
        diffs.add(Diff.property(what, "key", "another key", key));
      }
      if (args.bool("force") && diffs.isEmpty()) {
        diffs.add(Diff.property(what, "request", "as it is", "made again (force)"));
      }
    }
    List<String> commands = new ArrayList<>();
    boolean make = !diffs.isEmpty();
    if (make) {
      StringBuilder req =
          new StringBuilder("openssl req -new -key ")
              .append(ShellQuote.quote(key))
              .append(" -subj ")
              .append(ShellQuote.quote(Pki.subjArgument(subject)))
              .append(" -")
              .append(digest);
      if (!altNames.isEmpty()) {
        req.append(" -addext ").append(ShellQuote.quote(Pki.sanExtension(altNames)));
      }
      commands.add(Pki.atomically(path, req + " -out \"$t\" 2>&1"));
    }
    Attributes.Changes changes =
        Pki.publicFile(attributes, make)
            .compare(path, make ? FileInfo.Stat.ABSENT : info.effective(), 0600, false);
    diffs.addAll(changes.diffs());
    commands.addAll(changes.commands());
    return ShellSteps.plan(diffs, commands, result, path);
  }
}
