package dev.ploy.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanSummaryTest {
  private static final PlannedTask WRITE =
      new PlannedTask(
          "write | config",
          "site.yml:3",
          "copy",
          Step.Action.CHANGE,
          "f00",
          List.of("/etc/app.conf: mode: 0644"),
          "--- before: /etc/app.conf\n+++ after: /etc/app.conf\n@@ attributes @@\n-mode: 0644\n"
              + "+mode: 0600\n");

  private static final ReviewedPlan PLAN =
      new ReviewedPlan(
          List.of("-i", "inv.ini", "site.yml"),
          "/srv",
          new Inputs(List.of(), Map.of()),
          Map.of("web1", List.of(WRITE)),
          Map.of());

  @Test
  void theTextSummarySaysWhatChangesFromWhat() {
    assertThat(PlanSummary.text(PLAN))
        .startsWith("Plan: 1 change on 1 host (ploy -i inv.ini site.yml)\n\nweb1: 1 change\n")
        .contains("  changes [write | config] copy at site.yml:3\n")
        .contains("      from /etc/app.conf: mode: 0644\n")
        .contains("      +mode: 0600\n");
  }

  @Test
  void theMarkdownSummaryIsATableThenEachHostsDiffs() {
    assertThat(PlanSummary.markdown(PLAN))
        .startsWith("## ploy plan: 1 change on 1 host\n")
        .contains(
            "| host | changes | tasks | state |\n|---|---:|---:|---|\n| web1 | 1 | 1 | ok |\n")
        .contains("- **write \\| config** (`copy`, site.yml:3)\n")
        .contains("  ```diff\n  --- before: /etc/app.conf\n");
  }
}
