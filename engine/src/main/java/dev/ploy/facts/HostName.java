package dev.ploy.facts;

import java.util.List;

/**
 * The host's name where each keeper of it has it: systemd-hostnamed's static name (when hostnamectl
 * answers), /etc/hostname and the running name ("" for one that is not there).
 *
 * @param hostnamed whether hostnamectl answers (systemd-hostnamed runs)
 * @param hostnamectl its static name, "" without hostnamed
 * @param file the first line of /etc/hostname
 * @param running the kernel's name (hostname, or uname -n)
 */
public record HostName(boolean hostnamed, String hostnamectl, String file, String running) {
  public static final Fact<HostName> FACT =
      Fact.of(
          "host-name",
          "if command -v hostnamectl >/dev/null 2>&1 && s=$(hostnamectl --static 2>/dev/null);"
              + " then echo \"ctl=$s\"; fi;"
              + " echo \"file=$(head -n 1 /etc/hostname 2>/dev/null)\";"
              + " echo \"running=$(hostname 2>/dev/null || uname -n)\"",
          HostName::parse,
          Fact.Basis.HOSTNAME);

  static HostName parse(List<String> lines) {
    return new HostName(
        Fact.hasKey(lines, "ctl"),
        Fact.keyed(lines, "ctl"),
        Fact.keyed(lines, "file"),
        Fact.keyed(lines, "running"));
  }
}
