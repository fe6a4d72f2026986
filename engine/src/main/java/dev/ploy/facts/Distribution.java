package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The distribution as Ansible names it, from /etc/os-release (and Debian's point release from
 * /etc/debian_version).
 *
 * @param name Debian, Ubuntu, RedHat... (ansible_distribution)
 * @param family Debian, RedHat, Alpine... (ansible_os_family)
 * @param version 12.5, 22.04... (ansible_distribution_version)
 * @param release the code name: bookworm, jammy... (ansible_distribution_release)
 */
public record Distribution(String name, String family, String version, String release) {
  private static final String DEBIAN_VERSION = "debian_version ";

  public static final Fact<Distribution> FACT =
      Fact.of(
          "distribution",
          Fact.prefixedLines("/etc/debian_version", DEBIAN_VERSION.strip())
              + "; "
              + Fact.lines("/etc/os-release", "*")
              + " || "
              + Fact.lines("/usr/lib/os-release", "*"),
          Distribution::parse,
          Fact.Basis.PACKAGES);

  /** ansible_distribution_major_version: 12 of 12.5. */
  public String majorVersion() {
    return version.split("\\.")[0];
  }

  /**
   * ansible_distribution_minor_version: 15 of Debian's 12.15, as Ansible takes it from
   * /etc/debian_version; empty elsewhere, where Ansible has no such fact either.
   */
  public String minorVersion() {
    String[] parts = version.split("\\.");
    return name.equals("Debian") && parts.length > 1 ? parts[1] : "";
  }

  static Distribution parse(List<String> lines) {
    String debianVersion = "";
    Map<String, String> osRelease = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith(DEBIAN_VERSION)) {
        debianVersion = line.substring(DEBIAN_VERSION.length()).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        osRelease.put(line.substring(0, eq).strip(), value);
      }
    }
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
    return new Distribution(name, family, version, osRelease.getOrDefault("VERSION_CODENAME", ""));
  }
}
