package dev.ploy.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.connection.ConnectionDefaults;
import dev.ploy.connection.ConnectionDefaults.HostKeyChecking;
import dev.ploy.connection.ConnectionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SshSettingsTest {
  private static final ConnectionDefaults DEFAULTS =
      new ConnectionDefaults(
          Optional.of("cli-user"),
          Optional.of(Path.of("/keys/cli")),
          Optional.empty(),
          Optional.of("sudo-secret"),
          Duration.ofSeconds(10),
          HostKeyChecking.STRICT,
          Path.of("/nonexistent/config"),
          Path.of("/home/me/.ssh/known_hosts"));

  private static final SshConfig CONFIG =
      SshConfig.parse(
          """
          # global options come first
          ConnectTimeout 7

          Host web? !web9
            HostName %h.example.org
            User webadmin
            Port 2222
            IdentityFile ~/.ssh/web_key
            IdentityFile /keys/second

          Host db*
            User=dbadmin
            ProxyJump bastion
            StrictHostKeyChecking accept-new
            UserKnownHostsFile /tmp/db_known_hosts

          Host bastion
            HostName bastion.example.org
            User jumper
            Port 2022

          Match host web1
            User never

          Host *
            User fallback
            Port 2200
          """);

  private static SshSettings resolve(String host, Map<String, Object> vars)
      throws ConnectionException {
    return SshSettings.resolve(host, vars, DEFAULTS, CONFIG);
  }

  @Test
  void sshConfigFillsWhatHostVariablesLeaveOpen() throws Exception {
    SshSettings settings = resolve("web1", Map.of());
    assertThat(settings.target())
        .isEqualTo(new SshSettings.Endpoint("webadmin", "web1.example.org", 2222));
    assertThat(settings.identities())
        .containsExactly(
            Path.of(System.getProperty("user.home"), ".ssh/web_key"), Path.of("/keys/second"));
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(settings.becomePassword()).contains("sudo-secret");
  }

  @Test
  void hostVariablesWinOverSshConfig() throws Exception {
    Map<String, Object> vars = new HashMap<>();
    vars.put("ansible_port", 2201);
    vars.put("ansible_user", "root");
    vars.put("ansible_ssh_private_key_file", "/keys/mine");
    vars.put("ansible_ssh_timeout", "3");
    SshSettings settings = resolve("web1", vars);
    assertThat(settings.target())
        .isEqualTo(new SshSettings.Endpoint("root", "web1.example.org", 2201));
    assertThat(settings.identities()).containsExactly(Path.of("/keys/mine"));
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void configPatternsMatchAnsibleHostAndHonourNegation() throws Exception {
    assertThat(resolve("anything", Map.of("ansible_host", "web2")).target().hostname())
        .isEqualTo("web2.example.org");
    SshSettings excluded = resolve("web9", Map.of());
    assertThat(excluded.target()).isEqualTo(new SshSettings.Endpoint("fallback", "web9", 2200));
  }

  @Test
  void defaultsComeAfterSshConfig() throws Exception {
    SshSettings settings = SshSettings.resolve("plain", Map.of(), DEFAULTS, SshConfig.empty());
    assertThat(settings.target()).isEqualTo(new SshSettings.Endpoint("cli-user", "plain", 22));
    assertThat(settings.identities()).containsExactly(Path.of("/keys/cli"));
    assertThat(settings.hostKeyChecking()).isEqualTo(HostKeyChecking.STRICT);
    assertThat(settings.knownHosts()).isEqualTo(Path.of("/home/me/.ssh/known_hosts"));
    assertThat(settings.jumps()).isEmpty();
  }

  @Test
  void proxyJumpFromConfigIsCompletedFromTheJumpHostsOwnBlock() throws Exception {
    SshSettings settings = resolve("db1", Map.of());
    assertThat(settings.hostKeyChecking()).isEqualTo(HostKeyChecking.ACCEPT_NEW);
    assertThat(settings.knownHosts()).isEqualTo(Path.of("/tmp/db_known_hosts"));
    assertThat(settings.jumps())
        .extracting(SshSettings.Jump::endpoint)
        .containsExactly(new SshSettings.Endpoint("jumper", "bastion.example.org", 2022));
  }

  @Test
  void sshArgumentsAreRead() throws Exception {
    Map<String, Object> vars = new HashMap<>();
    vars.put(
        "ansible_ssh_common_args",
        "-o StrictHostKeyChecking=no -o 'UserKnownHostsFile /dev/null' -C");
    vars.put("ansible_ssh_extra_args", "-J ops@jump1:2201,[::1]:22 -oConnectTimeout=4");
    SshSettings settings = SshSettings.resolve("plain", vars, DEFAULTS, SshConfig.empty());
    assertThat(settings.hostKeyChecking()).isEqualTo(HostKeyChecking.OFF);
    assertThat(settings.knownHosts()).isEqualTo(Path.of("/dev/null"));
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.jumps())
        .extracting(SshSettings.Jump::endpoint)
        .containsExactly(
            new SshSettings.Endpoint("ops", "jump1", 2201),
            new SshSettings.Endpoint("cli-user", "::1", 22));
  }

  @Test
  void proxyJumpOptionAndAcceptNew() throws Exception {
    Map<String, Object> vars =
        Map.of(
            "ansible_ssh_common_args",
            "-o ProxyJump=root@127.0.0.1:2201 -o StrictHostKeyChecking=accept-new");
    SshSettings settings = SshSettings.resolve("plain", vars, DEFAULTS, SshConfig.empty());
    assertThat(settings.hostKeyChecking()).isEqualTo(HostKeyChecking.ACCEPT_NEW);
    assertThat(settings.jumps().get(0).endpoint())
        .isEqualTo(new SshSettings.Endpoint("root", "127.0.0.1", 2201));
  }

  @Test
  void passwordsComeFromEitherVariableAndNeverShow() throws Exception {
    assertThat(resolve("x", Map.of("ansible_password", "a")).password()).contains("a");
    assertThat(resolve("x", Map.of("ansible_ssh_pass", "b")).password()).contains("b");
    assertThat(resolve("x", Map.of()).password()).isEmpty();
    assertThat(resolve("x", Map.of("ansible_password", "s3cret")).toString())
        .doesNotContain("s3cret");
  }

  @Test
  void badValuesAreReportedWithTheHost() {
    assertThatThrownBy(() -> resolve("x", Map.of("ansible_port", "ssh")))
        .isInstanceOf(ConnectionException.class)
        .hasMessage("x: 'ssh' is not a TCP port");
    assertThatThrownBy(
            () -> resolve("x", Map.of("ansible_ssh_common_args", "-o StrictHostKeyChecking=maybe")))
        .hasMessageContaining("StrictHostKeyChecking must be yes, accept-new or no");
  }

  @Test
  void globs() {
    assertThat(SshConfig.glob("web-?.example.*", "web-1.example.org")).isTrue();
    assertThat(SshConfig.glob("web-?.example.*", "web-10.example.org")).isFalse();
    assertThat(SshConfig.matches(List.of("*", "!10.*"), "10.0.0.1")).isFalse();
  }

  @Test
  void argumentWordsFollowShellQuoting() {
    assertThat(SshOptions.splitWords("-o 'A B' \"C \\\"D\\\"\" E\\ F"))
        .containsExactly("-o", "A B", "C \"D\"", "E F");
  }
}
