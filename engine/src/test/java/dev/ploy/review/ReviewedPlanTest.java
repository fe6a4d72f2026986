package dev.ploy.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.diff.Diff;
import dev.ploy.playbook.Models;
import dev.ploy.playbook.Task;
import dev.ploy.yaml.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan file's format, drift found by comparing plans, and a run held to a plan. */
class ReviewedPlanTest {
  @TempDir Path dir;

  private static Task task(String name, int line) {
    return Models.task(name, "copy", new Location(Path.of("/srv/site.yml"), line, 7));
  }

  private static final Step WRITE =
      new Step(
          Step.Action.CHANGE,
          List.of(
              new Diff("/etc/app.conf", "port=80\n", "port=8080\n"),
              Diff.property("/etc/app.conf", "mode", "0644", "0600")),
          false);

  private static Step writeFrom(String content) {
    return new Step(
        Step.Action.CHANGE,
        List.of(
            new Diff("/etc/app.conf", content, "port=8080\n"),
            Diff.property("/etc/app.conf", "mode", "0644", "0600")),
        false);
  }

  private static ReviewedPlan plan(Map<String, List<PlannedTask>> hosts) {
    return new ReviewedPlan(
        List.of("-i", "inv.ini", "site.yml"),
        "/srv",
        new Inputs(List.of("site.yml"), Map.of("site.yml", "abc")),
        hosts,
        Map.of());
  }

  @Test
  void aPlanIsWrittenAndReadBackAsItWas() {
    ReviewedPlan plan =
        plan(
            Map.of(
                "web1",
                List.of(
                    PlannedTask.of(task("write", 3), WRITE),
                    PlannedTask.of(task("same", 9), new Step(Step.Action.OK, List.of(), false)))));
    String json = plan.toJson();
    assertThat(json).startsWith("{\n  \"format\": \"ploy-plan/1\"");
    assertThat(json).contains("\"rests_on\"", "/etc/app.conf: mode: 0644", "content sha256:");
    ReviewedPlan read = ReviewedPlan.parse(json);
    assertThat(read).isEqualTo(plan);
    assertThat(read.changes()).isEqualTo(1);
  }

  @Test
  void aNoLogStepKeepsItsFingerprintButNoText() {
    Step secret =
        new Step(
            Step.Action.CHANGE, List.of(new Diff("/etc/pw", "old-secret\n", "s3cret\n")), true);
    String json = plan(Map.of("web1", List.of(PlannedTask.of(task("pw", 3), secret)))).toJson();
    assertThat(json).doesNotContain("s3cret", "old-secret").contains(secret.fingerprint());
  }

  @Test
  void somethingElseThanAPlanIsRefusedSayingWhy() {
    assertThatThrownBy(() -> ReviewedPlan.parse("{\"plays\": []}"))
        .hasMessageContaining("format is null, not ploy-plan/1");
    assertThatThrownBy(() -> ReviewedPlan.parse("[1]")).hasMessageContaining("no JSON object");
  }

  @Test
  void theFingerprintChangesWithTheProbedStateAndTheChangeNotWithTheTask() {
    assertThat(writeFrom("port=80\n").fingerprint()).isEqualTo(WRITE.fingerprint());
    assertThat(writeFrom("port=81\n").fingerprint()).isNotEqualTo(WRITE.fingerprint());
    assertThat(new Step(Step.Action.OK, List.of(), false).fingerprint())
        .isNotEqualTo(new Step(Step.Action.RUNS, List.of(), false).fingerprint());
  }

  @Test
  void driftSaysWhichTaskAndWhatItRestedOn() {
    ReviewedPlan plan = plan(Map.of("web1", List.of(PlannedTask.of(task("write", 3), WRITE))));
    assertThat(plan.drift("web1", List.of(PlannedTask.of(task("write", 3), WRITE)))).isEmpty();
    List<String> drift =
        plan.drift("web1", List.of(PlannedTask.of(task("write", 3), writeFrom("port=81\n"))));
    assertThat(drift)
        .singleElement()
        .asString()
        .startsWith("task 'write' (/srv/site.yml:3:7): was /etc/app.conf: content sha256:")
        .contains("; now /etc/app.conf: content sha256:" + Step.checksum("port=81\n"));
    assertThat(
            plan.drift(
                "web1",
                List.of(
                    PlannedTask.of(task("write", 3), new Step(Step.Action.OK, List.of(), false)))))
        .singleElement()
        .asString()
        .contains("planned change, now ok");
    assertThat(plan.drift("web1", List.of()))
        .containsExactly("the run takes another path: 1 steps planned, 0 now");
    assertThat(plan.drift("db1", List.of())).containsExactly("the host is not in the plan");
  }

  @Test
  void aRunHeldToThePlanRefusesAnyStepNotPlanned() {
    ReviewedPlan plan = plan(Map.of("web1", List.of(PlannedTask.of(task("write", 3), WRITE))));
    PlanReview enforcer = plan.enforcer();
    assertThat(enforcer.review("web1", task("write", 3), WRITE)).isEmpty();
    assertThat(enforcer.review("web1", task("write", 3), WRITE))
        .get()
        .asString()
        .contains("1 steps were planned");
    assertThat(plan.enforcer().review("web1", task("write", 3), writeFrom("port=81\n")))
        .get()
        .asString()
        .startsWith("not in the reviewed plan: step 1 was planned as 'write'")
        .contains("content sha256:" + Step.checksum("port=81\n"));
    assertThat(plan.enforcer().review("db1", task("write", 3), WRITE)).isPresent();
  }

  @Test
  void inputsThatChangedWentOrWereAddedBelowTheTopAreFound() throws Exception {
    Files.writeString(dir.resolve("site.yml"), "- hosts: all\n");
    Files.createDirectories(dir.resolve("group_vars"));
    Files.writeString(dir.resolve("group_vars/all.yml"), "a: 1\n");
    Files.writeString(dir.resolve("plan.json"), "{}");
    String root = dir.toString();
    Inputs before = Inputs.read(List.of(root), Set.of(dir.resolve("plan.json")));
    assertThat(before.files())
        .containsOnlyKeys(
            dir.resolve("site.yml").toString(), dir.resolve("group_vars/all.yml").toString());
    // a summary written beside the playbook, and the plan itself, are no inputs
    Files.writeString(dir.resolve("plan.md"), "## plan\n");
    Files.writeString(dir.resolve("plan.json"), "{\"changed\": 1}");
    assertThat(before.changesIn(Inputs.read(List.of(root), Set.of(dir.resolve("plan.json")))))
        .isEmpty();
    Files.writeString(dir.resolve("group_vars/all.yml"), "a: 2\n");
    Files.writeString(dir.resolve("group_vars/web.yml"), "b: 1\n");
    Files.delete(dir.resolve("site.yml"));
    assertThat(before.changesIn(Inputs.read(List.of(root), Set.of())))
        .containsExactlyInAnyOrder(
            "gone: " + dir.resolve("site.yml"),
            "changed: " + dir.resolve("group_vars/all.yml"),
            "added: " + dir.resolve("group_vars/web.yml"));
  }
}
