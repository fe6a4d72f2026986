package dev.ploy.modules.ssh;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.HostStats;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a playbook against testbed hosts in a JVM of its own, for what a test cannot change in its
 * own JVM: environment variables (PLOY_SSH_KEY_PASSPHRASE) and the heap limit (-Xmx).
 *
 * <p>The child prints the console, one {@code RECAP} line per host, the heap pools' peak use and
 * {@code EXIT=<the run's exit code>}.
 */
final class SeparateJvm {
  private static final String PLAYBOOK = "separate-jvm-playbook.yml";

  private SeparateJvm() {}

  /** What the child printed and how it ended (its process exit code, not the run's). */
  record Outcome(int processExit, String output) {
    /** The run's exit code, as RunOutcome.exitCode() gave it in the child. */
    int runExit() {
      for (String line : output.split("\n")) {
        if (line.startsWith("EXIT=")) {
          return Integer.parseInt(line.substring(5).strip());
        }
      }
      throw new AssertionError("the child JVM did not finish the run:\n" + output);
    }

    /** The heap pools' peak use in bytes, summed (an upper bound of the peak heap use). */
    long peakHeap() {
      for (String line : output.split("\n")) {
        if (line.startsWith("PEAK_HEAP=")) {
          return Long.parseLong(line.substring(10).strip());
        }
      }
      throw new AssertionError("the child JVM did not report its heap:\n" + output);
    }
  }

  static Outcome run(
      Path dir,
      List<TargetHost> hosts,
      String playbook,
      Map<String, String> environment,
      List<String> jvmOptions)
      throws Exception {
    ProcessBuilder builder =
        builder(dir, hosts, playbook, environment, jvmOptions).redirectErrorStream(true);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish within 10 minutes");
    }
    return new Outcome(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Starts the run and returns at once, its output going to child.log in {@code dir}. */
  static Process start(Path dir, List<TargetHost> hosts, String playbook) throws Exception {
    return builder(dir, hosts, playbook, Map.of(), List.of())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  private static ProcessBuilder builder(
      Path dir,
      List<TargetHost> hosts,
      String playbook,
      Map<String, String> environment,
      List<String> jvmOptions)
      throws Exception {
    Files.writeString(dir.resolve(PLAYBOOK), playbook);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SeparateJvm.class.getName());
    command.add(dir.toString());
    for (TargetHost host : hosts) {
      command.add(
          host.name()
              + File.pathSeparator
              + host.sshPort()
              + File.pathSeparator
              + host.httpPort()
              + File.pathSeparator
              + host.key());
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("PLOY_SSH_KEY_PASSPHRASE");
    builder.environment().putAll(environment);
    return builder;
  }

  /** args: the run's directory, then NAME:SSH_PORT:HTTP_PORT:KEY per host. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<TargetHost> hosts = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] f = args[i].split(File.pathSeparator, 4);
      hosts.add(
          new TargetHost(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Path.of(f[3])));
    }
    TestbedRun.Result result =
        TestbedRun.in(dir, hosts).run(Files.readString(dir.resolve(PLAYBOOK)));
    System.out.println(result.console());
    for (Map.Entry<String, HostStats> e : result.outcome().stats().entrySet()) {
      HostStats s = e.getValue();
      System.out.println(
          "RECAP "
              + e.getKey()
              + " ok="
              + s.ok()
              + " changed="
              + s.changed()
              + " unreachable="
              + s.unreachable()
              + " failed="
              + s.failed());
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("PEAK_HEAP=" + peak);
    System.out.println("EXIT=" + result.exitCode());
    System.out.flush();
    // connections' daemon threads must not keep the JVM alive
    System.exit(0);
  }
}
