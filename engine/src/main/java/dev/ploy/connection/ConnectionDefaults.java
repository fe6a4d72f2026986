package dev.ploy.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Connection settings from the command line and ploy.yml, used when a host's variables say nothing.
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

  /** How unknown and changed host keys are treated. */
  public enum HostKeyChecking {
    STRICT,
    ACCEPT_NEW,
    OFF
  }

  public static ConnectionDefaults standard() {
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
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
}
