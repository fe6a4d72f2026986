package dev.ploy.report;

import dev.ploy.diff.Diff;
import dev.ploy.playbook.Models;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.Task;
import dev.ploy.run.Status;
import dev.ploy.run.TaskResult;
import dev.ploy.yaml.Location;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs made of events alone, without hosts: what reporters hear, with a clock the test moves. */
final class Runs {
  static final Path SITE = Path.of("site.yml");

  /** A clock in nanoseconds that only the test moves. */
  static final class FakeClock {
    long now = 1_000_000_000L;

    long get() {
      return now;
    }

    void advance(double seconds) {
      now += (long) (seconds * 1e9);
    }
  }

  private Runs() {}

  static RunRecord record(FakeClock clock) {
    return new RunRecord(clock::get, Instant.parse("2026-12-07T15:00:00Z"));
  }

  static Playbook playbook() {
    return new Playbook(SITE, List.of(), List.of());
  }

  static Play play(String name) {
    return Models.play(name, Path.of("."), Map.of(), List.of(), new Location(SITE, 1, 3));
  }

  static Task task(String name, String module, int line) {
    return Models.task(name, module, new Location(SITE, line, 7));
  }

  static TaskResult ok() {
    return TaskResult.of(Status.OK, Map.of("changed", false));
  }

  static TaskResult changed(Diff... diffs) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("changed", true);
    return new TaskResult(Status.CHANGED, data, List.of(diffs), false, List.of(), null, null);
  }

  static List<String> hosts(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      names.add(String.format("web%03d", i));
    }
    return names;
  }
}
