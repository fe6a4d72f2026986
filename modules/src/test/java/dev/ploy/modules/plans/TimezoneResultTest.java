package dev.ploy.modules.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ExecResult;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * timezone's result carries the zone before and after in every mode, as community.general's does:
 * ansible-core's user target restores the zone it reads from {@code original_timezone.diff}.
 */
class TimezoneResultTest {
  private static final Module TIMEZONE = ModuleRegistry.load().find("timezone").orElseThrow();

  private static Plan plan(String probe) throws Exception {
    FakeTarget target =
        new FakeTarget(
            List.of(new FakeTarget.Answer(Optional.empty(), new ExecResult(0, probe, ""))),
            Map.of(),
            Map.of());
    return TIMEZONE.plan(target, Args.bind(TIMEZONE.spec(), Map.of("name", "America/Denver")));
  }

  @Test
  void aChangeSaysTheZoneBeforeAndAfter() throws Exception {
    Plan plan =
        plan(
            "@@time-zone\nctl=Etc/UTC\nfile=Etc/UTC\nlink=/usr/share/zoneinfo/Etc/UTC\n"
                + "resolves=yes\n@@end\n");
    assertThat(plan.result().get("diff"))
        .isEqualTo(
            Map.of("before", Map.of("name", "Etc/UTC"), "after", Map.of("name", "America/Denver")));
  }

  @Test
  void noZoneSetIsNotAvailable() throws Exception {
    Plan plan = plan("@@time-zone\nfile=\nlink=\n@@end\n");
    assertThat(plan.result().get("diff"))
        .isEqualTo(
            Map.of("before", Map.of("name", "n/a"), "after", Map.of("name", "America/Denver")));
  }
}
