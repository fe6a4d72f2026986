package dev.ploy.facts;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers a host's facts with one POSIX shell script (one round trip, no Python on the target) and
 * names them as Ansible does: {@code ansible_distribution}, {@code ansible_os_family}...
 *
 * <p>The script prints sections introduced by a {@code @@name} line; {@link #parse} turns them into
 * facts. Every fact is also available under {@code ansible_facts} without its prefix.
 */
public final class FactGatherer {
  private FactGatherer() {}

  /** The probe: each section is independent, so a missing tool only empties its section. */
  static final String SCRIPT =
      String.join(
          "\n",
          "echo @@os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null",
          "echo @@debian-version; cat /etc/debian_version 2>/dev/null",
          "echo @@uname; uname -s; uname -n; uname -r; uname -m; uname -v",
          "echo @@fqdn; hostname -f 2>/dev/null || uname -n",
          "echo @@nproc; getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null",
          "echo @@meminfo; grep -E '^(MemTotal|MemFree|SwapTotal|SwapFree):' /proc/meminfo 2>/dev/null",
          "echo @@route; ip -4 route show default 2>/dev/null | head -n 1",
          "echo @@addr; ip -4 -o addr show 2>/dev/null",
          "echo @@init; cat /proc/1/comm 2>/dev/null",
          "echo @@pkg; for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null"
              + " 2>&1 && echo $m; done",
          "echo @@id; id -un; id -u; id -g; id -gn",
          "echo @@date; date '+%Y-%m-%d|%H:%M:%S|%s|%Z|%z|%A|%j|%W'; date -u '+%Y-%m-%dT%H:%M:%SZ'",
          "echo @@machine-id; cat /etc/machine-id 2>/dev/null",
          "echo @@python; p=$(command -v python3 || command -v python) && echo \"$p\" &&"
              + " \"$p\" --version 2>&1",
          "echo @@env; env",
          "echo @@end");

  /** Runs the probe and returns the facts; a host that cannot run /bin/sh gets an exception. */
  public static Map<String, Object> gather(Connection connection, Optional<Become> become)
      throws ConnectionException {
    ExecResult result = connection.exec(Command.of(SCRIPT).withBecome(become));
    if (!result.stdout().contains("@@end")) {
      throw new ConnectionException(
          "gathering facts failed (rc=" + result.rc() + "): " + result.stderr().strip());
    }
    return parse(result.stdout());
  }

  static Map<String, Object> parse(String output) {
    Map<String, List<String>> sections = sections(output);
    Map<String, Object> facts = new LinkedHashMap<>();
    Map<String, String> osRelease = keyValues(sections.get("os-release"));
    List<String> uname = sections.get("uname");

    facts.put("ansible_system", line(uname, 0));
    facts.put("ansible_nodename", line(uname, 1));
    facts.put("ansible_hostname", line(uname, 1).split("\\.")[0]);
    facts.put("ansible_kernel", line(uname, 2));
    facts.put("ansible_architecture", line(uname, 3));
    facts.put("ansible_machine", line(uname, 3));
    facts.put("ansible_kernel_version", line(uname, 4));
    String fqdn = line(sections.get("fqdn"), 0);
    facts.put("ansible_fqdn", fqdn.isEmpty() ? line(uname, 1) : fqdn);
    facts.put("ansible_domain", fqdn.contains(".") ? fqdn.substring(fqdn.indexOf('.') + 1) : "");

    distribution(osRelease, line(sections.get("debian-version"), 0), facts);

    int vcpus = parseInt(line(sections.get("nproc"), 0), 1);
    facts.put("ansible_processor_vcpus", vcpus);
    facts.put("ansible_processor_nproc", vcpus);
    facts.put("ansible_processor_cores", vcpus);
    facts.put("ansible_processor_count", 1);
    Map<String, String> mem = new LinkedHashMap<>();
    for (String l : sections.getOrDefault("meminfo", List.of())) {
      String[] parts = l.split(":\\s*");
      if (parts.length == 2) {
        mem.put(parts[0], parts[1].replace(" kB", "").strip());
      }
    }
    facts.put("ansible_memtotal_mb", parseInt(mem.get("MemTotal"), 0) / 1024);
    facts.put("ansible_memfree_mb", parseInt(mem.get("MemFree"), 0) / 1024);
    facts.put("ansible_swaptotal_mb", parseInt(mem.get("SwapTotal"), 0) / 1024);

    network(sections, facts);

    String init = line(sections.get("init"), 0);
    facts.put(
        "ansible_service_mgr",
        init.equals("systemd")
            ? "systemd"
            : init.isEmpty() ? "sysvinit" : init.equals("init") ? "sysvinit" : init);
    String pkg = line(sections.get("pkg"), 0);
    facts.put("ansible_pkg_mgr", pkg.equals("apt-get") ? "apt" : pkg.isEmpty() ? "unknown" : pkg);

    List<String> id = sections.getOrDefault("id", List.of());
    facts.put("ansible_user_id", line(id, 0));
    facts.put("ansible_user_uid", parseInt(line(id, 1), -1));
    facts.put("ansible_user_gid", parseInt(line(id, 2), -1));

    Map<String, Object> env = new LinkedHashMap<>();
    for (String l : sections.getOrDefault("env", List.of())) {
      int eq = l.indexOf('=');
      if (eq > 0 && l.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
        env.put(l.substring(0, eq), l.substring(eq + 1));
      }
    }
    facts.put("ansible_env", env);
    facts.put("ansible_user_dir", env.getOrDefault("HOME", ""));
    facts.put("ansible_user_shell", env.getOrDefault("SHELL", ""));

    facts.put("ansible_date_time", dateTime(sections.getOrDefault("date", List.of())));
    facts.put("ansible_machine_id", line(sections.get("machine-id"), 0));

    python(sections.getOrDefault("python", List.of()), facts);

    Map<String, Object> bare = new LinkedHashMap<>();
    facts.forEach((name, value) -> bare.put(name.substring("ansible_".length()), value));
    facts.put("ansible_facts", bare);
    return facts;
  }

  /**
   * ansible_python: the target's Python, when it has one (ploy does not need it), as Ansible
   * describes the interpreter that ran its fact module; read from {@code python3 --version}.
   */
  private static void python(List<String> lines, Map<String, Object> facts) {
    var version =
        java.util.regex.Pattern.compile("Python (\\d+)\\.(\\d+)\\.(\\d+)").matcher(line(lines, 1));
    if (line(lines, 0).isEmpty() || !version.lookingAt()) {
      return;
    }
    List<Object> info = new ArrayList<>();
    for (int group = 1; group <= 3; group++) {
      info.add(Integer.parseInt(version.group(group)));
    }
    info.add("final");
    info.add(0);
    Map<String, Object> named = new LinkedHashMap<>();
    List.of("major", "minor", "micro", "releaselevel", "serial")
        .forEach(name -> named.put(name, info.get(named.size())));
    Map<String, Object> python = new LinkedHashMap<>();
    python.put("executable", line(lines, 0));
    python.put("has_sslcontext", true);
    python.put("type", "CPython");
    python.put("version", named);
    python.put("version_info", info);
    facts.put("ansible_python", python);
    facts.put(
        "ansible_python_version",
        version.group(1) + "." + version.group(2) + "." + version.group(3));
  }

  private static void distribution(
      Map<String, String> osRelease, String debianVersion, Map<String, Object> facts) {
    String id = osRelease.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
    String name =
        switch (id) {
          case "debian" -> "Debian";
          case "ubuntu" -> "Ubuntu";
          case "linuxmint" -> "Linux Mint";
          case "centos" -> "CentOS";
          case "rhel" -> "RedHat";
          case "fedora" -> "Fedora";
          case "rocky" -> "Rocky";
          case "almalinux" -> "AlmaLinux";
          case "alpine" -> "Alpine";
          case "arch" -> "Archlinux";
          case "opensuse-leap", "opensuse-tumbleweed", "sles" -> "openSUSE Leap";
          case "" -> "Unknown";
          default -> Character.toUpperCase(id.charAt(0)) + id.substring(1);
        };
    String family =
        switch (id) {
          case "debian", "ubuntu", "linuxmint", "raspbian", "pop", "kali" -> "Debian";
          case "centos", "rhel", "fedora", "rocky", "almalinux", "ol", "amzn" -> "RedHat";
          case "alpine" -> "Alpine";
          case "arch", "manjaro" -> "Archlinux";
          case "opensuse-leap", "opensuse-tumbleweed", "sles" -> "Suse";
          default -> osRelease.getOrDefault("ID_LIKE", name).split(" ")[0];
        };
    String version = osRelease.getOrDefault("VERSION_ID", "");
    // Ansible reports Debian's point release (12.5) from /etc/debian_version.
    if (id.equals("debian") && debianVersion.matches("\\d+(\\.\\d+)*")) {
      version = debianVersion;
    }
    facts.put("ansible_distribution", name);
    facts.put("ansible_os_family", family);
    facts.put("ansible_distribution_version", version);
    facts.put("ansible_distribution_major_version", version.split("\\.")[0]);
    facts.put("ansible_distribution_release", osRelease.getOrDefault("VERSION_CODENAME", ""));
    facts.put(
        "ansible_lsb",
        Map.of(
            "codename",
            osRelease.getOrDefault("VERSION_CODENAME", ""),
            "id",
            name,
            "release",
            version));
  }

  private static void network(Map<String, List<String>> sections, Map<String, Object> facts) {
    String route = line(sections.get("route"), 0);
    String gateway = wordAfter(route, "via");
    String device = wordAfter(route, "dev");
    List<String> all = new ArrayList<>();
    Map<String, Object> defaultIpv4 = new LinkedHashMap<>();
    for (String l : sections.getOrDefault("addr", List.of())) {
      // "2: eth0    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0 ..."
      String[] words = l.trim().split("\\s+");
      if (words.length < 4 || !words[2].equals("inet")) {
        continue;
      }
      String iface = words[1];
      String[] cidr = words[3].split("/");
      if (!iface.equals("lo")) {
        all.add(cidr[0]);
      }
      if (iface.equals(device) && defaultIpv4.isEmpty()) {
        defaultIpv4.put("address", cidr[0]);
        defaultIpv4.put("interface", iface);
        defaultIpv4.put("gateway", gateway);
        defaultIpv4.put("prefix", cidr.length > 1 ? cidr[1] : "");
      }
    }
    facts.put("ansible_default_ipv4", defaultIpv4);
    facts.put("ansible_all_ipv4_addresses", all);
  }

  private static Map<String, Object> dateTime(List<String> lines) {
    Map<String, Object> date = new LinkedHashMap<>();
    String[] f = line(lines, 0).split("\\|");
    if (f.length < 8) {
      return date;
    }
    String[] ymd = f[0].split("-");
    String[] hms = f[1].split(":");
    date.put("date", f[0]);
    date.put("time", f[1]);
    date.put("year", ymd[0]);
    date.put("month", ymd[1]);
    date.put("day", ymd[2]);
    date.put("hour", hms[0]);
    date.put("minute", hms[1]);
    date.put("second", hms[2]);
    date.put("epoch", f[2]);
    date.put("tz", f[3]);
    date.put("tz_offset", f[4]);
    date.put("weekday", f[5]);
    date.put("julian_day", f[6]);
    date.put("weeknumber", f[7]);
    date.put("iso8601", line(lines, 1));
    return date;
  }

  private static Map<String, List<String>> sections(String output) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    for (String l : output.split("\n", -1)) {
      if (l.startsWith("@@") && l.length() > 2 && l.substring(2).matches("[a-z-]+")) {
        current = new ArrayList<>();
        sections.put(l.substring(2), current);
      } else if (current != null) {
        current.add(l);
      }
    }
    sections.values().forEach(list -> list.removeIf(String::isEmpty));
    return sections;
  }

  private static Map<String, String> keyValues(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String l : lines == null ? List.<String>of() : lines) {
      int eq = l.indexOf('=');
      if (eq > 0) {
        String value = l.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        values.put(l.substring(0, eq).strip(), value);
      }
    }
    return values;
  }

  private static String line(List<String> lines, int index) {
    return lines == null || lines.size() <= index ? "" : lines.get(index).strip();
  }

  private static String wordAfter(String text, String word) {
    String[] words = text.split("\\s+");
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals(word)) {
        return words[i + 1];
      }
    }
    return "";
  }

  private static int parseInt(String text, int fallback) {
    try {
      return text == null ? fallback : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
