package dev.ploy.facts;

/**
 * The host's service manager as Ansible names it (ansible_service_mgr), from the name of process 1:
 * systemd, sysvinit (an init, or none to be read), or process 1's own name (openrc, runit...).
 */
public final class ServiceManager {
  private ServiceManager() {}

  public static final Fact<String> FACT =
      Fact.of(
          "service-manager",
          Fact.lines("/proc/1/comm", "*"),
          lines -> {
            String init = Fact.first(lines);
            return init.isEmpty() || init.equals("init") ? "sysvinit" : init;
          },
          Fact.Basis.PACKAGES);

  /** Whether {@code manager} (a value of this fact) is systemd. */
  public static boolean isSystemd(String manager) {
    return manager.equals("systemd");
  }
}
