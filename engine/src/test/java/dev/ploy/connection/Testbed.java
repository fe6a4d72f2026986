package dev.ploy.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Debian targets for tests: runs {@code testbed/testbed up 3} once per test JVM and tells
 * where the hosts listen (always 127.0.0.1) and which key logs in.
 *
 * <p>When docker cannot be made available the tests that need it are skipped, loudly; with {@code
 * CI=true} they fail instead, so that CI never passes without having run them.
 */
public final class Testbed {
  /** How many hosts the tests use. */
  public static final int HOSTS = 3;

  /** One target: its name in the inventory and its ports published on 127.0.0.1. */
  public record Host(String name, int sshPort, int httpPort) {}

  private static Testbed instance;
  private static String failure;

  private final Path root;
  private final Path key;
  private final List<Host> hosts;

  private Testbed(Path root, Path key, List<Host> hosts) {
    this.root = root;
    this.key = key;
    this.hosts = hosts;
  }

  /** The testbed, brought up on first use; skips (or, on CI, fails) the test without docker. */
  public static synchronized Testbed get() {
    if (instance == null && failure == null) {
      try {
        instance = start();
      } catch (IOException | RuntimeException e) {
        failure = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted while starting the testbed";
      }
      if (failure != null) {
        System.err.println();
        System.err.println("*".repeat(78));
        System.err.println(
            "*  TESTBED UNAVAILABLE: tests against real SSH targets are "
                + ("true".equals(System.getenv("CI")) ? "FAILING" : "SKIPPED"));
        for (String line : failure.split("\n")) {
          System.err.println("*  " + line);
        }
        System.err.println("*  Run testbed/testbed up 3 as root (it installs and starts docker).");
        System.err.println("*".repeat(78));
        System.err.println();
      }
    }
    if (failure != null) {
      String message = "testbed unavailable: " + failure;
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return instance;
  }

  private static Testbed start() throws IOException, InterruptedException {
    Path root = repositoryRoot();
    Path script = root.resolve("testbed/testbed");
    Path log = Files.createTempFile("ploy-testbed", ".log");
    Process process =
        new ProcessBuilder("bash", script.toString(), "up", String.valueOf(HOSTS))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("testbed/testbed up did not finish within 20 minutes");
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "testbed/testbed up "
              + HOSTS
              + " failed (exit "
              + process.exitValue()
              + "):\n"
              + output.strip());
    }
    Path state = root.resolve("testbed/.state");
    List<Host> hosts = new ArrayList<>();
    for (String line : Files.readAllLines(state.resolve("hosts"), StandardCharsets.UTF_8)) {
      String[] words = line.strip().split("\\s+");
      if (words.length >= 3) {
        hosts.add(new Host(words[0], Integer.parseInt(words[1]), Integer.parseInt(words[2])));
      }
    }
    return new Testbed(root, state.resolve("id_ed25519"), List.copyOf(hosts));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path at = dir; at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("testbed/testbed"))) {
        return at;
      }
    }
    throw new IllegalStateException("no testbed/testbed above " + dir);
  }

  public Path root() {
    return root;
  }

  /** The private key that logs in as root and as deploy on every host. */
  public Path key() {
    return key;
  }

  public List<Host> hosts() {
    return hosts;
  }

  /** Host 1, 2, ... as numbered in the inventory. */
  public Host host(int number) {
    return hosts.get(number - 1);
  }

  /**
   * Host variables that reach {@code host} as {@code user} with the testbed key and no host key
   * checking, like the testbed inventory.
   */
  public Map<String, Object> vars(Host host, String user) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("ansible_host", "127.0.0.1");
    vars.put("ansible_port", host.sshPort());
    vars.put("ansible_user", user);
    vars.put("ansible_ssh_private_key_file", key.toString());
    vars.put(
        "ansible_ssh_common_args", "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null");
    return vars;
  }
}
