package dev.ploy.modules.users;

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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Manages a local user account with useradd, usermod and userdel. The account is probed in one
 * command (passwd, shadow, groups), compared field by field, and only the differences are passed to
 * usermod. The password hash travels on standard input, never in a command line or a diff.
 */
public final class UserModule implements Module {
  private static final String HIDDEN = "NOT_LOGGING_PASSWORD";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("user")
          .description(
              "Manages a local user account (useradd/usermod/userdel): uid, primary and"
                  + " supplementary groups, home, shell, comment, password hash, expiry, lock,"
                  + " and an SSH key pair.")
          .arg(Arg.str("name", "The account's login name.").required().aliases("user"))
          .arg(Arg.presence("Whether the account should exist."))
          .arg(Arg.integer("uid", "The user id."))
          .arg(
              Arg.bool("non_unique", "Allow a uid that another account has (-o).")
                  .defaultsTo(false))
          .arg(Arg.str("group", "The primary group (name or gid); it must exist."))
          .arg(
              Arg.list(
                      "groups",
                      "Supplementary groups (a list or 'a,b'); with append=false the account"
                          + " leaves every other group; '' or [] removes them all.")
                  .elements(ArgType.STR))
          .arg(
              Arg.bool("append", "Add to groups, leaving the account's other groups alone.")
                  .defaultsTo(false))
          .arg(Arg.str("comment", "The GECOS field (full name...)."))
          .arg(Arg.path("home", "The home directory."))
          .arg(Arg.str("shell", "The login shell."))
          .arg(
              Arg.bool(
                      "create_home",
                      "Create the home directory (from /etc/skel) when the account is created,"
                          + " or when it is missing.")
                  .defaultsTo(true)
                  .aliases("createhome"))
          .arg(
              Arg.bool("move_home", "When home changes, move the old home's content there.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("system", "Create a system account (-r); only at creation.")
                  .defaultsTo(false))
          .arg(
              Arg.str(
                      "password",
                      "The password as a crypt hash (e.g. from password_hash('sha512')); never"
                          + " logged or shown in diffs.")
                  .secret())
          .arg(
              Arg.str(
                      "update_password",
                      "always: set the hash when it differs; on_create: only for new accounts.")
                  .choices("always", "on_create")
                  .defaultsTo("always"))
          .arg(Arg.bool("password_lock", "Lock (true) or unlock (false) the password."))
          .arg(
              Arg.of(
                  "expires",
                  ArgType.FLOAT,
                  "Expiry as seconds since 1970 (the day counts); a negative number removes it."))
          .arg(
              Arg.bool("remove", "With state=absent: remove the home directory and mail spool.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("force", "With state=absent: remove the account even when logged in.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("generate_ssh_key", "Generate an SSH key pair unless ssh_key_file exists.")
                  .defaultsTo(false))
          .arg(Arg.str("ssh_key_type", "Type of the generated key.").defaultsTo("rsa"))
          .arg(Arg.integer("ssh_key_bits", "Bits of the generated key (0: ssh-keygen's default)."))
          .arg(
              Arg.path("ssh_key_file", "The private key file, relative to home.")
                  .defaultsTo(".ssh/id_rsa"))
          .arg(
              Arg.str(
                  "ssh_key_comment",
                  "Comment of the generated key (default 'ansible-generated on HOSTNAME')."))
          .arg(
              Arg.str("ssh_key_passphrase", "Passphrase of the generated key (default none).")
                  .secret())
          .notHonoured(Arg.str("authorization", "Solaris and illumos only."))
          .notHonoured(Arg.bool("hidden", "macOS only."))
          .arg(
              Arg.bool(
                      "local",
                      "Look for the account in the local files (/etc/passwd, /etc/shadow,"
                          + " /etc/group) only, not in a directory service; useradd, usermod and"
                          + " userdel change only those files anyway.")
                  .defaultsTo(false))
          .notHonoured(Arg.str("login_class", "BSD only."))
          .arg(Arg.integer("password_expire_max", "Most days between password changes (chage -M)."))
          .arg(
              Arg.integer(
                  "password_expire_min", "Fewest days between password changes (chage -m)."))
          .notHonoured(Arg.str("profile", "Solaris and illumos only."))
          .notHonoured(Arg.str("role", "Solaris and illumos only."))
          .notHonoured(Arg.str("seuser", "SELinux user; Debian hosts run without SELinux."))
          .notHonoured(Arg.path("skeleton", "Skeleton directory for a new home (useradd -k)."))
          .arg(
              Arg.str(
                  "umask",
                  "umask of a new account's home directory (useradd -K UMASK=...), three or four"
                      + " octal digits; not with local."))
          .example(
              "- name: Application account\n"
                  + "  ansible.builtin.user:\n"
                  + "    name: app\n"
                  + "    comment: Application runner\n"
                  + "    shell: /bin/bash\n"
                  + "    groups: [www-data]\n"
                  + "    append: true\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    List<String> warnings = new ArrayList<>();
    if (args.bool("append") && args.get("groups") == null) {
      warnings.add(APPEND_WITHOUT_GROUPS);
    }
    args.optStr("password").flatMap(UserModule::unhashedWarning).ifPresent(warnings::add);
    Plan plan = planAccount(target, args, warnings);
    if (warnings.isEmpty()) {
      return plan;
    }
    Map<String, Object> result = new LinkedHashMap<>(plan.result());
    result.put("warnings", warnings);
    return plan.withResult(result);
  }

  /** Ansible's warning, word for word, for append without groups (append then does nothing). */
  static final String APPEND_WITHOUT_GROUPS =
      "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups."
          + "This will change to an error in Ansible 2.14.";

  /**
   * Ansible's warning when local is set and the account is not in /etc/passwd: it may still exist
   * in a local account database kept elsewhere.
   */
  static String notInLocalFile(String name) {
    return "'local: true' specified and user '"
        + name
        + "' was not found in /etc/passwd. The local user account may already exist if the local"
        + " account database exists somewhere other than /etc/passwd.";
  }

  /**
   * Ansible's warning for a password that does not look like a crypt hash (the module takes it as
   * the hash as given): no '$', characters a hash never has, or an md5, sha256 or sha512 hash of
   * the wrong length. '*', '!' and Ansible's mask of a hidden value disable the account and pass.
   */
  static Optional<String> unhashedWarning(String password) {
    if (password.isEmpty() || Set.of("*", "!", "*************").contains(password)) {
      return Optional.empty();
    }
    boolean invalid = password.chars().anyMatch(c -> ":*!".indexOf(c) >= 0);
    String[] fields = password.split("\\$", -1);
    if (fields.length < 3) {
      invalid = true;
    } else {
      String hash = fields[fields.length - 1];
      int expected =
          switch (fields[1]) {
            case "1" -> 22;
            case "5" -> 43;
            case "6" -> 86;
            default -> hash.length();
          };
      invalid |= !hash.matches("[a-zA-Z0-9./=]*") || hash.length() != expected;
    }
    return invalid
        ? Optional.of(
            "The input password appears not to have been hashed. The 'password' argument must be"
                + " encrypted for this module to work properly.")
        : Optional.empty();
  }

  private Plan planAccount(Target target, Args args, List<String> warnings) throws ModuleException {
    String name = Accounts.checkName("user", args.str("name"));
    for (String field : List.of("comment", "home", "shell", "password", "group")) {
      Optional<String> value = args.optStr(field);
      if (value.isPresent() && (value.get().contains(":") || value.get().contains("\n"))) {
        throw new ModuleException(
            field
                + " must not contain ':' or a newline (the account files' separators)"
                + (field.equals("password") ? "" : ": " + value.get()));
      }
    }
    if (args.optStr("ssh_key_passphrase").filter(p -> p.contains("\n")).isPresent()) {
      throw new ModuleException("ssh_key_passphrase must not contain a newline");
    }
    String keyFile = args.bool("generate_ssh_key") ? args.str("ssh_key_file") : null;
    boolean local = args.bool("local");
    Optional<String> umask = args.optStr("umask");
    if (umask.isPresent() && local) {
      throw new ModuleException("'umask' can not be used with 'local'");
    }
    if (umask.isPresent() && !umask.get().matches("[0-7]{3,4}")) {
      throw new ModuleException(
          "umask must be three or four octal digits, such as 022: " + umask.get());
    }
    UserProbe probe = UserProbe.probe(target, name, keyFile, local);
    if (local && probe.passwd().isEmpty()) {
      warnings.add(notInLocalFile(name));
    }
    if (!args.present()) {
      return absent(args, name, probe);
    }
    List<Plan.Assumption> assumptions = new ArrayList<>();
    UserChange change =
        probe.passwd().isPresent()
            ? UserChange.modify(args, name, probe, assumptions)
            : UserChange.create(args, name, probe, assumptions);
    List<String> commands = new ArrayList<>(change.commands());
    Optional<String> keygen = keygen(args, name, probe);
    keygen.ifPresent(commands::add);
    Map<String, Object> result = change.result();
    probe.key().ifPresent(key -> putKey(result, key));
    if (commands.isEmpty()) {
      return Plan.ok(result).assuming(assumptions);
    }
    List<Diff> diffs = new ArrayList<>();
    if (!change.before().equals(change.after())) {
      diffs.add(new Diff("user " + name, change.before(), change.after()));
    }
    if (keygen.isPresent()) {
      diffs.add(Diff.property(args.str("ssh_key_file"), "ssh_key", "absent", "generated"));
    }
    String password = args.optStr("password").orElse("");
    String passphrase = args.optStr("ssh_key_passphrase").orElse("");
    return Plan.change(
            diffs,
            result,
            on -> {
              for (String script : commands) {
                ExecResult done =
                    on.run(Command.of(script).withStdin(password + "\n" + passphrase + "\n"));
                if (!done.ok()) {
                  throw ModuleException.commandFailed(
                          "could not update the account " + name + ": " + done.stderr().strip(),
                          done)
                      .with("name", name);
                }
              }
              UserProbe now = UserProbe.probe(on, name, keyFile, local);
              Map<String, Object> actual = new LinkedHashMap<>();
              now.passwd().ifPresent(p -> putPasswd(actual, p));
              now.key().ifPresent(key -> putKey(actual, key));
              return actual;
            })
        .assuming(assumptions);
  }

  private static Plan absent(Args args, String name, UserProbe probe) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("state", "absent");
    result.put("force", args.bool("force"));
    result.put("remove", args.bool("remove"));
    if (probe.passwd().isEmpty()) {
      return Plan.ok(result);
    }
    List<String> argv = new ArrayList<>(List.of("userdel"));
    if (args.bool("force")) {
      argv.add("-f");
    }
    if (args.bool("remove")) {
      argv.add("-r");
    }
    argv.add("--");
    argv.add(name);
    String before =
        "state: present\n" + UserChange.describe(UserChange.fields(probe.passwd().get(), probe));
    return Plan.change(
        List.of(new Diff("user " + name, before, "state: absent\n")),
        result,
        on -> {
          ExecResult done = on.run(Command.argv(argv));
          // 12: the home could not be removed (userdel already removed the account)
          if (!done.ok() && done.rc() != 12) {
            throw ModuleException.commandFailed(
                "userdel failed for " + name + ": " + done.stderr().strip(), done);
          }
          return Map.of();
        });
  }

  /** The ssh-keygen script when a key is asked for and its file does not exist. */
  private static Optional<String> keygen(Args args, String name, UserProbe probe) {
    if (!args.bool("generate_ssh_key") || probe.key().isPresent()) {
      return Optional.empty();
    }
    List<String> argv =
        new ArrayList<>(List.of("ssh-keygen", "-q", "-t", args.str("ssh_key_type")));
    long bits = args.optInt("ssh_key_bits").orElse(0L);
    if (bits > 0) {
      argv.add("-b");
      argv.add(String.valueOf(bits));
    }
    argv.add("-C");
    argv.add(args.optStr("ssh_key_comment").orElse("ansible-generated on " + probe.hostname()));
    String script =
        String.join(
            "\n",
            "IFS= read -r pw; IFS= read -r pp",
            "n=" + ShellQuote.quote(name),
            "h=$(getent passwd -- \"$n\" | cut -d: -f6)",
            "[ -n \"$h\" ] || { echo \"no home directory for $n\" >&2; exit 1; }",
            "k=" + ShellQuote.quote(args.str("ssh_key_file")),
            "case \"$k\" in /*) ;; *) k=\"$h/$k\" ;; esac",
            "d=$(dirname -- \"$k\")",
            "if [ ! -d \"$d\" ]; then mkdir -p -m 0700 -- \"$d\" && chown -- \"$n:\" \"$d\" || exit 1;"
                + " fi",
            ShellQuote.join(argv) + " -f \"$k\" -N \"$pp\" </dev/null || exit 1",
            "chown -- \"$n:\" \"$k\" \"$k.pub\"");
    return Optional.of(script);
  }

  static void putPasswd(Map<String, Object> result, Accounts.Passwd passwd) {
    result.put("uid", passwd.uid());
    result.put("group", passwd.gid());
    result.put("comment", passwd.comment());
    result.put("home", passwd.home());
    result.put("shell", passwd.shell());
  }

  private static void putKey(Map<String, Object> result, UserProbe.SshKey key) {
    result.put("ssh_key_file", key.file());
    result.put("ssh_fingerprint", key.fingerprint());
    result.put("ssh_public_key", key.publicKey());
  }

  /** The expiry day asked for: empty for none given, -1 for "never". */
  static Optional<Long> expiryDay(Args args) {
    Object value = args.get("expires");
    if (value == null) {
      return Optional.empty();
    }
    double seconds = ((Number) value).doubleValue();
    if (seconds < 0) {
      return Optional.of(-1L);
    }
    return Optional.of(
        LocalDate.ofInstant(Instant.ofEpochSecond((long) seconds), ZoneOffset.UTC).toEpochDay());
  }

  static String day(long epochDay) {
    return epochDay < 0 ? "never" : LocalDate.ofEpochDay(epochDay).toString();
  }

  /** Names of the groups asked for, resolving gids; fails for a group that does not exist. */
  static Set<String> groupNames(
      Args args, Accounts.Groups groups, List<Plan.Assumption> assumptions) {
    Set<String> names = new LinkedHashSet<>();
    for (String group : args.strings("groups")) {
      if (!group.isBlank()) {
        names.add(requireGroup(groups, group.strip(), assumptions).name());
      }
    }
    return names;
  }

  /**
   * The group named (or numbered) {@code nameOrGid}. A missing group is assumed made by an earlier
   * task (a real run fails without it, check mode warns): a stand-in with gid -1.
   */
  static Accounts.Group requireGroup(
      Accounts.Groups groups, String nameOrGid, List<Plan.Assumption> assumptions) {
    Optional<Accounts.Group> found = groups.find(nameOrGid);
    if (found.isPresent()) {
      return found.get();
    }
    assumptions.add(
        Plan.Assumption.warned(
            "Group " + nameOrGid + " does not exist",
            "Group " + nameOrGid + " does not exist (yet); a real run fails unless it is made"));
    return new Accounts.Group(nameOrGid, -1, List.of());
  }

  static String hidden() {
    return HIDDEN;
  }
}
