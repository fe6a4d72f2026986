package dev.ploy.facts;

import java.util.List;

/**
 * The host's time zone where each keeper of it has it: systemd-timedated (when timedatectl answers
 * with a zone), /etc/timezone and the /etc/localtime link ("" for one that is not there).
 *
 * @param timedated whether timedatectl answers with a zone (systemd-timedated runs)
 * @param timedatectl that zone, "" without timedated
 * @param file the first line of /etc/timezone
 * @param link where /etc/localtime links to
 * @param resolves whether /etc/localtime leads to a file
 */
public record TimeZone(
    boolean timedated, String timedatectl, String file, String link, boolean resolves) {
  public static final Fact<TimeZone> FACT =
      Fact.of(
          "time-zone",
          "if command -v timedatectl >/dev/null 2>&1"
              + " && z=$(timedatectl show -p Timezone --value 2>/dev/null) && [ -n \"$z\" ];"
              + " then echo \"ctl=$z\"; fi;"
              + " echo \"file=$(head -n 1 /etc/timezone 2>/dev/null)\";"
              + " echo \"link=$(readlink /etc/localtime 2>/dev/null)\";"
              + " [ -e /etc/localtime ] && echo resolves=yes",
          TimeZone::parse,
          Fact.Basis.TIMEZONE);

  /** The zone /etc/localtime links to under {@code zoneinfo}, or the link itself when elsewhere. */
  public String linkedZone(String zoneinfo) {
    int at = link.indexOf(zoneinfo);
    return at >= 0 ? link.substring(at + zoneinfo.length()) : link;
  }

  static TimeZone parse(List<String> lines) {
    return new TimeZone(
        Fact.hasKey(lines, "ctl"),
        Fact.keyed(lines, "ctl"),
        Fact.keyed(lines, "file"),
        Fact.keyed(lines, "link"),
        Fact.keyed(lines, "resolves").equals("yes"));
  }
}
