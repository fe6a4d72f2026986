package dev.ploy.modules.users;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.facts.Sections;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.List;
import java.util.Optional;

/**
 * A user's account as the target sees it, read in one command: the passwd and shadow entries, every
 * group, whether the home directory exists, the SSH key (when asked) and the host name. A local
 * probe reads the local files only (getent -s files), not a directory service.
 */
record UserProbe(
    Optional<Accounts.Passwd> passwd,
    Optional<Accounts.Shadow> shadow,
    Accounts.Groups groups,
    boolean homeExists,
    Optional<SshKey> key,
    String hostname) {

  /** An existing SSH key: its file, fingerprint line and public key. */
  record SshKey(String file, String fingerprint, String publicKey) {}

  static UserProbe probe(Target target, String name, String keyFile, boolean local)
      throws ModuleException {
    String getent = local ? "getent -s files" : "getent";
    String script =
        String.join(
            "\n",
            "n=" + ShellQuote.quote(name),
            "echo @@ploy:passwd; " + getent + " passwd -- \"$n\"",
            "echo @@ploy:shadow; " + getent + " shadow -- \"$n\"",
            "echo @@ploy:group; " + getent + " group",
            "h=$(" + getent + " passwd -- \"$n\" | cut -d: -f6)",
            "echo @@ploy:home; if [ -n \"$h\" ] && [ -d \"$h\" ]; then echo yes; fi",
            "echo @@ploy:hostname; hostname 2>/dev/null || cat /etc/hostname",
            keyFile == null
                ? "true"
                : String.join(
                    "\n",
                    "k=" + ShellQuote.quote(keyFile),
                    "case \"$k\" in /*) ;; *) k=\"$h/$k\" ;; esac",
                    "if [ -n \"$h\" ] && [ -f \"$k\" ]; then",
                    "  echo @@ploy:key; printf '%s\\n' \"$k\"",
                    "  echo @@ploy:fingerprint; ssh-keygen -l -f \"$k\" 2>/dev/null",
                    "  echo @@ploy:public; cat -- \"$k.pub\" 2>/dev/null",
                    "fi"),
            "exit 0");
    ExecResult result = target.run(Command.of(script));
    if (!result.ok()) {
      throw ModuleException.commandFailed(
          "cannot read the account of " + name + ": " + result.stderr().strip(), result);
    }
    return parse(result.stdout());
  }

  static UserProbe parse(String output) {
    Sections s = Sections.parse(output, Accounts.MARK);
    Optional<Accounts.Passwd> passwd = first(s, "passwd").flatMap(Accounts.Passwd::parse);
    Optional<Accounts.Shadow> shadow = first(s, "shadow").flatMap(Accounts.Shadow::parse);
    Accounts.Groups groups = Accounts.Groups.parse(s.lines("group"));
    boolean home = first(s, "home").map("yes"::equals).orElse(false);
    Optional<SshKey> key =
        first(s, "key")
            .map(
                file ->
                    new SshKey(
                        file, first(s, "fingerprint").orElse(""), first(s, "public").orElse("")));
    return new UserProbe(
        passwd, shadow, groups, home, key, first(s, "hostname").orElse("localhost").strip());
  }

  private static Optional<String> first(Sections sections, String name) {
    List<String> lines = sections.lines(name);
    return lines.isEmpty() || lines.get(0).isEmpty() ? Optional.empty() : Optional.of(lines.get(0));
  }
}
