package dev.ploy.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionDefaults;
import dev.ploy.connection.ConnectionDefaults.HostKeyChecking;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ConnectionFactory;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.Testbed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSH connection against real Debian targets (see testbed/testbed). */
class SshConnectionTest {
  private static Testbed testbed;
  private static ConnectionFactory factory;
  @TempDir Path temp;

  @BeforeAll
  static void start() {
    testbed = Testbed.get();
    factory = new ConnectionFactory(defaults(Path.of("/nonexistent/known_hosts")));
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.close();
    }
  }

  private static ConnectionDefaults defaults(Path knownHosts) {
    return new ConnectionDefaults(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(10),
        HostKeyChecking.STRICT,
        Path.of("/nonexistent/ssh_config"),
        knownHosts);
  }

  private static Connection root(int host) throws ConnectionException {
    return factory.open(testbed.host(host).name(), testbed.vars(testbed.host(host), "root"));
  }

  private static SshConnection open(Map<String, Object> vars, ConnectionDefaults defaults)
      throws ConnectionException {
    return SshConnection.open(SshSettings.resolve("h1", vars, defaults, SshConfig.empty()));
  }

  @Test
  void execReportsOutputErrorsAndExitCode() throws Exception {
    ExecResult result = root(1).exec(Command.of("echo out; echo err >&2; hostname >&2; exit 3"));
    assertThat(result.rc()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderrLines()).containsExactly("err", "h1");
  }

  @Test
  void commandsShareOneShellButNoState() throws Exception {
    SshConnection connection =
        open(testbed.vars(testbed.host(1), "root"), defaults(temp.resolve("kh")));
    try (connection) {
      connection.exec(Command.of("cd /tmp; export PLOY_LEAK=1; ploy_var=2; umask 077; exec 3>&-"));
      assertThat(connection.shellOpen()).isTrue();
      ExecResult next =
          connection.exec(Command.of("pwd; echo \"${PLOY_LEAK:-none} ${ploy_var:-none}\"; umask"));
      assertThat(next.stdout()).isEqualTo("/root\nnone none\n0022\n");
    }
  }

  @Test
  void outputArrivesExactlyWhateverItHolds() throws Exception {
    Connection connection = root(1);
    ExecResult partial =
        connection.exec(Command.of("printf 'no newline'; printf '\\nploy-0 0\\n\\n' >&2"));
    assertThat(partial.stdout()).isEqualTo("no newline");
    assertThat(partial.stderr()).isEqualTo("\nploy-0 0\n\n");
    ExecResult big = connection.exec(Command.of("head -c 3000000 /dev/zero | tr '\\0' x"));
    assertThat(big.stdout()).hasSize(3_000_000).matches("x+");
    assertThat(connection.exec(Command.of("exit 7")).rc()).isEqualTo(7);
    assertThat(connection.exec(Command.of("read line; echo \"[$line]\"")).stdout())
        .isEqualTo("[]\n");
    assertThat(connection.exec(Command.of("sleep 5 & echo started")).stdout())
        .isEqualTo("started\n");
    assertThat(connection.exec(Command.of("echo after")).stdout()).isEqualTo("after\n");
  }

  @Test
  void lateOutputOfABackgroundProcessDoesNotReachTheNextCommand() throws Exception {
    Connection connection = root(1);
    ExecResult started =
        connection.exec(Command.of("(sleep 1; echo late; echo late-err >&2) & echo started"));
    assertThat(started.stdout()).isEqualTo("started\n");
    Thread.sleep(2000);
    ExecResult next = connection.exec(Command.of("echo next"));
    assertThat(next.stdout()).isEqualTo("next\n");
    assertThat(next.stderr()).isEmpty();
  }

  @Test
  void standardInputReachesTheCommand() throws Exception {
    ExecResult result = root(1).exec(Command.of("tr a-z A-Z").withStdin("hello\nworld"));
    assertThat(result.stdout()).isEqualTo("HELLO\nWORLD");
  }

  @Test
  void environmentIsExported() throws Exception {
    ExecResult result =
        root(1)
            .exec(
                Command.of("printf %s \"$GREETING\"").withEnvironment(Map.of("GREETING", "a b'c")));
    assertThat(result.stdout()).isEqualTo("a b'c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$(touch /tmp/pwned)",
        "`touch /tmp/pwned`",
        "a'b\"c",
        "x; touch /tmp/pwned",
        "line1\nline2\n",
        "*",
        "\\'\"$HOME\"",
        "ünïcödé ✓",
        "-n"
      })
  void hostileArgumentsArriveByteForByte(String value) throws Exception {
    Connection connection = root(2);
    ExecResult result = connection.exec(Command.argv("printf", "%s", value));
    assertThat(result.rc()).isZero();
    assertThat(result.stdout()).isEqualTo(value);
    ExecResult viaBecome =
        connection.exec(
            Command.of("printf %s " + ShellQuote.quote(value))
                .withBecome(Optional.of(Become.sudo("root"))));
    assertThat(viaBecome.stdout()).isEqualTo(value);
    assertThat(connection.exec(Command.of("test -e /tmp/pwned")).rc()).isNotZero();
  }

  @Test
  void sudoBecomesRootForTheDeployUser() throws Exception {
    Connection deploy = factory.open("h1-deploy", testbed.vars(testbed.host(1), "deploy"));
    assertThat(deploy.exec(Command.of("id -un")).stdout()).isEqualTo("deploy\n");
    ExecResult become =
        deploy.exec(Command.of("id -un; echo $HOME").withBecome(Optional.of(Become.sudo("root"))));
    assertThat(become.rc()).isZero();
    assertThat(become.stdoutLines()).containsExactly("root", "/root");
  }

  @Test
  void largeFilesRoundTripOverSftpWithTheirMode() throws Exception {
    roundTrip(root(1), "/tmp/ploy-upload-sftp.bin");
  }

  @Test
  void largeFilesRoundTripThroughExecWhenSftpIsMissing() throws Exception {
    SshConnection connection =
        open(testbed.vars(testbed.host(3), "root"), defaults(temp.resolve("kh")));
    try (connection) {
      connection.disableSftp();
      roundTrip(connection, "/tmp/ploy-upload-exec.bin");
    }
  }

  private void roundTrip(Connection connection, String path) throws Exception {
    int size = 20 * 1024 * 1024;
    byte[] content = new byte[size];
    new Random(42).nextBytes(content);
    connection.upload(new ByteArrayInputStream(content), size, path, 0640);
    ExecResult check =
        connection.exec(Command.of("sha256sum " + path + " | cut -d' ' -f1; stat -c %a " + path));
    assertThat(check.stdoutLines())
        .containsExactly(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), "640");
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    connection.download(path, back);
    assertThat(back.size()).isEqualTo(size);
    assertThat(back.toByteArray()).isEqualTo(content);
    connection.exec(Command.argv("rm", "-f", path));
  }

  @Test
  void uploadRefusesContentShorterThanAnnounced() throws Exception {
    assertThatThrownBy(
            () ->
                root(1).upload(new ByteArrayInputStream(new byte[10]), 20, "/tmp/ploy-short", 0644))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("ended after 10 of 20 bytes");
  }

  @Test
  void downloadOfAMissingFileSaysWhich() {
    assertThatThrownBy(() -> root(1).download("/nonexistent/file", new ByteArrayOutputStream()))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("/nonexistent/file");
  }

  @Test
  void commandsRunConcurrentlyOnOneConnection() throws Exception {
    Connection connection = root(2);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      long start = System.nanoTime();
      List<Future<ExecResult>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String word = "run" + i;
        results.add(pool.submit(() -> connection.exec(Command.of("sleep 1; echo " + word))));
      }
      for (int i = 0; i < 16; i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo("run" + i + "\n");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void commandTimeoutEndsTheCommandAndKeepsTheConnection() throws Exception {
    Connection connection = root(3);
    assertThatThrownBy(
            () ->
                connection.exec(
                    Command.of("sleep 601 & sleep 602; wait").withTimeout(Duration.ofSeconds(1))))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("timed out after 1 s");
    assertThat(connection.exec(Command.of("echo still here")).stdout()).isEqualTo("still here\n");
    // the command and the process it started in the background are gone from the target
    assertThat(connection.exec(Command.of("pgrep -f 'sleep 60[12]' || echo none")).stdout())
        .isEqualTo("none\n");
  }

  @Test
  void interruptKillsTheCommandInTheShellWithItsChildrenAndLaterCommandsRun() throws Exception {
    interruptKills(Command.of("sleep 641 & sh -c 'sleep 642 & sleep 643'; wait"));
  }

  @Test
  void interruptKillsACommandInAChannelOfItsOwnWithItsChildren() throws Exception {
    interruptKills(
        Command.of("sleep 641 & sh -c 'sleep 642 & sleep 643'; wait")
            .withTimeout(Duration.ofSeconds(600)));
  }

  private void interruptKills(Command command) throws Exception {
    SshConnection connection =
        open(testbed.vars(testbed.host(3), "root"), defaults(temp.resolve("kh")));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (connection) {
      Future<ExecResult> running = pool.submit(() -> connection.exec(command));
      Connection observer = root(3);
      String count = "pgrep -f '^sleep 64[123]$' | wc -l";
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!observer.exec(Command.of(count)).stdout().strip().equals("3")) {
        assertThat(System.nanoTime()).as("the sleeps started").isLessThan(until);
        Thread.sleep(100);
      }
      long start = System.nanoTime();
      connection.interrupt();
      try {
        assertThat(running.get(5, java.util.concurrent.TimeUnit.SECONDS).ok()).isFalse();
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ConnectionException.class);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(observer.exec(Command.of(count)).stdout().strip()).isEqualTo("0");
      assertThat(connection.exec(Command.of("echo still here")).stdout()).isEqualTo("still here\n");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void interruptStopsAnUploadInProgress() throws Exception {
    SshConnection connection =
        open(testbed.vars(testbed.host(3), "root"), defaults(temp.resolve("kh")));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (connection) {
      java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
      java.io.InputStream endless =
          new java.io.InputStream() {
            @Override
            public int read() {
              return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
              sending.countDown();
              return length;
            }
          };
      Future<?> upload =
          pool.submit(
              () -> {
                connection.upload(endless, 1L << 40, "/tmp/ploy-endless", 0600);
                return null;
              });
      assertThat(sending.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300);
      connection.interrupt();
      assertThatThrownBy(() -> upload.get(60, java.util.concurrent.TimeUnit.SECONDS))
          .hasCauseInstanceOf(ConnectionException.class);
      connection.exec(Command.of("rm -f /tmp/ploy-endless"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDroppedTransportIsReconnectedOnce() throws Exception {
    SshConnection connection =
        open(testbed.vars(testbed.host(2), "root"), defaults(temp.resolve("kh")));
    try (connection) {
      assertThat(connection.exec(Command.of("echo one")).stdout()).isEqualTo("one\n");
      connection.breakTransport();
      assertThat(connection.exec(Command.of("echo two")).stdout()).isEqualTo("two\n");
    }
  }

  @Test
  void passwordAuthentication() throws Exception {
    Map<String, Object> vars = testbed.vars(testbed.host(1), "deploy");
    vars.remove("ansible_ssh_private_key_file");
    vars.put("ansible_password", "deploy");
    try (SshConnection connection = open(vars, defaults(temp.resolve("kh")))) {
      assertThat(connection.exec(Command.of("id -un")).stdout()).isEqualTo("deploy\n");
    }
  }

  @Test
  void authenticationFailureSaysWhatWasTried() {
    Map<String, Object> vars = testbed.vars(testbed.host(1), "deploy");
    vars.remove("ansible_ssh_private_key_file");
    vars.put("ansible_password", "wrong");
    assertThatThrownBy(() -> open(vars, defaults(temp.resolve("kh"))))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining(
            "authentication failed for deploy@127.0.0.1:" + testbed.host(1).sshPort())
        .hasMessageContaining("tried")
        .hasMessageContaining("password")
        .hasMessageContaining("the server accepts");
  }

  @Test
  void strictCheckingRefusesAnUnknownHost() throws Exception {
    Path knownHosts = temp.resolve("known_hosts");
    Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
    vars.remove("ansible_ssh_common_args");
    int port = testbed.host(1).sshPort();
    assertThatThrownBy(() -> open(vars, defaults(knownHosts)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("host key of [127.0.0.1]:" + port + " is not known")
        .hasMessageContaining(knownHosts.toString())
        .hasMessageContaining("ssh-keyscan -p " + port + " 127.0.0.1");
    assertThat(knownHosts).doesNotExist();
  }

  @Test
  void acceptNewRecordsTheKeyThenStrictAcceptsIt() throws Exception {
    Path knownHosts = temp.resolve("known_hosts");
    Map<String, Object> vars = testbed.vars(testbed.host(2), "root");
    vars.put("ansible_ssh_common_args", "-o StrictHostKeyChecking=accept-new");
    int port = testbed.host(2).sshPort();
    try (SshConnection first = open(vars, defaults(knownHosts))) {
      assertThat(first.exec(Command.of("hostname")).stdout()).isEqualTo("h2\n");
    }
    assertThat(Files.readAllLines(knownHosts))
        .singleElement()
        .asString()
        .startsWith("[127.0.0.1]:" + port + " ssh-");
    vars.remove("ansible_ssh_common_args");
    try (SshConnection second = open(vars, defaults(knownHosts))) {
      assertThat(second.exec(Command.of("hostname")).stdout()).isEqualTo("h2\n");
    }
    assertThat(Files.readAllLines(knownHosts)).hasSize(1);
  }

  @Test
  void hashedKnownHostsEntriesAreHonoured() throws Exception {
    int port = testbed.host(3).sshPort();
    String hostKey =
        root(3).exec(Command.of("cat /etc/ssh/ssh_host_ed25519_key.pub")).stdout().strip();
    String[] parts = hostKey.split(" ");
    byte[] salt = new byte[20];
    new Random(7).nextBytes(salt);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    byte[] hash = mac.doFinal(("[127.0.0.1]:" + port).getBytes(StandardCharsets.UTF_8));
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    Path knownHosts = temp.resolve("known_hosts");
    Files.writeString(
        knownHosts,
        "|1|"
            + b64.encodeToString(salt)
            + "|"
            + b64.encodeToString(hash)
            + " "
            + parts[0]
            + " "
            + parts[1]
            + "\n");
    Map<String, Object> vars = testbed.vars(testbed.host(3), "root");
    vars.remove("ansible_ssh_common_args");
    try (SshConnection connection = open(vars, defaults(knownHosts))) {
      assertThat(connection.exec(Command.of("hostname")).stdout()).isEqualTo("h3\n");
    }
  }

  @Test
  void aChangedHostKeyIsRefusedNamingTheFileAndLine() throws Exception {
    int port = testbed.host(1).sshPort();
    // the testbed's login key is an ed25519 key too, and certainly not h1's host key
    String otherKey = Files.readString(Path.of(testbed.key() + ".pub")).strip();
    Path knownHosts = temp.resolve("known_hosts");
    Files.writeString(
        knownHosts,
        "# comment\nexample.org " + otherKey + "\n[127.0.0.1]:" + port + " " + otherKey + "\n");
    Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
    vars.put("ansible_ssh_common_args", "-o StrictHostKeyChecking=accept-new");
    assertThatThrownBy(() -> open(vars, defaults(knownHosts)))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("HOST KEY CHANGED for [127.0.0.1]:" + port)
        .hasMessageContaining(knownHosts + " line 3")
        .hasMessageContaining("ssh-keygen -R '[127.0.0.1]:" + port + "' -f " + knownHosts);
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
    vars.put("ansible_port", port);
    assertThatThrownBy(() -> factory.open("closed", vars))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("closed: connection refused by 127.0.0.1:" + port);
  }

  @Test
  void aSilentServerTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread accepter =
          new Thread(
              () -> {
                try (Socket ignored = silent.accept()) {
                  Thread.sleep(10_000);
                } catch (IOException | InterruptedException e) {
                  // test over
                }
              });
      accepter.setDaemon(true);
      accepter.start();
      Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
      vars.put("ansible_port", silent.getLocalPort());
      vars.put("ansible_ssh_timeout", 1);
      assertThatThrownBy(() -> open(vars, defaults(temp.resolve("kh"))))
          .isInstanceOf(ConnectionException.class)
          .hasMessageContaining("sent no SSH handshake within 1 s");
      accepter.interrupt();
    }
  }

  @Test
  void anUnknownNameIsADnsFailure() {
    Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
    vars.put("ansible_host", "no-such-host.invalid");
    assertThatThrownBy(() -> open(vars, defaults(temp.resolve("kh"))))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("cannot resolve host name 'no-such-host.invalid'");
  }

  @Test
  void proxyJumpReachesTheTargetThroughABastion() throws Exception {
    int h1 = testbed.host(1).sshPort();
    Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
    // h1 is both the bastion and, as its own localhost:22, the target
    vars.put("ansible_port", 22);
    vars.put(
        "ansible_ssh_common_args",
        "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -J root@127.0.0.1:" + h1);
    Connection viaJump = factory.open("h1-via-jump", vars);
    ExecResult result = viaJump.exec(Command.of("hostname; echo $SSH_CONNECTION"));
    assertThat(result.stdoutLines()).hasSize(2);
    assertThat(result.stdoutLines().get(0)).isEqualTo("h1");
    // seen from sshd, the client is h1 itself and the server port is 22: the jump was taken
    assertThat(result.stdoutLines().get(1))
        .matches("(127\\.0\\.0\\.1|::1) \\d+ (127\\.0\\.0\\.1|::1) 22");
    byte[] content = "through the jump\n".getBytes(StandardCharsets.UTF_8);
    viaJump.upload(new ByteArrayInputStream(content), content.length, "/tmp/ploy-jump", 0600);
    assertThat(viaJump.exec(Command.of("cat /tmp/ploy-jump")).stdout())
        .isEqualTo("through the jump\n");
  }

  @Test
  void aJumpHostThatRefusesIsNamed() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Map<String, Object> vars = testbed.vars(testbed.host(1), "root");
    vars.put("ansible_ssh_common_args", "-o StrictHostKeyChecking=no -J root@127.0.0.1:" + port);
    assertThatThrownBy(() -> open(vars, defaults(temp.resolve("kh"))))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("jump host root@127.0.0.1:" + port)
        .hasMessageContaining("connection refused");
  }

  @Test
  void theFactoryOpensEachHostOnceAndShares() throws Exception {
    try (ConnectionFactory own = new ConnectionFactory(defaults(temp.resolve("kh")))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Connection>> opened = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          opened.add(pool.submit(() -> own.open("h3", testbed.vars(testbed.host(3), "root"))));
        }
        Connection first = opened.get(0).get();
        for (Future<Connection> each : opened) {
          assertThat(each.get()).isSameAs(first);
        }
        assertThat(first.exec(Command.of("hostname")).stdout()).isEqualTo("h3\n");
        own.close();
        assertThatThrownBy(() -> first.exec(Command.of("true")))
            .isInstanceOf(ConnectionException.class)
            .hasMessageContaining("closed");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void localConnectionsNeedNoSsh() throws Exception {
    Connection local = factory.open("localhost", Map.of("ansible_connection", "local"));
    assertThat(local).isSameAs(factory.open("localhost", Map.of("ansible_connection", "local")));
    assertThat(local.exec(Command.of("echo here")).stdout()).isEqualTo("here\n");
  }

  @Test
  void unsupportedConnectionPluginsAreNamed() {
    assertThatThrownBy(() -> factory.open("w", Map.of("ansible_connection", "winrm")))
        .isInstanceOf(ConnectionException.class)
        .hasMessageContaining("ansible_connection=winrm is not supported");
  }
}
