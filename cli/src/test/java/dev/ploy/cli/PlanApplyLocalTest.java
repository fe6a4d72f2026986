package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.Play;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ploy plan} and {@code ploy apply} on this machine (local connection): the plan file, its
 * summaries, an apply of exactly the plan, and a plan refused once a file it was made from changed.
 */
class PlanApplyLocalTest {
  @TempDir Path dir;

  private Path playbook(String content) throws Exception {
    return Files.writeString(
        dir.resolve("site.yml"),
        Play.onAll()
            .noFacts()
            .tasks(
                """
        - name: the config
          copy: {dest: "%1$s/out/app.conf", content: "%2$s\\n", mode: "0640"}
        """)
            .formatted(dir, content));
  }

  private PloyRun plan(Path playbook, String... more) {
    String[] args = {
      "plan",
      "-i",
      "here,",
      "-c",
      "local",
      playbook.toString(),
      "-o",
      dir.resolve("plan.json").toString()
    };
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return PloyRun.of(all);
  }

  @Test
  void aPlanIsAppliedExactlyAndRefusedOnceItsPlaybookChanged() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Path playbook = playbook("port=8080");
    PloyRun planned = plan(playbook);
    assertThat(planned.code()).as(planned.out() + planned.err()).isZero();
    assertThat(planned.out())
        .startsWith("Plan: 1 change on 1 host (ploy -i here, -c local " + playbook + ")\n")
        .contains(
            "here: 1 change\n",
            "changes [the config] copy at ",
            "from " + dir + "/out/app.conf: absent")
        .contains("+port=8080", "+mode: 0640");
    assertThat(dir.resolve("out/app.conf")).as("check mode changes nothing").doesNotExist();
    String json = Files.readString(dir.resolve("plan.json"));
    assertThat(json).contains("\"format\": \"ploy-plan/1\"", "\"action\": \"change\"");
    assertThat(json).contains(playbook.toString()).doesNotContain("plan.json\"");

    PloyRun markdown = plan(playbook, "--format", "md");
    assertThat(markdown.out())
        .startsWith("## ploy plan: 1 change on 1 host\n")
        .contains("| here | 1 | 1 | ok |", "```diff");

    PloyRun applied = PloyRun.of("apply", dir.resolve("plan.json").toString());
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(applied.out())
        .contains("changed: [here]")
        .containsPattern("here +: ok=1 +changed=1 ");
    assertThat(Files.readString(dir.resolve("out/app.conf"))).isEqualTo("port=8080\n");

    assertThat(plan(playbook).out()).contains("Plan: 0 changes on 1 host", "here: no change");
    playbook("port=9090");
    PloyRun refused = PloyRun.of("apply", dir.resolve("plan.json").toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.err())
        .contains("the files the plan was made from changed since", "changed: " + playbook);
    assertThat(Files.readString(dir.resolve("out/app.conf"))).isEqualTo("port=8080\n");
  }

  @Test
  void aChangeTheReviewedPlanDidNotHoldIsRefusedUnapplied() throws Exception {
    // check mode skips the command, so its registered output is unknown and the copy is not
    // planned; the real run would make it: apply refuses it
    Path playbook =
        Files.writeString(
            dir.resolve("site.yml"),
            Play.onAll()
                .noFacts()
                .tasks(
                    """
            - command: echo hi
              register: said
            - name: unplanned
              copy: {dest: "%s/unplanned.txt", content: "x"}
              when: said.stdout | default('') == 'hi'
            """)
                .formatted(dir));
    PloyRun planned = plan(playbook);
    assertThat(planned.code()).as(planned.out() + planned.err()).isZero();
    assertThat(planned.out()).contains("here: 1 change\n", "runs    [command] command at ");

    PloyRun applied = PloyRun.of("apply", dir.resolve("plan.json").toString());
    assertThat(applied.code()).as(applied.out()).isEqualTo(ExitCodes.HOST_FAILED);
    assertThat(applied.out())
        .contains("not in the reviewed plan: 1 steps were planned on this host")
        .containsPattern("here +: ok=1 +changed=1 +unreachable=0 +failed=1 ");
    assertThat(dir.resolve("unplanned.txt")).doesNotExist();
  }

  @Test
  void extraVarsWrittenOnTheCommandLineAreNotKeptInThePlanAndAreGivenAgainToApply()
      throws Exception {
    Files.createDirectories(dir.resolve("out"));
    Path playbook = playbook("port={{ port }}");
    PloyRun planned = plan(playbook, "-e", "db_password=hunter2", "--extra-vars=port=7070");
    assertThat(planned.code()).as(planned.out() + planned.err()).isZero();
    assertThat(planned.out()).contains("+port=7070").doesNotContain("hunter2");
    assertThat(Files.readString(dir.resolve("plan.json")))
        .doesNotContain("hunter2")
        .doesNotContain("port=7070\"")
        .contains(ExtraVars.WITHHELD);

    PloyRun without = PloyRun.of("apply", dir.resolve("plan.json").toString());
    assertThat(without.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(without.err()).contains("2 -e value(s)", "0 given", "give them again");
    assertThat(dir.resolve("out/app.conf")).doesNotExist();

    PloyRun applied =
        PloyRun.of(
            "apply",
            dir.resolve("plan.json").toString(),
            "-e",
            "db_password=hunter2",
            "-e",
            "port=7070");
    assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
    assertThat(Files.readString(dir.resolve("out/app.conf"))).isEqualTo("port=7070\n");
  }
}
