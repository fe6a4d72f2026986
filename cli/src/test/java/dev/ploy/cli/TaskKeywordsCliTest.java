package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** timeout:, throttle: and diff: on tasks, on hosts that are this machine (-c local). */
class TaskKeywordsCliTest {
  @TempDir Path dir;

  private PloyRun ploy(String playbookText, String... extra) throws Exception {
    Path playbook = Files.writeString(dir.resolve("site.yml"), playbookText);
    List<String> args =
        new java.util.ArrayList<>(List.of("-i", "h1,h2,h3,h4,", "-c", "local", "-e", "dir=" + dir));
    args.addAll(List.of(extra));
    args.add(playbook.toString());
    return PloyRun.of(args.toArray(String[]::new));
  }

  @Test
  void aMissingIncludeUnderRescueIsRescuedButCountedFailedAsAnsiblePlaybookCountsIt()
      throws Exception {
    // ansible-playbook 2.14: the rescue runs, the recap says failed=1 rescued=0, the exit is 0
    PloyRun run =
        ploy(
            """
            - hosts: h1
              gather_facts: false
              tasks:
                - block:
                    - include_tasks: missing.yml
                  rescue:
                    - debug: {msg: rescued}
                - debug: {msg: after}
            """);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("\"msg\": \"rescued\"", "\"msg\": \"after\"")
        .containsPattern(
            "h1 +: ok=2 +changed=0 +unreachable=0 +failed=1 +skipped=0 +rescued=0 +ignored=0");
  }

  @Test
  void throttleLetsThatManyHostsRunTheTaskAtOnce() throws Exception {
    PloyRun run =
        ploy(
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - name: one at a time
              shell: echo start >> {{ dir }}/log; sleep 0.3; echo end >> {{ dir }}/log
              throttle: 1
            """));
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(Files.readAllLines(dir.resolve("log")))
        .containsExactly("start", "end", "start", "end", "start", "end", "start", "end");
  }

  @Test
  void aTaskPastItsTimeoutFailsAndTheOthersGoOn() throws Exception {
    PloyRun run =
        ploy(
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - name: slow
              command: sleep 5
              timeout: 1
              ignore_errors: true
            - name: after
              command: "true"
            """));
    assertThat(run.out())
        .contains("the task did not finish within its timeout of 1 s")
        .containsPattern(
            "h1 +: ok=2 +changed=1 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1");
  }

  @Test
  void diffFalseHidesWhatWouldChange() throws Exception {
    String play =
        """
        - hosts: h1
          gather_facts: false
          tasks:
            - name: secret
              copy: {content: "password=hunter2\\n", dest: "{{ dir }}/secret"}
              diff: false
            - name: public
              copy: {content: "motd\\n", dest: "{{ dir }}/motd"}
        """;
    PloyRun run = ploy(play, "--check", "--diff");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).doesNotContain("hunter2").contains("+motd");
  }
}
