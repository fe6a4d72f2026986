package dev.ploy.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach hosts when neither their variables nor {@code ~/.ssh/config} say otherwise: the
 * command line's choices (user, key, passwords, timeout, host key checking) and the files ssh
 * reads.
 *
 * <p>Precedence, highest first: host variables, {@code ~/.ssh/config}, these defaults, ssh's own
 * defaults (the local user; keys {@code ~/.ssh/id_ed25519}, {@code id_ecdsa}, {@code id_rsa}).
 */
public record ConnectionDefaults(
    Optional<String> remoteUser,
    Optional<Path> privateKey,
    Optional<String> password,
    Optional<String> becomePassword,
    Duration timeout,
    HostKeyChecking hostKeyChecking,
    Path sshConfig,
    Path knownHosts) {

  /** What to do with a host key that known_hosts does not vouch for. */
  public enum HostKeyChecking {
    /** Unknown and changed keys are refused (ssh's {@code StrictHostKeyChecking=yes}). */
    STRICT,
    /** Unknown keys are added to known_hosts, changed keys are refused ({@code accept-new}). */
    ACCEPT_NEW,
    /** Any key is accepted and nothing is written ({@code StrictHostKeyChecking=no}). */
    OFF
  }

  public ConnectionDefaults {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("connection timeout must be positive: " + timeout);
    }
  }

  /** No user, key or password; 10 s; strict host key checking; the files under {@code ~/.ssh}. */
  public static ConnectionDefaults standard() {
    Path ssh = userSshDirectory();
    return new ConnectionDefaults(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(10),
        HostKeyChecking.STRICT,
        ssh.resolve("config"),
        ssh.resolve("known_hosts"));
  }

  /** {@code ~/.ssh} of the user running ploy. */
  public static Path userSshDirectory() {
    return Path.of(System.getProperty("user.home"), ".ssh");
  }
}
