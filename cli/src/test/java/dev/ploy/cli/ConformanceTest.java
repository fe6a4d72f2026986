package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final Pattern STARS = Pattern.compile(" \\*+$", Pattern.MULTILINE);

  @TempDir Path scratch;

  @TestFactory
  Stream<DynamicTest> everyCaseAsAnsiblePlaybookPrintsIt() throws IOException, URISyntaxException {
    return RecordedCases.each("/conformance", this::check);
  }

  private void check(Path dir) throws IOException {
    Path out = Files.createDirectories(scratch.resolve(dir.getFileName().toString()));
    PloyRun run =
        PloyRun.local(
            "localhost",
            // one host at a time, as the recording: results then print in inventory order
            "-f",
            "1",
            "-e",
            "out=" + out,
            dir.resolve("site.yml").toString());
    String shown =
        (run.out() + errorOf(run.err()))
            .replace(out.toString(), "OUT")
            .replace(dir.toString(), "CASE");
    assertThat(untilError(normalized(shown)))
        .as(run.err())
        .isEqualTo(untilError(normalized(RecordedCases.expectedOutput(dir))));
    assertThat(run.code()).isEqualTo(RecordedCases.expectedCode(dir));
  }

  /**
   * The ERROR! that ended a run, which both print last on standard error (ansible.out holds both
   * streams); ploy's warnings there are not compared.
   */
  private static String errorOf(String err) {
    return err.lines().filter(line -> line.startsWith("ERROR! ")).findFirst().orElse("");
  }

  /**
   * Output up to an ERROR! that ended the run, which stays as the word alone: its text is each
   * tool's own (Ansible quotes the offending lines), what is compared is that the run ended there.
   */
  static String untilError(String output) {
    int at = output.startsWith("ERROR!") ? 0 : output.indexOf("\nERROR!");
    return at < 0 ? output : output.substring(0, at) + (at == 0 ? "" : "\n") + "ERROR!";
  }

  /** Output with times, header stars, blank lines and trailing blanks set aside. */
  static String normalized(String output) {
    return STARS
        .matcher(RecordedCases.withoutTimes(output))
        .replaceAll("")
        .lines()
        .map(String::stripTrailing)
        .filter(line -> !line.isEmpty())
        .collect(Collectors.joining("\n"));
  }
}
