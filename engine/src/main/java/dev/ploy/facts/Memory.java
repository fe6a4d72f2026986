package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory and swap from /proc/meminfo, in MiB (ansible_memtotal_mb..., ansible_memory_mb).
 *
 * @param mib each value read, by its /proc/meminfo name (MemTotal, Cached...), in whole MiB
 */
public record Memory(Map<String, Integer> mib) {
  public static final Fact<Memory> FACT =
      Fact.of(
          "memory",
          Fact.lines(
              "/proc/meminfo",
              "MemTotal:*|MemFree:*|SwapTotal:*|SwapFree:*|Buffers:*|Cached:*|SwapCached:*"),
          Memory::parse);

  public Memory {
    mib = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mib));
  }

  public int totalMb() {
    return mib.getOrDefault("MemTotal", 0);
  }

  public int freeMb() {
    return mib.getOrDefault("MemFree", 0);
  }

  public int swapTotalMb() {
    return mib.getOrDefault("SwapTotal", 0);
  }

  public int swapFreeMb() {
    return mib.getOrDefault("SwapFree", 0);
  }

  /**
   * ansible_memory_mb as Ansible computes it, from the values in whole MiB; a value /proc/meminfo
   * lacks is null there too.
   */
  public Map<String, Object> asAnsible() {
    Integer total = mib.get("MemTotal");
    Integer free = mib.get("MemFree");
    Integer nocacheFree =
        free == null || mib.get("Cached") == null || mib.get("Buffers") == null
            ? null
            : mib.get("Cached") + free + mib.get("Buffers");
    Map<String, Object> real = new LinkedHashMap<>();
    real.put("total", total);
    real.put("used", total == null || free == null ? null : total - free);
    real.put("free", free);
    Map<String, Object> nocache = new LinkedHashMap<>();
    nocache.put("free", nocacheFree);
    nocache.put("used", total == null || nocacheFree == null ? null : total - nocacheFree);
    Integer swapTotal = mib.get("SwapTotal");
    Integer swapFree = mib.get("SwapFree");
    Map<String, Object> swap = new LinkedHashMap<>();
    swap.put("total", swapTotal);
    swap.put("free", swapFree);
    swap.put("used", swapTotal == null || swapFree == null ? null : swapTotal - swapFree);
    swap.put("cached", mib.get("SwapCached"));
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("real", real);
    memory.put("nocache", nocache);
    memory.put("swap", swap);
    return memory;
  }

  static Memory parse(List<String> lines) {
    Map<String, Integer> mib = new LinkedHashMap<>();
    for (String line : lines) {
      String[] parts = line.split(":\\s*", 2);
      if (parts.length == 2) {
        String kib = parts[1].strip().split("\\s+")[0];
        int value = Fact.parseInt(kib, -1);
        if (value >= 0) {
          mib.put(parts[0], value / 1024);
        }
      }
    }
    return new Memory(mib);
  }
}
