package dev.ploy.report;

import dev.ploy.run.HostStats;
import java.util.LinkedHashMap;
import java.util.Map;

/** A host's PLAY RECAP counters by Ansible's names, in the order its recap shows them. */
final class RecapCounts {
  private RecapCounts() {}

  static Map<String, Integer> of(HostStats s) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("ok", s.ok());
    counts.put("changed", s.changed());
    counts.put("unreachable", s.unreachable());
    counts.put("failed", s.failed());
    counts.put("skipped", s.skipped());
    counts.put("rescued", s.rescued());
    counts.put("ignored", s.ignored());
    return counts;
  }
}
