package dev.ploy.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("timezone").arg(Arg.str("name", "the zone").required()).build();
  private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*");

  @Test
  void matchingReturnsAValueTheShapeMatchesWhole() throws ModuleException {
    Args args = Args.bind(SPEC, Map.of("name", "Europe/Paris"));

    assertThat(args.matching("name", ZONE, "a time zone name")).isEqualTo("Europe/Paris");
  }

  @Test
  void matchingRefusesAValueThatOnlyStartsWithTheShape() throws ModuleException {
    Args args = Args.bind(SPEC, Map.of("name", "Etc/UTC; reboot"));

    assertThatThrownBy(() -> args.matching("name", ZONE, "a time zone name"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("name 'Etc/UTC; reboot' is not a time zone name");
  }

  @Test
  void presenceIsStatePresentOrAbsentPresentByDefault() throws ModuleException {
    ModuleSpec spec =
        ModuleSpec.builder("group").arg(Arg.presence("Whether the group exists.")).build();

    assertThat(Args.bind(spec, Map.of()).present()).isTrue();
    assertThat(Args.bind(spec, Map.of("state", "absent")).present()).isFalse();
    assertThat(ArgChecker.problems(spec, Map.of("state", "gone"))).isNotEmpty();
  }

  @Test
  void orAutoAsksTheHostOnlyForAuto() throws ModuleException {
    ModuleSpec spec =
        ModuleSpec.builder("package").arg(Arg.str("use", "the manager").defaultsTo("auto")).build();

    assertThat(Args.bind(spec, Map.of()).orAuto("use", () -> "apt")).isEqualTo("apt");
    assertThat(
            Args.bind(spec, Map.of("use", "dnf"))
                .orAuto(
                    "use",
                    () -> {
                      throw new ModuleException("the host was asked");
                    }))
        .isEqualTo("dnf");
  }

  @Test
  void integerAtLeastRefusesASmallerValueNamingTheArgument() throws ModuleException {
    ModuleSpec spec =
        ModuleSpec.builder("wait_for_connection")
            .arg(Arg.integer("delay", "seconds").defaultsTo(0L))
            .build();

    assertThat(Args.bind(spec, Map.of("delay", 3L)).integerAtLeast("delay", 0)).isEqualTo(3L);
    assertThatThrownBy(() -> Args.bind(spec, Map.of("delay", -1L)).integerAtLeast("delay", 0))
        .isInstanceOf(ModuleException.class)
        .hasMessage("delay must be 0 or more, not -1");
  }
}
