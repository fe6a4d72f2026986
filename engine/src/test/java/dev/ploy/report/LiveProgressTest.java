package dev.ploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.playbook.Task;
import dev.ploy.run.RunListener;
import dev.ploy.run.TaskResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
  private final Runs.FakeClock clock = new Runs.FakeClock();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final List<String> hosts = List.of("web1", "web2", "web3", "web4", "web5");

  private LiveProgress progress(int width) {
    RunListener console = new ConsoleReporter(out, 0, false);
    return new LiveProgress(console, out, clock::get, width);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shownOnlyOnATerminalWithoutNoColor() {
    assertThat(LiveProgress.wanted(true, Map.of())).isTrue();
    assertThat(LiveProgress.wanted(true, Map.of("TERM", "xterm-256color"))).isTrue();
    assertThat(LiveProgress.wanted(false, Map.of())).isFalse();
    assertThat(LiveProgress.wanted(true, Map.of("NO_COLOR", "1"))).isFalse();
    assertThat(LiveProgress.wanted(true, Map.of("NO_COLOR", ""))).isFalse();
    assertThat(LiveProgress.wanted(true, Map.of("TERM", "dumb"))).isFalse();
  }

  @Test
  void aTaskRunningOverTwoSecondsShowsItsHostsDoneRunningAndLeftWithTheTime() {
    LiveProgress progress = progress(100);
    progress.playStart(Runs.play("web"), hosts);
    Task install = Runs.task("Install nginx", "apt", 3);
    // the round starts on three hosts: two are left
    progress.taskStart(install.displayName(), install, false, hosts.subList(0, 3));
    clock.advance(1.9);
    assertThat(progress.line(clock.get())).isNull();
    clock.advance(0.1);
    assertThat(progress.line(clock.get()))
        .isEqualTo("TASK [Install nginx] hosts: 0 done, 3 running, 2 left (0:02)");
    progress.hostResult("web1", install, Runs.changed());
    clock.advance(70);
    assertThat(progress.line(clock.get()))
        .isEqualTo("TASK [Install nginx] hosts: 1 done, 2 running, 2 left (1:12)");
    progress.hostResult("web2", install, TaskResult.failed("no"));
    progress.hostResult("web3", install, Runs.ok());
    assertThat(progress.line(clock.get())).isNull();
  }

  @Test
  void aLongTaskNameIsShortenedSoTheLineNeverWraps() {
    LiveProgress progress = progress(60);
    progress.playStart(Runs.play("web"), hosts);
    Task task = Runs.task("Install every package this application will ever need", "apt", 3);
    progress.taskStart(task.displayName(), task, false, hosts);
    clock.advance(3);
    String line = progress.line(clock.get());
    assertThat(line).hasSizeLessThan(60).startsWith("TASK [Install").contains("\u2026]");
    assertThat(line).endsWith(" hosts: 0 done, 5 running, 0 left (0:03)");
  }

  @Test
  void theLineIsDrawnInPlaceAndErasedBeforeTheConsolePrints() {
    LiveProgress progress = progress(100);
    progress.playStart(Runs.play("web"), hosts);
    Task task = Runs.task("slow", "command", 3);
    progress.taskStart(task.displayName(), task, false, hosts);
    bytes.reset();
    progress.redraw();
    assertThat(printed()).isEmpty();
    clock.advance(2.5);
    progress.redraw();
    progress.redraw();
    clock.advance(1);
    progress.redraw();
    assertThat(printed())
        .isEqualTo(
            "\rTASK [slow] hosts: 0 done, 5 running, 0 left (0:02)\u001b[K"
                + "\rTASK [slow] hosts: 0 done, 5 running, 0 left (0:03)\u001b[K");
    bytes.reset();
    progress.hostResult("web1", task, Runs.changed());
    assertThat(printed()).isEqualTo("\r\u001b[Kchanged: [web1]" + System.lineSeparator());
  }

  @Test
  void underTheFreeStrategyHostsJoiningATaskCountInOneLine() {
    LiveProgress progress = progress(100);
    progress.playStart(Runs.play("web"), hosts.subList(0, 2));
    Task task = Runs.task("slow", "command", 3);
    progress.taskStart(task.displayName(), task, false, List.of("web1"));
    clock.advance(1);
    progress.taskStart(task.displayName(), task, false, List.of("web2"));
    clock.advance(1.5);
    assertThat(progress.line(clock.get()))
        .isEqualTo("TASK [slow] hosts: 0 done, 2 running, 0 left (0:02)");
  }
}
