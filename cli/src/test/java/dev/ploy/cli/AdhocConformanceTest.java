package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Ad-hoc commands on localhost whose output the ansible command (ansible-core 2.14) recorded
 * ({@code adhoc/record}): {@code ploy adhoc} with the same arguments must print the same and exit
 * the same, once times are set aside.
 */
class AdhocConformanceTest {
  private static final Pattern TIME =
      Pattern.compile("\"(start|end)\": \"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+\"");
  private static final Pattern DELTA = Pattern.compile("\"delta\": \"\\d+:\\d\\d:\\d\\d\\.\\d+\"");

  @TestFactory
  Stream<DynamicTest> everyCaseAsAnsiblePrintsIt() throws IOException, URISyntaxException {
    Path corpus = Path.of(AdhocConformanceTest.class.getResource("/adhoc").toURI());
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(corpus)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(cases).isNotEmpty();
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private void check(Path dir) throws IOException {
    String expected = Files.readString(dir.resolve("ansible.out"), StandardCharsets.UTF_8);
    int expectedCode = Integer.parseInt(Files.readString(dir.resolve("ansible.rc")).strip());
    List<String> args =
        new ArrayList<>(List.of("adhoc", "localhost", "-i", "localhost,", "-c", "local"));
    args.addAll(Files.readAllLines(dir.resolve("args"), StandardCharsets.UTF_8));
    PloyRun run = PloyRun.of(args.toArray(String[]::new));
    assertThat(normalized(run.out())).as(run.err()).isEqualTo(normalized(expected));
    assertThat(run.code()).as(run.err()).isEqualTo(expectedCode);
  }

  private static String normalized(String output) {
    String text = TIME.matcher(output).replaceAll("\"$1\": \"TIME\"");
    return DELTA.matcher(text).replaceAll("\"delta\": \"DELTA\"").strip();
  }
}
