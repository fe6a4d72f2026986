package dev.ploy.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * The ploy command run in this JVM as a user runs it: its exit code, and everything it printed (the
 * command's own streams and picocli's, which subcommands and usage errors write to).
 */
record PloyRun(int code, String out, String err) {
  static PloyRun of(String... args) {
    return of(Map.of("NO_COLOR", "1"), args);
  }

  /**
   * ploy run over the local connection, its inventory these comma-separated host names (all this
   * machine), then {@code args}: options and the playbook.
   */
  static PloyRun local(String hosts, String... args) {
    return of(
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of("-i", hosts + ",", "-c", "local"),
                java.util.Arrays.stream(args))
            .toArray(String[]::new));
  }

  static PloyRun of(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PloyCommand command =
        new PloyCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment);
    CommandLine line = Main.commandLine(command, args);
    StringWriter picoOut = new StringWriter();
    StringWriter picoErr = new StringWriter();
    line.setOut(new PrintWriter(picoOut, true));
    line.setErr(new PrintWriter(picoErr, true));
    int code = line.execute(args);
    return new PloyRun(
        code,
        out.toString(StandardCharsets.UTF_8) + picoOut,
        err.toString(StandardCharsets.UTF_8) + picoErr);
  }
}
