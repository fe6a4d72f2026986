package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's public SSH host keys, as Ansible's ansible_ssh_host_key_ALGO_public (the key) and
 * ..._public_keytype (ssh-ed25519...), from /etc/ssh, else /etc/openssh, else /etc.
 */
public final class SshHostKeys {
  private SshHostKeys() {}

  private static final List<String> DIRECTORIES = List.of("/etc/ssh", "/etc/openssh", "/etc");
  private static final List<String> ALGORITHMS = List.of("dsa", "rsa", "ecdsa", "ed25519");

  /** Each readable key file's first line, after its directory and algorithm: no process. */
  public static final Fact<Map<String, Object>> FACT =
      Fact.of(
          "ssh-host-keys",
          "for d in "
              + String.join(" ", DIRECTORIES)
              + "; do for a in "
              + String.join(" ", ALGORITHMS)
              + "; do k=$d/ssh_host_${a}_key.pub;"
              + " [ -r $k ] && read -r l < $k && printf '%s %s %s\\n' \"$d\" \"$a\" \"$l\";"
              + " done; done",
          SshHostKeys::parse);

  /** The facts under their names without "ansible_", Ansible's search order kept. */
  static Map<String, Object> parse(List<String> lines) {
    Map<String, Object> facts = new LinkedHashMap<>();
    for (String directory : DIRECTORIES) {
      for (String algorithm : ALGORITHMS) {
        String name = "ssh_host_key_" + algorithm + "_public";
        if (facts.containsKey(name)) {
          // Ansible stops at the first directory that had this algorithm's key
          return facts;
        }
        String prefix = directory + " " + algorithm + " ";
        for (String line : lines) {
          String[] key =
              line.startsWith(prefix)
                  ? line.substring(prefix.length()).split("\\s+")
                  : new String[0];
          if (key.length >= 2) {
            facts.put(name, key[1]);
            facts.put(name + "_keytype", key[0]);
            break;
          }
        }
      }
    }
    return facts;
  }
}
