package dev.ploy.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ansible_processor as Ansible builds it from /proc/cpuinfo: the values of the lines named
 * processor, vendor_id, model name (and ARM's Processor, Power's cpu, Vendor), in their order:
 * ["0", "GenuineIntel", "Intel(R) Xeon(R) ...", "1", ...].
 */
public final class Processor {
  private Processor() {}

  private static final Set<String> KEYS =
      Set.of("model name", "Processor", "vendor_id", "cpu", "Vendor", "processor");

  /** The candidate lines, read with the shell's builtins: no process. */
  public static final Fact<List<String>> FACT =
      Fact.of(
          "processor",
          Fact.lines(
              "/proc/cpuinfo", "'model name'*|Processor*|vendor_id*|cpu*|Vendor*|processor*"),
          Processor::parse);

  static List<String> parse(List<String> lines) {
    List<String> processor = new ArrayList<>();
    for (String line : lines) {
      int colon = line.indexOf(':');
      String key = (colon < 0 ? line : line.substring(0, colon)).strip();
      if (KEYS.contains(key)) {
        processor.add(colon < 0 ? "" : line.substring(colon + 1).strip());
      }
    }
    return List.copyOf(processor);
  }
}
