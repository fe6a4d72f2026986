package dev.ploy.connection.ssh;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import dev.ploy.connection.ConnectionDefaults;
import dev.ploy.connection.ConnectionDefaults.HostKeyChecking;
import dev.ploy.connection.ConnectionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to open one SSH connection, resolved from host variables, {@code
 * ~/.ssh/config}, ploy's defaults and ssh's defaults, in that order of precedence.
 *
 * @param host the inventory name, used in messages
 * @param target the user, address and port of the target's sshd
 * @param identities private key files to offer, in order
 * @param password the password for password authentication, if any
 * @param connectTimeout how long to wait for TCP connect and for each step of the handshake
 * @param hostKeyChecking what to do with unknown host keys
 * @param knownHosts the known_hosts file read (and, with ACCEPT_NEW, appended to)
 * @param jumps bastions to go through, first one reached directly
 * @param becomePassword the password for become, used when a command's become has none
 */
public record SshSettings(
    String host,
    Endpoint target,
    List<Path> identities,
    Optional<String> password,
    Duration connectTimeout,
    HostKeyChecking hostKeyChecking,
    Path knownHosts,
    List<Jump> jumps,
    Optional<String> becomePassword) {

  /** A user at an sshd. */
  public record Endpoint(String user, String hostname, int port) {
    @Override
    public String toString() {
      String address = hostname.contains(":") ? "[" + hostname + "]" : hostname;
      return user + "@" + address + ":" + port;
    }
  }

  /** A bastion on the way to the target, with the keys to offer it. */
  public record Jump(Endpoint endpoint, List<Path> identities) {}

  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  public SshSettings {
    identities = List.copyOf(identities);
    jumps = List.copyOf(jumps);
  }

  /**
   * Resolves the settings for {@code host}. The ssh configuration is matched against {@code
   * ansible_host} when it is set, else the inventory name, as ssh sees the name Ansible passes it.
   */
  public static SshSettings resolve(
      String host, Map<String, Object> vars, ConnectionDefaults defaults, SshConfig sshConfig)
      throws ConnectionException {
    String args =
        var(vars, "ansible_ssh_common_args").orElse("")
            + " "
            + var(vars, "ansible_ssh_extra_args").orElse("");
    SshOptions cli = SshOptions.fromArguments(args);
    String name = var(vars, "ansible_host").or(() -> var(vars, "ansible_ssh_host")).orElse(host);
    SshOptions config = sshConfig.lookup(name);

    String hostname =
        cli.first("HostName")
            .or(() -> config.first("HostName"))
            .map(value -> value.replace("%h", name))
            .orElse(name);
    String portText =
        var(vars, "ansible_port")
            .or(() -> var(vars, "ansible_ssh_port"))
            .or(() -> cli.first("Port"))
            .or(() -> config.first("Port"))
            .orElse("22");
    int port = parsePort(host, portText);
    String user =
        var(vars, "ansible_user")
            .or(() -> var(vars, "ansible_ssh_user"))
            .or(() -> cli.first("User"))
            .or(() -> config.first("User"))
            .or(defaults::remoteUser)
            .orElse(System.getProperty("user.name"));
    Endpoint target = new Endpoint(user, hostname, port);

    List<Path> identities;
    Optional<String> keyVar =
        var(vars, "ansible_ssh_private_key_file").or(() -> var(vars, "ansible_private_key_file"));
    if (keyVar.isPresent()) {
      identities = List.of(expandPath(keyVar.get(), target, name));
    } else if (!cli.all("IdentityFile").isEmpty()) {
      identities = expandPaths(cli.all("IdentityFile"), target, name);
    } else if (!config.all("IdentityFile").isEmpty()) {
      identities = expandPaths(config.all("IdentityFile"), target, name);
    } else if (defaults.privateKey().isPresent()) {
      identities = List.of(defaults.privateKey().get());
    } else {
      identities = defaultKeys();
    }

    Optional<String> password =
        var(vars, "ansible_password")
            .or(() -> var(vars, "ansible_ssh_pass"))
            .or(() -> var(vars, "ansible_ssh_password"))
            .or(defaults::password);
    Optional<String> becomePassword =
        var(vars, "ansible_become_password")
            .or(() -> var(vars, "ansible_become_pass"))
            .or(defaults::becomePassword);

    Duration timeout = defaults.timeout();
    Optional<String> timeoutText =
        var(vars, "ansible_ssh_timeout")
            .or(() -> var(vars, "ansible_timeout"))
            .or(() -> cli.first("ConnectTimeout"))
            .or(() -> config.first("ConnectTimeout"));
    if (timeoutText.isPresent()) {
      try {
        long seconds = Long.parseLong(timeoutText.get().strip());
        if (seconds > 0) {
          timeout = Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        throw new ConnectionException(
            host + ": connection timeout is not a number of seconds: " + timeoutText.get());
      }
    }

    HostKeyChecking checking = defaults.hostKeyChecking();
    Optional<String> strict =
        cli.first("StrictHostKeyChecking").or(() -> config.first("StrictHostKeyChecking"));
    if (strict.isPresent()) {
      checking = hostKeyChecking(host, strict.get());
    }
    Path knownHosts =
        cli.first("UserKnownHostsFile")
            .or(() -> config.first("UserKnownHostsFile"))
            .map(value -> SshOptions.splitWords(value).get(0))
            .map(value -> expandPath(value, target, name))
            .orElse(defaults.knownHosts());

    List<Jump> jumps = new ArrayList<>();
    Optional<String> jumpSpec = cli.first("ProxyJump").or(() -> config.first("ProxyJump"));
    if (jumpSpec.isPresent() && !jumpSpec.get().equalsIgnoreCase("none")) {
      for (String spec : jumpSpec.get().split(",")) {
        jumps.add(jump(host, spec.strip(), sshConfig, defaults, identities));
      }
    }
    return new SshSettings(
        host, target, identities, password, timeout, checking, knownHosts, jumps, becomePassword);
  }

  /** A jump host {@code [ssh://][user@]host[:port]}, completed from the ssh configuration. */
  private static Jump jump(
      String host,
      String spec,
      SshConfig sshConfig,
      ConnectionDefaults defaults,
      List<Path> targetIdentities)
      throws ConnectionException {
    String rest = spec.startsWith("ssh://") ? spec.substring("ssh://".length()) : spec;
    Optional<String> user = Optional.empty();
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = Optional.of(rest.substring(0, at));
      rest = rest.substring(at + 1);
    }
    Optional<String> port = Optional.empty();
    String name = rest;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new ConnectionException(host + ": cannot read jump host '" + spec + "'");
      }
      name = rest.substring(1, close);
      if (rest.length() > close + 1 && rest.charAt(close + 1) == ':') {
        port = Optional.of(rest.substring(close + 2));
      }
    } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
      name = rest.substring(0, rest.indexOf(':'));
      port = Optional.of(rest.substring(rest.indexOf(':') + 1));
    }
    if (name.isEmpty()) {
      throw new ConnectionException(host + ": cannot read jump host '" + spec + "'");
    }
    String jumpName = name;
    SshOptions config = sshConfig.lookup(jumpName);
    String hostname =
        config.first("HostName").map(value -> value.replace("%h", jumpName)).orElse(jumpName);
    int jumpPort = parsePort(host, port.or(() -> config.first("Port")).orElse("22"));
    String jumpUser =
        user.or(() -> config.first("User"))
            .or(defaults::remoteUser)
            .orElse(System.getProperty("user.name"));
    Endpoint endpoint = new Endpoint(jumpUser, hostname, jumpPort);
    List<Path> identities =
        config.all("IdentityFile").isEmpty()
            ? targetIdentities
            : expandPaths(config.all("IdentityFile"), endpoint, jumpName);
    return new Jump(endpoint, identities);
  }

  /**
   * {@code command} with this host's become password when its become (sudo) has none of its own.
   */
  Command withBecomePassword(Command command) {
    if (command.become().isEmpty()
        || command.become().get().password().isPresent()
        || becomePassword.isEmpty()) {
      return command;
    }
    Become how = command.become().get();
    return command.withBecome(Optional.of(new Become(how.user(), how.method(), becomePassword)));
  }

  static HostKeyChecking hostKeyChecking(String host, String value) throws ConnectionException {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "yes", "ask", "true" -> HostKeyChecking.STRICT;
      case "accept-new" -> HostKeyChecking.ACCEPT_NEW;
      case "no", "off", "false" -> HostKeyChecking.OFF;
      default ->
          throw new ConnectionException(
              host + ": StrictHostKeyChecking must be yes, accept-new or no, not '" + value + "'");
    };
  }

  private static int parsePort(String host, String text) throws ConnectionException {
    try {
      int port = Integer.parseInt(text.strip());
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConnectionException(host + ": '" + text + "' is not a TCP port");
  }

  /** ssh's default keys that exist, in the order ssh tries them. */
  static List<Path> defaultKeys() {
    List<Path> keys = new ArrayList<>();
    for (String name : DEFAULT_KEYS) {
      Path key = ConnectionDefaults.userSshDirectory().resolve(name);
      if (Files.isRegularFile(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static List<Path> expandPaths(List<String> values, Endpoint target, String name) {
    List<Path> paths = new ArrayList<>();
    for (String value : values) {
      paths.add(expandPath(value, target, name));
    }
    return paths;
  }

  /** Expands {@code ~} and the tokens {@code %h %p %r %u %d %%} the way ssh does in paths. */
  static Path expandPath(String value, Endpoint target, String name) {
    String home = System.getProperty("user.home");
    String text = value.strip();
    if (text.equals("~") || text.startsWith("~/")) {
      text = home + text.substring(1);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%' || i + 1 >= text.length()) {
        out.append(c);
        continue;
      }
      char token = text.charAt(++i);
      switch (token) {
        case 'h' -> out.append(target.hostname());
        case 'n' -> out.append(name);
        case 'p' -> out.append(target.port());
        case 'r' -> out.append(target.user());
        case 'u' -> out.append(System.getProperty("user.name"));
        case 'd' -> out.append(home);
        case '%' -> out.append('%');
        default -> out.append('%').append(token);
      }
    }
    return Path.of(out.toString());
  }

  /** A host variable as text; absent when missing, null or blank. */
  static Optional<String> var(Map<String, Object> vars, String name) {
    Object value = vars.get(name);
    if (value == null) {
      return Optional.empty();
    }
    String text = String.valueOf(value).strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  @Override
  public String toString() {
    return "SshSettings["
        + host
        + " -> "
        + target
        + (jumps.isEmpty()
            ? ""
            : " via " + jumps.stream().map(j -> j.endpoint().toString()).toList())
        + "]";
  }
}
