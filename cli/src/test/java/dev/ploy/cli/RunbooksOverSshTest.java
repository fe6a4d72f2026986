package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runbooks of ../shared/seeds end to end, as {@code testbed/runbook NNN} proves them: fresh
 * hosts, the runbook's playbooks run, run again and run with --check without a change, and the site
 * answers a visitor. ploy is this build's, run as a user runs it (a JVM of its own); the hosts are
 * named after TESTBED_FRESH_PREFIX, so checkouts testing side by side do not collide.
 */
class RunbooksOverSshTest {
  private static final Path ROOT = root();
  private static final String PREFIX =
      System.getenv().getOrDefault("TESTBED_FRESH_PREFIX", "ploy-t-") + "rb-";

  @TempDir static Path dir;
  private static Path ploy;

  private static Path root() {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("testbed/runbook"))) {
      root = root.getParent();
    }
    return root;
  }

  @BeforeAll
  static void ploy() throws Exception {
    if (run(List.of("docker", "info"), 60).exitCode() != 0) {
      String message = "\n*** docker is not available: the runbooks did NOT run. ***\n";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      System.err.println(message);
      Assumptions.abort(message);
    }
    ploy = dir.resolve("ploy");
    Files.writeString(
        ploy,
        "#!/bin/sh\nexec "
            + ShellQuote.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())
            + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "
            + ShellQuote.quote(System.getProperty("java.class.path"))
            + " "
            + Main.class.getName()
            + " \"$@\"\n");
    Files.setPosixFilePermissions(ploy, PosixFilePermissions.fromString("rwx------"));
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, long minutes) throws Exception {
    Path log = Files.createTempFile(dir == null ? null : dir, "runbook", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("TESTBED_RUNBOOK_PREFIX", PREFIX);
    if (ploy != null) {
      builder.environment().put("PLOY", ploy.toString());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    }
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      return new Result(-1, Files.readString(log) + "\n(still running after " + minutes + " min)");
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  /**
   * Runbook 004, the course: also ploy adhoc course -m ping and a --check run through the course's
   * own INI inventory (testbed/runbooks/004/runbook.sh).
   */
  @Test
  void theCourseConvergesAndBothApplicationsAnswerOnHttps() throws Exception {
    theRunbookConvergesAndTheSiteAnswers("004");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000", "001", "002", "003"})
  void theRunbookConvergesAndTheSiteAnswers(String runbook) throws Exception {
    try {
      Result result = run(List.of(ROOT.resolve("testbed/runbook").toString(), runbook), 40);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("runbook " + runbook + " passed");
    } finally {
      run(List.of(ROOT.resolve("testbed/runbook").toString(), "down"), 5);
    }
  }
}
