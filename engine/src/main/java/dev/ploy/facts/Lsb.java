package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible_lsb as ansible-core 2.14 reads it: from {@code lsb_release -a} when the host has it, else
 * from /etc/lsb-release, else empty (a Debian host without the lsb-release package); major_release
 * added when there is a release. Quotes around a value are dropped.
 */
public final class Lsb {
  private Lsb() {}

  private static final String FILE = "@lsb-release";
  private static final String STRIP_QUOTES = "'\"\\";

  /**
   * lsb_release's output (when its status is 0), then /etc/lsb-release after a line "@lsb-release".
   */
  public static final Fact<Map<String, String>> FACT =
      Fact.of(
          "lsb",
          "p=$(command -v lsb_release) && o=$(\"$p\" -a 2>/dev/null) && printf '%s\\n' \"$o\"; echo "
              + FILE
              + "; "
              + Fact.lines("/etc/lsb-release", "*"),
          Lsb::parse,
          Fact.Basis.PACKAGES);

  /** The facts; null where Ansible's collector fails (a line of /etc/lsb-release without '='). */
  static Map<String, String> parse(List<String> lines) {
    int file = lines.indexOf(FILE);
    List<String> command = file < 0 ? lines : lines.subList(0, file);
    Map<String, String> lsb = new LinkedHashMap<>();
    for (String line : command) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String value = line.substring(colon + 1).strip();
      if (line.contains("LSB Version:")) {
        lsb.put("release", value);
      } else if (line.contains("Distributor ID:")) {
        lsb.put("id", value);
      } else if (line.contains("Description:")) {
        lsb.put("description", value);
      } else if (line.contains("Release:")) {
        lsb.put("release", value);
      } else if (line.contains("Codename:")) {
        lsb.put("codename", value);
      }
    }
    if (lsb.isEmpty() && file >= 0) {
      for (String line : lines.subList(file + 1, lines.size())) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          return null;
        }
        String value = line.substring(eq + 1).strip();
        if (line.contains("DISTRIB_ID")) {
          lsb.put("id", value);
        } else if (line.contains("DISTRIB_RELEASE")) {
          lsb.put("release", value);
        } else if (line.contains("DISTRIB_DESCRIPTION")) {
          lsb.put("description", value);
        } else if (line.contains("DISTRIB_CODENAME")) {
          lsb.put("codename", value);
        }
      }
    }
    if (lsb.containsKey("release")) {
      lsb.put("major_release", lsb.get("release").split("\\.", -1)[0]);
    }
    lsb.replaceAll((key, value) -> value.isEmpty() ? value : strip(value));
    return lsb;
  }

  private static String strip(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && STRIP_QUOTES.indexOf(value.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && STRIP_QUOTES.indexOf(value.charAt(end - 1)) >= 0) {
      end--;
    }
    return value.substring(start, end);
  }
}
