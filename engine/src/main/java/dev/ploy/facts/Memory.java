package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Memory and swap from /proc/meminfo, in MiB (ansible_memtotal_mb...). */
public record Memory(int totalMb, int freeMb, int swapTotalMb) {
  public static final Fact<Memory> FACT =
      Fact.of(
          "memory",
          Fact.lines("/proc/meminfo", "MemTotal:*|MemFree:*|SwapTotal:*|SwapFree:*"),
          Memory::parse);

  static Memory parse(List<String> lines) {
    Map<String, String> kib = new LinkedHashMap<>();
    for (String line : lines) {
      String[] parts = line.split(":\\s*");
      if (parts.length == 2) {
        kib.put(parts[0], parts[1].replace(" kB", "").strip());
      }
    }
    return new Memory(mb(kib.get("MemTotal")), mb(kib.get("MemFree")), mb(kib.get("SwapTotal")));
  }

  private static int mb(String kib) {
    return Fact.parseInt(kib, 0) / 1024;
  }
}
