package dev.ploy.connection.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class GroupLineTest {
  private final Set<Long> running = ConcurrentHashMap.newKeySet();
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
  private final GroupLine stream = new GroupLine(sink, running::add);

  private void write(String... chunks) throws Exception {
    for (String chunk : chunks) {
      stream.write(chunk.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theFirstLineIsTheGroupAndTheRestPassesAsItCame() throws Exception {
    write("12", "34\nerr", "or\n", "more");
    assertThat(running).containsExactly(1234L);
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("error\nmore");
    stream.finish();
    assertThat(stream.group()).isEqualTo(1234L);
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("error\nmore");
  }

  @Test
  void aFirstLineThatIsNoNumberIsPassedOnAndNoGroupIsNoted() throws Exception {
    write("bashrc says hello\n", "4321\n");
    assertThat(running).isEmpty();
    assertThat(stream.group()).isZero();
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("bashrc says hello\n4321\n");
  }

  @Test
  void aFirstLineNeverEndedIsPassedOnWhenTheCommandEnds() throws Exception {
    write("partial");
    assertThat(sink.size()).isZero();
    stream.finish();
    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("partial");
    assertThat(running).isEmpty();
  }

  @Test
  void theKillScriptEndsWholeProcessGroupsAndTheDescendantsThatLeftThem() throws Exception {
    // a process group of this machine: setsid makes the shell lead one; one child stays in it, one
    // leaves it for a session of its own, as sudo does
    Process group =
        new ProcessBuilder("setsid", "/bin/sh", "-c", "sleep 621 & setsid sh -c 'sleep 622' & wait")
            .start();
    long pgid = group.pid();
    long until = System.nanoTime() + 10_000_000_000L;
    List<ProcessHandle> children = List.of();
    while (children.size() < 3 && System.nanoTime() < until) {
      Thread.sleep(50);
      children = group.descendants().toList();
    }
    assertThat(children).hasSize(3);
    Process kill =
        new ProcessBuilder("/bin/sh", "-c", RunningCommands.killScript(List.of(pgid)))
            .inheritIO()
            .start();
    assertThat(kill.waitFor()).isZero();
    assertThat(group.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    for (ProcessHandle child : children) {
      child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
