package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ploy run as a user runs it: a JVM of its own (this test's classpath, {@link Main}), in a session
 * and process group of its own (setsid), so a test can send it signals as a terminal would: to the
 * java process alone, or to its whole process group.
 */
final class PloyProcess implements AutoCloseable {
  private final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread reader;

  private PloyProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "ploy-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code ploy ARGS} in {@code dir}, without colours. */
  static PloyProcess start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    // SIGINT as a terminal leaves it: a suite started in the background inherits SIGINT ignored,
    // and a JVM started with SIGINT ignored never sees Ctrl-C (env and setsid exec in place)
    command.add("env");
    command.add("--default-signal=INT");
    command.add("setsid");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().put("NO_COLOR", "1");
    return new PloyProcess(builder.start());
  }

  private void read() {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        synchronized (output) {
          output.write(buffer, 0, read);
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** Sends the signal (INT, TERM) to the java process, or to its whole process group. */
  void signal(String name, boolean wholeGroup) throws Exception {
    // setsid execs java in place (a child of this JVM leads no group): the pid is the group's
    String target = (wholeGroup ? "-" : "") + process.pid();
    Process kill = new ProcessBuilder("kill", "-" + name, "--", target).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + name + " " + target + " failed");
    }
  }

  /**
   * Waits for ploy to exit; its exit code, or null when it is still running after {@code limit}.
   */
  Integer exitWithin(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      return null;
    }
    reader.join(5_000);
    return process.exitValue();
  }

  /**
   * Sends the signal and waits for ploy to end as interrupted (exit code 99, within 20 seconds);
   * its output.
   */
  String interrupt(String name, boolean wholeGroup) throws Exception {
    signal(name, wholeGroup);
    Integer code = exitWithin(Duration.ofSeconds(20));
    String output = output();
    assertThat(code).as(output).isEqualTo(ExitCodes.INTERRUPTED);
    return output;
  }

  /** Waits (up to a minute) until a process that ploy started runs with these arguments. */
  void awaitCommand(String arguments) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (handle().descendants().noneMatch(p -> arguments(p).equals(arguments))) {
      assertThat(System.nanoTime()).as(output()).isLessThan(until);
      Thread.sleep(100);
    }
  }

  private static String arguments(ProcessHandle process) {
    return String.join(" ", process.info().arguments().orElse(new String[0]));
  }

  /** The java process (setsid execs it in place). */
  ProcessHandle handle() {
    return process.toHandle();
  }

  String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
