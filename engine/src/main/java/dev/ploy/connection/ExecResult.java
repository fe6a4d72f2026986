package dev.ploy.connection;

import java.util.Arrays;
import java.util.List;

/** What a command printed and how it exited. */
public record ExecResult(int rc, String stdout, String stderr) {

  public boolean ok() {
    return rc == 0;
  }

  public List<String> stdoutLines() {
    return lines(stdout);
  }

  public List<String> stderrLines() {
    return lines(stderr);
  }

  private static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return Arrays.asList(trimmed.split("\n", -1));
  }
}
