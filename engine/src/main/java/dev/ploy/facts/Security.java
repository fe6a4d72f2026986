package dev.ploy.facts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's security modes as Ansible's fips, selinux and apparmor facts name them: whether FIPS
 * mode is on (/proc/sys/crypto/fips_enabled is 1), SELinux's status and mode (selinuxfs and
 * /etc/selinux/config), AppArmor's status (/sys/kernel/security/apparmor). Roles choose by them
 * (geerlingguy.postgresql's default auth method is {@code ansible_fips | ternary(...)}).
 *
 * @param fips ansible_fips
 * @param selinux ansible_selinux: {status: disabled}, or enabled with mode, config_mode, type and
 *     policyvers
 * @param apparmor ansible_apparmor: {status: enabled | disabled}
 */
public record Security(boolean fips, Map<String, Object> selinux, Map<String, Object> apparmor) {
  public static final Fact<Security> FACT =
      Fact.of(
          "security",
          "echo fips=$(cat /proc/sys/crypto/fips_enabled 2>/dev/null);"
              + " if [ -e /sys/fs/selinux/enforce ]; then"
              + " echo selinux-enforce=$(cat /sys/fs/selinux/enforce);"
              + " echo selinux-policyvers=$(cat /sys/fs/selinux/policyvers 2>/dev/null);"
              + " sed -n 's/^SELINUX=/selinux-config=/p; s/^SELINUXTYPE=/selinux-type=/p'"
              + " /etc/selinux/config 2>/dev/null; fi;"
              + " [ -e /sys/kernel/security/apparmor ] && echo apparmor=enabled;"
              + " true",
          Security::parse);

  static Security parse(List<String> lines) {
    Map<String, Object> selinux = new LinkedHashMap<>();
    if (Fact.hasKey(lines, "selinux-enforce")) {
      selinux.put("status", "enabled");
      String policy = Fact.keyed(lines, "selinux-policyvers");
      selinux.put("policyvers", Fact.parseInt(policy, 0));
      selinux.put("config_mode", Fact.keyed(lines, "selinux-config"));
      selinux.put(
          "mode", Fact.keyed(lines, "selinux-enforce").equals("1") ? "enforcing" : "permissive");
      selinux.put("type", Fact.keyed(lines, "selinux-type"));
    } else {
      selinux.put("status", "disabled");
    }
    Map<String, Object> apparmor = new LinkedHashMap<>();
    apparmor.put("status", Fact.hasKey(lines, "apparmor") ? "enabled" : "disabled");
    return new Security(Fact.keyed(lines, "fips").equals("1"), selinux, apparmor);
  }
}
