package dev.ploy.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactCacheTest {
  /** A host that answers every probe with its sections, and counts the round trips. */
  private static final class Host implements FactCache.Shell<RuntimeException> {
    final List<String> scripts = new ArrayList<>();
    String packageManager = "apt-get";

    @Override
    public ExecResult run(Command command) {
      scripts.add(command.script());
      StringBuilder out = new StringBuilder();
      for (String line : command.script().split("\n")) {
        if (line.startsWith("echo @@")) {
          String section = line.substring(5).split(";")[0];
          out.append(section).append('\n');
          if (section.equals("@@package-manager")) {
            out.append(packageManager).append('\n');
          } else if (section.equals("@@service-manager")) {
            out.append("systemd\n");
          } else if (section.equals("@@machine-id")) {
            out.append("abc123\n");
          }
        }
      }
      return new ExecResult(0, out.toString(), "");
    }
  }

  private final Host host = new Host();
  private final FactCache cache = new FactCache();

  @Test
  void aFactIsReadOnceAndSharedAfterwards() throws Exception {
    assertThat(cache.get(PackageManager.FACT, host)).isEqualTo("apt");
    assertThat(cache.get(PackageManager.FACT, host)).isEqualTo("apt");
    assertThat(cache.get(ServiceManager.FACT, host)).isEqualTo("systemd");
    assertThat(cache.get(ServiceManager.FACT, host)).isEqualTo("systemd");
    assertThat(host.scripts).hasSize(2);
  }

  @Test
  void changingWhatAFactRestsOnMakesItReadAgainAndOnlyIt() throws Exception {
    cache.refresh(List.of(PackageManager.FACT, Server.MACHINE_ID), host);
    host.packageManager = "dnf";
    cache.changed(Fact.Basis.HOSTNAME);
    assertThat(cache.get(PackageManager.FACT, host)).isEqualTo("apt");
    cache.changed(Fact.Basis.PACKAGES);
    assertThat(cache.get(PackageManager.FACT, host)).isEqualTo("dnf");
    assertThat(cache.get(Server.MACHINE_ID, host)).isEqualTo("abc123");
    assertThat(host.scripts).hasSize(2);
  }

  @Test
  void factsReadTogetherTakeOneRoundTripAndRefreshReadsAgain() throws Exception {
    cache.refresh(FactGatherer.GATHERED, host);
    cache.refresh(FactGatherer.GATHERED, host);
    assertThat(host.scripts).hasSize(2);
    assertThat(host.scripts.get(0)).startsWith("echo @@distribution; ").endsWith("\necho @@end");
  }

  @Test
  void aProbeCutShortIsAnErrorNotAnEmptyFact() {
    assertThatThrownBy(
            () ->
                cache.get(PackageManager.FACT, command -> new ExecResult(127, "", "sh: not found")))
        .isInstanceOf(FactException.class)
        .hasMessageContaining("package-manager")
        .hasMessageContaining("rc=127")
        .hasMessageContaining("sh: not found");
  }
}
