package dev.ploy.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.Become;
import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import dev.ploy.playbook.Keyword;
import dev.ploy.playbook.Keywords;
import dev.ploy.playbook.Models;
import dev.ploy.playbook.Task;
import dev.ploy.yaml.Location;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What keywords and a task's result rules come to, without a host. */
class TaskRulesTest {
  private static final Templar TEMPLAR =
      new Templar(Scope.of(Map.of("admin", "ops", "flag", "yes")));

  private static Keywords keywords(Keyword keyword, Object value) {
    EnumMap<Keyword, Object> settings = new EnumMap<>(Keyword.class);
    settings.put(keyword, value);
    return new Keywords(List.of(), Set.of(), Map.of(), Map.of(), settings);
  }

  private static TaskSettings settings(Keywords keywords) {
    return new TaskSettings(TEMPLAR, keywords, RunOptions.defaults());
  }

  private static Task task(List<String> changedWhen, List<String> failedWhen) {
    return Models.task(
        "t", "command", "r", changedWhen, failedWhen, Location.of(Path.of("site.yml")));
  }

  private static TaskResult failedCommand() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rc", 1);
    data.put("changed", true);
    return TaskResult.of(Status.FAILED, data);
  }

  @Test
  void keywordBooleansAreAnsiblesWords() throws Exception {
    // Ansible's boolean(): t, y, on, 1 and yes are true, whatever the keyword
    for (Object word : List.of("t", "y", "on", "1", "yes", "True", true, 1)) {
      assertThat(settings(keywords(Keyword.BECOME, word)).become())
          .as("become: %s", word)
          .isPresent();
    }
    for (Object word : List.of("f", "n", "off", "0", "no", "false", false)) {
      assertThat(settings(keywords(Keyword.BECOME, word)).become())
          .as("become: %s", word)
          .isEmpty();
    }
    assertThat(settings(keywords(Keyword.IGNORE_ERRORS, "{{ flag }}")).flag(Keyword.IGNORE_ERRORS))
        .isTrue();
    assertThat(settings(keywords(Keyword.NO_LOG, "{{ undefined_thing }}")).noLog())
        .as("a no_log that cannot be templated hides the output")
        .isTrue();
  }

  @Test
  void becomeUserIsTemplatedAndMethodDefaultsToSudo() throws Exception {
    EnumMap<Keyword, Object> s = new EnumMap<>(Keyword.class);
    s.put(Keyword.BECOME, true);
    s.put(Keyword.BECOME_USER, "{{ admin }}");
    Become become =
        settings(new Keywords(List.of(), Set.of(), Map.of(), Map.of(), s)).become().orElseThrow();
    assertThat(become.user()).isEqualTo("ops");
    assertThat(become.method()).isEqualTo(Become.Method.SUDO);
  }

  @Test
  void changedWhenAndFailedWhenTogetherDecideBoth() throws Exception {
    TaskResult judged =
        ResultRules.judge(
            task(List.of("False"), List.of("r.rc > 1")), TEMPLAR, failedCommand(), List.of());
    assertThat(judged.status()).isEqualTo(Status.OK);
    assertThat(judged.data()).containsEntry("changed", false).containsEntry("failed", false);

    TaskResult failed =
        ResultRules.judge(task(List.of(), List.of("rc == 1")), TEMPLAR, failedCommand(), List.of());
    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.data()).containsEntry("failed_when_result", true);
  }

  @Test
  void aConditionThatCannotBeEvaluatedFailsTheTaskKeepingTheModulesResult() throws Exception {
    TaskResult judged =
        ResultRules.judge(
            task(List.of(), List.of("boomboomboom")), TEMPLAR, failedCommand(), List.of());
    assertThat(judged.status()).isEqualTo(Status.FAILED);
    assertThat(judged.data()).containsKey("rc").containsEntry("failed", true);
    assertThat((String) judged.data().get("failed_when_result")).contains("boomboomboom");

    TaskResult changed =
        ResultRules.judge(task(List.of("nope"), List.of()), TEMPLAR, failedCommand(), List.of());
    assertThat((String) changed.data().get("changed_when_result")).contains("nope");
  }
}
