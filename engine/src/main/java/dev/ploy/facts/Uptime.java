package dev.ploy.facts;

import java.util.List;

/** Seconds since the host booted, whole, from /proc/uptime (ansible_uptime_seconds). */
public final class Uptime {
  private Uptime() {}

  /** -1 when /proc/uptime cannot be read; read with the shell's builtins, no process. */
  public static final Fact<Long> FACT =
      Fact.of("uptime", Fact.lines("/proc/uptime", "*"), Uptime::parse);

  static long parse(List<String> lines) {
    // "49632.45 98123.10": the first number, its fraction dropped as Ansible's int(float(...))
    String seconds = Fact.first(lines).split("\\s+")[0];
    try {
      return (long) Double.parseDouble(seconds);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
