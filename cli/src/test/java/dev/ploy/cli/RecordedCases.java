package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Cases whose output Ansible recorded (a directory each, with {@code ansible.out} and {@code
 * ansible.rc}), and what is set aside when ploy's output is compared with it.
 */
final class RecordedCases {
  private static final Pattern TIME =
      Pattern.compile("\"(start|end)\": \"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+\"");
  private static final Pattern DELTA = Pattern.compile("\"delta\": \"\\d+:\\d\\d:\\d\\d\\.\\d+\"");

  private RecordedCases() {}

  /** One test per case directory of the corpus (a test resource folder), in name order. */
  static Stream<DynamicTest> each(String corpus, ThrowingConsumer<Path> check)
      throws IOException, URISyntaxException {
    Path root = Path.of(RecordedCases.class.getResource(corpus).toURI());
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(root)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(cases).isNotEmpty();
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check.accept(dir)));
  }

  /** What Ansible printed for the case. */
  static String expectedOutput(Path dir) throws IOException {
    return Files.readString(dir.resolve("ansible.out"), StandardCharsets.UTF_8);
  }

  /** The exit code Ansible gave for the case. */
  static int expectedCode(Path dir) throws IOException {
    return Integer.parseInt(Files.readString(dir.resolve("ansible.rc")).strip());
  }

  /** Output with the start and end times and the delta of command results set aside. */
  static String withoutTimes(String output) {
    String text = TIME.matcher(output).replaceAll("\"$1\": \"TIME\"");
    return DELTA.matcher(text).replaceAll("\"delta\": \"DELTA\"");
  }
}
