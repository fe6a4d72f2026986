package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance corpus: small playbooks run on localhost, each exercising one rule of Ansible's
 * semantics, whose output ansible-playbook 2.14 recorded ({@code conformance/record}). ploy must
 * print the same and exit the same, once times and the scratch directory are set aside.
 */
class ConformanceTest {
  private static final Pattern TIME =
      Pattern.compile("\"(start|end)\": \"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+\"");
  private static final Pattern DELTA = Pattern.compile("\"delta\": \"\\d+:\\d\\d:\\d\\d\\.\\d+\"");
  private static final Pattern STARS = Pattern.compile(" \\*+$", Pattern.MULTILINE);

  @TempDir Path scratch;

  @TestFactory
  Stream<DynamicTest> everyCaseAsAnsiblePlaybookPrintsIt() throws IOException, URISyntaxException {
    Path corpus = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(corpus)) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(cases).isNotEmpty();
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  private void check(Path dir) throws IOException {
    Path out = Files.createDirectories(scratch.resolve(dir.getFileName().toString()));
    String expected = Files.readString(dir.resolve("ansible.out"), StandardCharsets.UTF_8);
    int expectedCode = Integer.parseInt(Files.readString(dir.resolve("ansible.rc")).strip());
    PloyRun run =
        PloyRun.of(
            "-i",
            "localhost,",
            "-c",
            "local",
            "-e",
            "out=" + out,
            dir.resolve("site.yml").toString());
    String shown = run.out().replace(out.toString(), "OUT").replace(dir.toString(), "CASE");
    assertThat(normalized(shown)).as(run.err()).isEqualTo(normalized(expected));
    assertThat(run.code()).isEqualTo(expectedCode);
  }

  /** Output with times, header stars, blank lines and trailing blanks set aside. */
  static String normalized(String output) {
    String text = TIME.matcher(output).replaceAll("\"$1\": \"TIME\"");
    text = DELTA.matcher(text).replaceAll("\"delta\": \"DELTA\"");
    text = STARS.matcher(text).replaceAll("");
    return text.lines()
        .map(String::stripTrailing)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
