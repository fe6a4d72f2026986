package dev.ploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {
  @Test
  void anUnreachableHostThatIgnoreUnreachableKeepsGoingIsShownUnreachableThenIgnored() {
    // as ansible-playbook 2.14 prints it (ignore_unreachable: true)
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleReporter console =
        new ConsoleReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), 0, false);
    TaskResult unreachable = TaskResult.unreachable("Connection refused");
    TaskResult ignored =
        new TaskResult(
                Status.FAILED,
                unreachable.data(),
                unreachable.diffs(),
                false,
                unreachable.items(),
                null,
                null)
            .withIgnored();

    console.hostResult("gone", null, ignored);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "fatal: [gone]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Connection refused\","
                + " \"unreachable\": true}",
            "...ignoring");
  }
}
