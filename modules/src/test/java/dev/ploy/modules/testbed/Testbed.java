package dev.ploy.modules.testbed;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Debian targets for module tests: containers with systemd and sshd, reached over SSH on
 * 127.0.0.1 ports, made by the project's {@code testbed/testbed} script. Each test class asks for
 * fresh hosts by name, so check mode can be tried on a host nothing has touched.
 *
 * <p>Without Docker a developer's run skips these tests loudly; with {@code CI=true} they fail.
 */
public final class Testbed {
  private static final Path ROOT = findRoot();

  /**
   * Hosts made by this JVM: a test class's hosts are removed when the next class asks for its own.
   */
  private static final List<String> MADE = new ArrayList<>();

  /** Names of fresh hosts' containers: TESTBED_FRESH_PREFIX, as the testbed script reads it. */
  private static final String FRESH_PREFIX =
      System.getenv().getOrDefault("TESTBED_FRESH_PREFIX", "ploy-t-");

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Testbed::removeAll));
  }

  private Testbed() {}

  private static synchronized void removeAll() {
    remove(List.copyOf(MADE));
  }

  private static void remove(List<String> names) {
    if (names.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("docker", "rm", "-f"));
    names.forEach(name -> command.add(FRESH_PREFIX + name));
    try {
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // docker is gone: nothing left to remove
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    MADE.removeAll(names);
  }

  /** Recreates the named hosts from the clean image and returns them once SSH answers. */
  public static synchronized List<TargetHost> fresh(String... names) {
    return fresh(Map.of(), names);
  }

  /**
   * A fresh host that comes back when it reboots: docker restarts its container (the restart
   * policy) when systemd ends it, and its SSH port is fixed, so it stays the same.
   */
  public static synchronized TargetHost rebootable(String name) {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1: " + e.getMessage(), e);
    }
    return fresh(
            Map.of(
                "TESTBED_SSH_PORT",
                String.valueOf(port),
                "TESTBED_EXTRA_ARGS",
                "--restart=unless-stopped"),
            name)
        .get(0);
  }

  /**
   * A fresh host that runs docker inside (dockerd needs NET_ADMIN for its bridge and port
   * publishing), with docker.io, docker-compose and busybox-static installed: images are built from
   * busybox, so no registry is needed.
   */
  public static synchronized TargetHost withDocker(String name) {
    return withDocker(new String[] {name}).get(0);
  }

  /** Several fresh docker hosts at once (a side-by-side test's ploy and ansible hosts). */
  public static synchronized List<TargetHost> withDocker(String... names) {
    List<TargetHost> hosts = fresh(Map.of("TESTBED_EXTRA_ARGS", "--cap-add NET_ADMIN"), names);
    for (TargetHost host : hosts) {
      host.aptInstall("docker.io", "docker-compose", "busybox-static");
      host.out("systemctl is-active docker || systemctl start docker");
    }
    return hosts;
  }

  /**
   * Fresh hosts that may change their firewall (NET_ADMIN: iptables, ufw), with these Debian
   * packages installed.
   */
  public static synchronized List<TargetHost> withNetAdmin(List<String> packages, String... names) {
    List<TargetHost> hosts = fresh(Map.of("TESTBED_EXTRA_ARGS", "--cap-add NET_ADMIN"), names);
    if (!packages.isEmpty()) {
      hosts.parallelStream().forEach(host -> host.aptInstall(packages.toArray(String[]::new)));
    }
    return hosts;
  }

  private static List<TargetHost> fresh(Map<String, String> environment, String... names) {
    // keep the machine light: earlier classes' hosts are no longer needed
    remove(MADE.stream().filter(name -> !List.of(names).contains(name)).toList());
    for (String name : names) {
      if (!MADE.contains(name)) {
        MADE.add(name);
      }
    }
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("testbed/testbed").toString(), "fresh"));
    command.addAll(List.of(names));
    String output = run(command, environment);
    List<TargetHost> hosts = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && List.of(names).contains(f[0])) {
        hosts.add(
            new TargetHost(
                f[0],
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                ROOT.resolve("testbed/.state/id_ed25519")));
      }
    }
    if (hosts.size() != names.length) {
      fail("testbed fresh did not report every host:\n" + output);
    }
    return hosts;
  }

  public static TargetHost fresh(String name) {
    return fresh(new String[] {name}).get(0);
  }

  /** The docker container behind a testbed host. */
  public static String container(TargetHost host) {
    return FRESH_PREFIX + host.name();
  }

  /**
   * Stops the host's container, as a machine that crashed or was switched off: its SSH port stops
   * answering and every open connection to it drops. Fresh hosts are recreated by {@link #fresh}.
   */
  public static void stop(TargetHost host) {
    docker("stop", "-t", "1", container(host));
  }

  /**
   * Freezes every process of the host (docker pause): connections stay open but nothing answers.
   */
  public static void pause(TargetHost host) {
    docker("pause", container(host));
  }

  public static void unpause(TargetHost host) {
    docker("unpause", container(host));
  }

  /**
   * Runs a shell script inside the host's container with docker exec, not over SSH: it works while
   * SSH is broken, and may break it.
   */
  public static String exec(TargetHost host, String script) {
    return docker("exec", container(host), "/bin/sh", "-c", script);
  }

  /** Runs docker with {@code args}; returns its output, or fails the test when docker fails. */
  public static String docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within 120 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        fail(String.join(" ", command) + " failed (" + process.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run docker: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> command, Map<String, String> environment) {
    try {
      Path log = Files.createTempFile("testbed", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(ROOT.toFile()).redirectError(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
        unavailable(Files.readString(log));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      unavailable(e.getMessage());
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void unavailable(String why) {
    String message =
        "\n*** The testbed (Docker targets) is not available: these module tests did NOT run. ***\n"
            + why.strip()
            + "\nInstall docker.io and debootstrap and run as root, or run .ci/run.\n";
    if ("true".equals(System.getenv("CI"))) {
      fail(message);
    }
    System.err.println(message);
    Assumptions.abort(message);
  }

  static Path root() {
    return ROOT;
  }

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("testbed/testbed"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the project root (testbed/testbed)");
    }
    return dir;
  }
}
