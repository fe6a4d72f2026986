package dev.ploy.facts;

/**
 * The host's package manager as Ansible names it (ansible_pkg_mgr): apt, dnf, yum, zypper, apk,
 * pacman, or "unknown".
 */
public final class PackageManager {
  private PackageManager() {}

  public static final Fact<String> FACT =
      Fact.of(
          "package-manager",
          "for m in apt-get dnf yum zypper apk pacman; do command -v $m >/dev/null 2>&1 && echo $m;"
              + " done",
          lines -> {
            String found = Fact.first(lines);
            return found.equals("apt-get") ? "apt" : found.isEmpty() ? "unknown" : found;
          },
          Fact.Basis.PACKAGES);
}
