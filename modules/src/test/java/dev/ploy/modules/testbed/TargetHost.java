package dev.ploy.modules.testbed;

import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionDefaults;
import dev.ploy.connection.ConnectionFactory;
import dev.ploy.connection.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One testbed host: where its SSH and HTTP ports are, and a way to look at it from a test. */
public record TargetHost(String name, int sshPort, int httpPort, Path key) {

  /** Connection settings for the testbed: known hosts are not checked (fresh keys each time). */
  static ConnectionDefaults defaults() {
    ConnectionDefaults standard = ConnectionDefaults.standard();
    return new ConnectionDefaults(
        Optional.of("root"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(20),
        ConnectionDefaults.HostKeyChecking.OFF,
        standard.sshConfig(),
        standard.knownHosts());
  }

  /**
   * The host's line in an INI inventory. No ansible_user: plays choose with remote_user (root when
   * they say nothing), as a variable would override the keyword.
   */
  public String inventoryLine() {
    return name
        + " ansible_host=127.0.0.1 ansible_port="
        + sshPort
        + " ansible_ssh_private_key_file="
        + key
        + " http_port="
        + httpPort;
  }

  Map<String, Object> vars() {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("ansible_host", "127.0.0.1");
    vars.put("ansible_port", sshPort);
    vars.put("ansible_user", "root");
    vars.put("ansible_ssh_private_key_file", key.toString());
    return vars;
  }

  /** Runs a shell script on the host as root, to check what a module did. */
  public ExecResult sh(String script) {
    try (ConnectionFactory factory = new ConnectionFactory(defaults())) {
      Connection connection = factory.open(name, vars());
      return connection.exec(Command.of(script));
    } catch (Exception e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The standard output of a script that must succeed, run as root through sudo after logging in as
   * deploy: for a host where root may no longer log in over SSH.
   */
  public String outViaDeploy(String script) {
    Map<String, Object> vars = vars();
    vars.put("ansible_user", "deploy");
    try (ConnectionFactory factory = new ConnectionFactory(defaults())) {
      ExecResult result =
          factory
              .open(name, vars)
              .exec(Command.of("sudo -n sh -c " + dev.ploy.connection.ShellQuote.quote(script)));
      if (!result.ok()) {
        throw new AssertionError(name + ": '" + script + "' failed: " + result.stderr());
      }
      return result.stdout();
    } catch (Exception e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }

  /** Installs Debian packages on the host (as a test's set-up), after refreshing the lists. */
  public void aptInstall(String... packages) {
    out(
        "apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
            + dev.ploy.connection.ShellQuote.join(packages)
            + " >/dev/null");
  }

  /** The standard output of a script that must succeed. */
  public String out(String script) {
    ExecResult result = sh(script);
    if (!result.ok()) {
      throw new AssertionError(
          name + ": '" + script + "' failed (" + result.rc() + "): " + result.stderr());
    }
    return result.stdout();
  }
}
