package dev.ploy.connection.ssh;

import dev.ploy.connection.ConnectionDefaults.HostKeyChecking;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks host keys against an OpenSSH known_hosts file (hashed names and {@code [host]:port}
 * entries included) and remembers why it refused one, so that the connection can say what to do.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {
  private final Path file;
  private final HostKeyChecking checking;
  private volatile String refusal;

  private KnownHostsVerifier(
      String content, Path file, HostKeyChecking checking, LoggerFactory loggers)
      throws IOException {
    super(new StringReader(content), loggers);
    this.file = file;
    this.checking = checking;
  }

  /** Reads {@code file} now; a missing file has no entries. */
  static KnownHostsVerifier of(Path file, HostKeyChecking checking, LoggerFactory loggers)
      throws IOException {
    String content =
        Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    return new KnownHostsVerifier(content, file, checking, loggers);
  }

  /** Why the last key was refused, with the command that fixes it. */
  Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    if (checking == HostKeyChecking.ACCEPT_NEW) {
      try {
        HostEntry entry = new HostEntry(null, hostname, KeyType.fromKey(key), key);
        append(entry.getLine());
        entries.add(entry);
        return true;
      } catch (IOException e) {
        refusal =
            "host key of "
                + hostname
                + " is not known and cannot be added to "
                + file
                + ": "
                + e.getMessage();
        return false;
      }
    }
    refusal =
        "host key of "
            + hostname
            + " is not known ("
            + KeyType.fromKey(key)
            + " "
            + SecurityUtils.getFingerprint(key)
            + "); it is not in "
            + file
            + ". Check the fingerprint, then add it (ssh-keyscan "
            + scanArguments(hostname)
            + " >> "
            + file
            + "), or accept new hosts with ansible_ssh_common_args='-o"
            + " StrictHostKeyChecking=accept-new'";
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    List<Integer> lines = matchingLines(hostname, key);
    String where = lines.isEmpty() ? "" : (lines.size() == 1 ? " line " : " lines ") + join(lines);
    refusal =
        "HOST KEY CHANGED for "
            + hostname
            + ": it now offers "
            + KeyType.fromKey(key)
            + " "
            + SecurityUtils.getFingerprint(key)
            + ", which does not match "
            + file
            + where
            + ". Someone could be intercepting the connection, or the host was reinstalled. If"
            + " the new key is right, remove the old one with: ssh-keygen -R '"
            + hostname
            + "' -f "
            + file;
    return false;
  }

  /** The 1-based lines of the file that name this host with a different key. */
  private List<Integer> matchingLines(String hostname, PublicKey key) {
    List<Integer> numbers = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      EntryFactory parser = new EntryFactory();
      for (int i = 0; i < lines.size(); i++) {
        try {
          KnownHostEntry entry = parser.parseEntry(lines.get(i));
          if (entry != null && entry.appliesTo(hostname) && !entry.verify(key)) {
            numbers.add(i + 1);
          }
        } catch (IOException | RuntimeException unreadable) {
          // a line sshj cannot read names no host
        }
      }
    } catch (IOException e) {
      // the message then names the file without a line
    }
    return numbers;
  }

  private void append(String line) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    String prefix = "";
    if (Files.isRegularFile(file) && Files.size(file) > 0) {
      byte[] all = Files.readAllBytes(file);
      if (all[all.length - 1] != '\n') {
        prefix = "\n";
      }
    }
    Files.writeString(
        file,
        prefix + line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
  }

  private static String scanArguments(String hostname) {
    if (hostname.startsWith("[")) {
      int close = hostname.indexOf(']');
      return "-p " + hostname.substring(close + 2) + " " + hostname.substring(1, close);
    }
    return hostname;
  }

  private static String join(List<Integer> numbers) {
    StringBuilder text = new StringBuilder();
    for (int n : numbers) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(n);
    }
    return text.toString();
  }
}
