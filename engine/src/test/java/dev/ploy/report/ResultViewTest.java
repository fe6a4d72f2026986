package dev.ploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultViewTest {
  @Test
  void theDiffKeyIsShownOnlyFromVerbosityThreeAsAnsibleDumpsResults() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", true);
    data.put("diff", List.of(Map.of("before", "", "after", "hi")));
    data.put("failed", false);
    data.put("_ansible_no_log", false);
    assertThat(ResultView.visible(data, 0)).containsOnlyKeys("changed");
    assertThat(ResultView.visible(data, 2)).containsOnlyKeys("changed");
    assertThat(ResultView.visible(data, 3)).containsOnlyKeys("changed", "diff");
  }
}
