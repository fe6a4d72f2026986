package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processors as Ansible's hardware facts describe them from /proc/cpuinfo: ansible_processor
 * (the values of the lines named processor, vendor_id, model name, and ARM's Processor, Power's
 * cpu, Vendor, in their order: ["0", "GenuineIntel", "Intel(R) Xeon(R) ...", "1", ...]) and the
 * counts ansible_processor_count, _cores, _threads_per_core, _vcpus and _nproc, computed as
 * ansible-core 2.14's get_cpu_facts computes them, its quirks included.
 *
 * @param processor ansible_processor
 * @param lines the /proc/cpuinfo lines the counts read, in order
 * @param xen whether the host is a Xen guest (/proc/xen, or /sys/hypervisor/type says xen)
 * @param nproc the processors the shell may run on (its Cpus_allowed_list), -1 when unknown
 */
public record Processor(List<String> processor, List<String> lines, boolean xen, int nproc) {

  private static final Set<String> KEYS =
      Set.of("model name", "Processor", "vendor_id", "cpu", "Vendor", "processor");

  private static final String XEN = "@xen";
  private static final String AFFINITY = "@affinity ";

  /** The socket and core before any line names one: no text a stripped line can hold. */
  private static final String INITIAL = "\u0000";

  /**
   * The lines of /proc/cpuinfo that count (flags only on Xen, where Ansible looks for vme), then
   * the shell's own Cpus_allowed_list, as Python's sched_getaffinity sees it; read with the shell's
   * builtins, no process.
   */
  public static final Fact<Processor> FACT =
      Fact.of(
          "processor",
          "x=; [ -e /proc/xen ] && x=1; [ -r /sys/hypervisor/type ]"
              + " && read -r t < /sys/hypervisor/type && [ \"$t\" = xen ] && x=1;"
              + " [ -n \"$x\" ] && echo "
              + XEN
              + "; { [ -r /proc/cpuinfo ] && while IFS= read -r l || [ -n \"$l\" ]; do case $l in"
              + " flags*) [ -n \"$x\" ] && printf '%s\\n' \"$l\";;"
              + " 'model name'*|Processor*|vendor_id*|cpu*|Vendor*|processor*|'physical id'*"
              + "|'core id'*|siblings*|'# processors'*|'ncpus active'*) printf '%s\\n' \"$l\";;"
              + " esac; done < /proc/cpuinfo; }; { while IFS= read -r l; do case $l in"
              + " Cpus_allowed_list:*) printf '"
              + AFFINITY
              + "%s\\n' \"$l\";; esac; done < /proc/self/status; } 2>/dev/null",
          Processor::parse);

  public Processor {
    processor = List.copyOf(processor);
    lines = List.copyOf(lines);
  }

  static Processor parse(List<String> output) {
    List<String> processor = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    boolean xen = false;
    int nproc = -1;
    for (String line : output) {
      if (line.equals(XEN)) {
        xen = true;
      } else if (line.startsWith(AFFINITY)) {
        nproc = cpus(line.substring(line.indexOf(':') + 1).strip());
      } else {
        lines.add(line);
        int colon = line.indexOf(':');
        String key = (colon < 0 ? line : line.substring(0, colon)).strip();
        if (KEYS.contains(key)) {
          processor.add(colon < 0 ? "" : line.substring(colon + 1).strip());
        }
      }
    }
    return new Processor(processor, lines, xen, nproc);
  }

  /** The number of processors in a list such as "0-3,6,8-9"; -1 when it cannot be read. */
  static int cpus(String list) {
    int count = 0;
    for (String range : list.split(",")) {
      String[] ends = range.strip().split("-");
      int from = Fact.parseInt(ends[0], -1);
      int to = ends.length > 1 ? Fact.parseInt(ends[1], -1) : from;
      if (from < 0 || to < from) {
        return -1;
      }
      count += to - from + 1;
    }
    return count;
  }

  /**
   * ansible_processor_count, _cores, _threads_per_core, _vcpus and _nproc (without the ansible_
   * prefix) on a host of this architecture; none on s390x, as in Ansible.
   */
  public Map<String, Integer> counts(String architecture) {
    int i = 0;
    int vendorIds = 0;
    int modelNames = 0;
    int processors = 0;
    boolean xenParavirt = false;
    // Ansible starts both at the integer 0, a key apart from the text "0" a line gives
    String physid = INITIAL;
    String coreid = INITIAL;
    // Python dicts: insertion order, a key set again keeps its place
    Map<String, Integer> sockets = new LinkedHashMap<>();
    Map<String, Integer> cores = new LinkedHashMap<>();
    Integer sharpProcessors = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      String key = (colon < 0 ? line : line.substring(0, colon)).strip();
      String value = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (xen && key.equals("flags") && !List.of(value.split("\\s+")).contains("vme")) {
        xenParavirt = true;
      }
      switch (key) {
        case "model name", "Processor", "vendor_id", "cpu", "Vendor", "processor" -> {
          vendorIds += key.equals("vendor_id") ? 1 : 0;
          modelNames += key.equals("model name") ? 1 : 0;
          processors += key.equals("processor") ? 1 : 0;
          i++;
        }
        case "physical id" -> {
          physid = value;
          sockets.putIfAbsent(physid, 1);
        }
        case "core id" -> {
          coreid = value;
          // Ansible looks the core up among the sockets here, not among the cores
          if (!sockets.containsKey(coreid)) {
            cores.put(coreid, 1);
          }
        }
        case "cpu cores" -> sockets.put(physid, Fact.parseInt(value, 0));
        case "siblings" -> cores.put(coreid, Fact.parseInt(value, 0));
        case "# processors" -> sharpProcessors = Fact.parseInt(value, 0);
        case "ncpus active" -> i = Fact.parseInt(value, 0);
        default -> {}
      }
    }
    if (vendorIds > 0 && vendorIds == modelNames) {
      i = vendorIds;
    }
    if (architecture.startsWith("armv")
        || architecture.startsWith("aarch")
        || architecture.startsWith("ppc")) {
      i = processors;
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (architecture.equals("s390x")) {
      return counts;
    }
    if (xenParavirt) {
      counts.put("processor_count", i);
      counts.put("processor_cores", i);
      counts.put("processor_threads_per_core", 1);
      counts.put("processor_vcpus", i);
      return counts;
    }
    if (sharpProcessors != null) {
      counts.put("processor_cores", sharpProcessors);
    }
    int count = sockets.isEmpty() ? i : sockets.size();
    Integer firstSocket = sockets.values().stream().findFirst().orElse(0);
    int coresPerSocket = firstSocket != 0 ? firstSocket : 1;
    int threads =
        cores.isEmpty()
            ? Math.floorDiv(1, coresPerSocket)
            : Math.floorDiv(cores.values().iterator().next(), coresPerSocket);
    counts.put("processor_count", count);
    counts.put("processor_cores", coresPerSocket);
    counts.put("processor_threads_per_core", threads);
    counts.put("processor_vcpus", threads * count * coresPerSocket);
    counts.put("processor_nproc", nproc >= 0 ? nproc : processors);
    return counts;
  }
}
