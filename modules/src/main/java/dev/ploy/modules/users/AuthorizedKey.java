package dev.ploy.modules.users;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
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
import dev.ploy.modules.files.FileWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds or removes SSH public keys in a user's authorized_keys. The file is read in the same command
 * that looks the user up, edited on the control node (keys matched by their blob), and written
 * atomically, owned by the user with mode 0600, in a ~/.ssh of mode 0700.
 */
public final class AuthorizedKey implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("authorized_key")
          .aliases("ansible.posix.authorized_key")
          .description(
              "Adds or removes SSH public keys in a user's authorized_keys file, with options and"
                  + " comments; exclusive=true removes every other key.")
          .arg(Arg.str("user", "The account whose authorized_keys is edited.").required())
          .arg(
              Arg.str(
                      "key",
                      "One public key, or several separated by newlines ('#' lines and blanks are"
                          + " ignored).")
                  .required())
          .arg(Arg.path("path", "The file to edit (default ~user/.ssh/authorized_keys)."))
          .arg(
              Arg.bool(
                      "manage_dir",
                      "Create the file's directory if needed and make it mode 0700, owned by the"
                          + " user.")
                  .defaultsTo(true))
          .arg(Arg.presence("Whether the keys should be in the file."))
          .arg(
              Arg.str(
                  "key_options",
                  "Options for the keys, e.g. 'no-port-forwarding,from=\"10.0.0.1\"'."))
          .arg(
              Arg.bool("exclusive", "Remove every key (and comment) not given in key.")
                  .defaultsTo(false))
          .arg(Arg.str("comment", "Replace the keys' comments with this one."))
          .arg(Arg.bool("follow", "Follow a symbolic link at path.").defaultsTo(false))
          .arg(
              Arg.bool(
                      "validate_certs",
                      "Accepted for compatibility (keys from URLs are not" + " supported).")
                  .defaultsTo(true))
          .example(
              "- name: Let the deployer in\n"
                  + "  ansible.posix.authorized_key:\n"
                  + "    user: deploy\n"
                  + "    key: \"{{ lookup('file', 'files/deployer.pub') }}\"\n"
                  + "    key_options: no-port-forwarding,no-agent-forwarding\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String user = args.str("user");
    String keyText = args.str("key");
    boolean present = args.present();
    if (keyText.startsWith("http")) {
      throw new ModuleException(
          "keys from URLs are not supported: give the public key text (e.g. with lookup('file',"
              + " ...) or lookup('url', ...))");
    }
    List<AuthorizedKeys.Key> wanted = new ArrayList<>();
    for (String line : keyText.split("\r?\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      AuthorizedKeys.Key key =
          AuthorizedKeys.parse(line)
              .orElseThrow(() -> new ModuleException("invalid key specified: " + line));
      if (args.has("key_options")) {
        key = key.withOptions(AuthorizedKeys.parseOptions(args.str("key_options")));
      }
      if (args.has("comment")) {
        key = key.withComment(args.str("comment"));
      }
      wanted.add(key);
    }
    Probe probe = probe(target, user, args.optStr("path").orElse(null), args.bool("follow"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("user", user);
    result.put("key", keyText);
    result.put("key_options", args.optStr("key_options").orElse(null));
    result.put("keyfile", probe.path());
    result.put("path", args.optStr("path").orElse(null));
    result.put("manage_dir", args.bool("manage_dir"));
    result.put("state", args.str("state"));
    result.put("exclusive", args.bool("exclusive"));
    result.put("comment", args.optStr("comment").orElse(null));
    result.put("follow", args.bool("follow"));

    List<String> lines =
        probe.content().isEmpty() ? List.of() : List.of(probe.content().split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    List<String> edited = AuthorizedKeys.apply(lines, wanted, present, args.bool("exclusive"));
    if (edited.equals(lines)) {
      return Plan.ok(result);
    }
    String after = edited.isEmpty() ? "" : String.join("\n", edited) + "\n";
    String dir =
        probe.path().contains("/")
            ? probe.path().substring(0, Math.max(1, probe.path().lastIndexOf('/')))
            : ".";
    List<Diff> diffs = new ArrayList<>();
    if (!probe.dirExists()) {
      diffs.add(Diff.property(dir, "state", "absent", "directory"));
    }
    String uid = String.valueOf(probe.passwd().uid());
    String gid = String.valueOf(probe.passwd().gid());
    // written only over the keys read: a key another run added meanwhile is never lost
    FileWrites.Planned write =
        FileWrites.plan(target, probe.path(), after, "0600", uid, gid, probe.content());
    diffs.addAll(write.diffs());
    boolean manageDir = args.bool("manage_dir");
    return Plan.change(
        diffs,
        result,
        on -> {
          String d = ShellQuote.quote(dir);
          String script =
              manageDir
                  ? "mkdir -p -m 0700 -- "
                      + d
                      + " && chown "
                      + uid
                      + ":"
                      + gid
                      + " -- "
                      + d
                      + " && chmod 0700 -- "
                      + d
                  : "mkdir -p -- " + d;
          ExecResult made = on.run(Command.of(script));
          if (!made.ok()) {
            throw new ModuleException(
                "Failed to create directory " + dir + ": " + made.stderr().strip());
          }
          write.applyOn(on);
          return Map.of();
        });
  }

  private record Probe(Accounts.Passwd passwd, String path, boolean dirExists, String content) {}

  /** The user, the file's path, whether its directory exists and its content, in one command. */
  private static Probe probe(Target target, String user, String path, boolean follow)
      throws ModuleException {
    String script =
        String.join(
            "\n",
            "u=" + ShellQuote.quote(user),
            "e=$(getent passwd -- \"$u\") || { echo \"no such user: $u\" >&2; exit 3; }",
            "h=$(printf '%s\\n' \"$e\" | cut -d: -f6)",
            path == null ? "p=\"$h/.ssh/authorized_keys\"" : "p=" + ShellQuote.quote(path),
            follow ? "p=$(readlink -m -- \"$p\")" : "true",
            "echo @@ploy:passwd; printf '%s\\n' \"$e\"",
            "echo @@ploy:path; printf '%s\\n' \"$p\"",
            "echo @@ploy:dir; if [ -d \"$(dirname -- \"$p\")\" ]; then echo yes; fi",
            "echo @@ploy:content; if [ -f \"$p\" ]; then cat -- \"$p\" || exit 1; fi");
    ExecResult result = target.run(Command.of(script));
    if (result.rc() == 3) {
      throw new ModuleException("Failed to lookup user " + user + ": no such user on the target");
    }
    if (!result.ok()) {
      throw ModuleException.commandFailed(
          "cannot read the authorized keys of " + user + ": " + result.stderr().strip(), result);
    }
    String out = result.stdout();
    String marker = "@@ploy:content\n";
    int at = out.indexOf(marker);
    String content = at < 0 ? "" : out.substring(at + marker.length());
    Sections sections = Sections.parse(at < 0 ? out : out.substring(0, at), Accounts.MARK);
    Optional<Accounts.Passwd> passwd =
        sections.lines("passwd").stream().findFirst().flatMap(Accounts.Passwd::parse);
    if (passwd.isEmpty()) {
      throw new ModuleException("Failed to lookup user " + user);
    }
    String keyPath = sections.lines("path").get(0);
    boolean dir = !sections.lines("dir").isEmpty();
    return new Probe(passwd.get(), keyPath, dir, content);
  }
}
