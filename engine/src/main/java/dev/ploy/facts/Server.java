package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The small facts about the host that need no type of their own. */
public final class Server {
  private Server() {}

  /** The fully qualified host name, "" when none is known (ansible_fqdn). */
  public static final Fact<String> FQDN =
      Fact.of("fqdn", "hostname -f 2>/dev/null || uname -n", Fact::first, Fact.Basis.HOSTNAME);

  /** /etc/machine-id, "" without one (ansible_machine_id). */
  public static final Fact<String> MACHINE_ID =
      Fact.of("machine-id", Fact.lines("/etc/machine-id", "*"), Fact::first);

  /** The environment commands run in, by variable name (ansible_env). */
  public static final Fact<Map<String, String>> ENVIRONMENT =
      Fact.of("environment", "env", Server::environment);

  /**
   * The host's clock, as Ansible's ansible_date_time has it (but tz_dst, the zone's name in summer
   * time, which date cannot tell).
   */
  public static final Fact<Map<String, Object>> CLOCK =
      Fact.of("clock", "date '+%Y-%m-%d|%H:%M:%S|%s|%Z|%z|%A|%j|%W|%w|%N'", Server::clock);

  private static Map<String, String> environment(List<String> lines) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  private static final java.time.format.DateTimeFormatter ISO8601 =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** The UTC time of {@code epoch} as {@code date -u '+%Y-%m-%dT%H:%M:%SZ'} writes it. */
  static String iso8601(String epoch) {
    try {
      return ISO8601.format(java.time.Instant.ofEpochSecond(Long.parseLong(epoch.strip())));
    } catch (NumberFormatException e) {
      return "";
    }
  }

  private static Map<String, Object> clock(List<String> lines) {
    Map<String, Object> date = new LinkedHashMap<>();
    String[] f = Fact.first(lines).split("\\|");
    if (f.length < 8) {
      return date;
    }
    String[] ymd = f[0].split("-");
    String[] hms = f[1].split(":");
    // the microseconds of %N's nanoseconds (a date without %N: none)
    String nanos = f.length > 9 ? f[9] : "";
    String micros = nanos.matches("\\d{9}") ? nanos.substring(0, 6) : "000000";
    // in Ansible's order
    date.put("year", ymd[0]);
    date.put("month", ymd[1]);
    date.put("weekday", f[5]);
    if (f.length > 8) {
      date.put("weekday_number", f[8]);
    }
    date.put("weeknumber", f[7]);
    date.put("day", ymd[2]);
    date.put("hour", hms[0]);
    date.put("minute", hms[1]);
    date.put("second", hms[2]);
    date.put("epoch", f[2]);
    date.put("epoch_int", f[2]);
    date.put("date", f[0]);
    date.put("time", f[1]);
    String iso8601 = iso8601(f[2]);
    date.put(
        "iso8601_micro",
        iso8601.isEmpty() ? "" : iso8601.substring(0, iso8601.length() - 1) + "." + micros + "Z");
    date.put("iso8601", iso8601);
    String basic = f[0].replace("-", "") + "T" + f[1].replace(":", "");
    date.put("iso8601_basic", basic + micros);
    date.put("iso8601_basic_short", basic);
    date.put("tz", f[3]);
    date.put("tz_offset", f[4]);
    // not Ansible's: the day of the year
    date.put("julian_day", f[6]);
    return date;
  }
}
