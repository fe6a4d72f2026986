package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Ad-hoc commands on localhost whose output the ansible command (ansible-core 2.14) recorded
 * ({@code adhoc/record}): {@code ploy adhoc} with the same arguments must print the same and exit
 * the same, once times are set aside.
 */
class AdhocConformanceTest {
  @TestFactory
  Stream<DynamicTest> everyCaseAsAnsiblePrintsIt() throws IOException, URISyntaxException {
    return RecordedCases.each("/adhoc", this::check);
  }

  private void check(Path dir) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("adhoc", "localhost", "-i", "localhost,", "-c", "local"));
    args.addAll(Files.readAllLines(dir.resolve("args"), StandardCharsets.UTF_8));
    PloyRun run = PloyRun.of(args.toArray(String[]::new));
    assertThat(normalized(run.out()))
        .as(run.err())
        .isEqualTo(normalized(RecordedCases.expectedOutput(dir)));
    assertThat(run.code()).as(run.err()).isEqualTo(RecordedCases.expectedCode(dir));
  }

  private static String normalized(String output) {
    return RecordedCases.withoutTimes(output).strip();
  }
}
