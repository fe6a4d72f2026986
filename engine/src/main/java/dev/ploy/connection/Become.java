package dev.ploy.connection;

import java.util.Optional;

/**
 * Privilege escalation for one command: who to become, how, and the password if one is needed. The
 * password is sent on standard input, never on a command line.
 */
public record Become(String user, Method method, Optional<String> password) {

  /** How to become another user. */
  public enum Method {
    SUDO,
    SU
  }

  public Become {
    if (user == null || user.isEmpty()) {
      user = "root";
    }
  }

  public static Become sudo(String user) {
    return new Become(user, Method.SUDO, Optional.empty());
  }

  @Override
  public String toString() {
    return "Become["
        + method
        + " to "
        + user
        + (password.isPresent() ? ", with password" : "")
        + "]";
  }
}
