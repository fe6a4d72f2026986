package dev.ploy.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the host is a container or a virtual machine, as Ansible's Linux virtual facts tell it
 * (ansible_virtualization_type, _role, _tech_guest, _tech_host), read in Ansible's order: process
 * 1's cgroups (docker, lxc, containerd) and its container= variable (lxc, podman, any), openvz,
 * systemd's /run/systemd/container, /.dockerenv, then the DMI names of the machine (kvm, VMware,
 * virtualbox, xen...). The first found is the type; "NA" when none is. Not read: Xen's and
 * linux-vserver's /proc files, /proc/cpuinfo, and what makes a host a hypervisor.
 *
 * @param type docker, lxc, container, kvm, VMware... or NA
 * @param role guest, host or NA
 * @param guestTech every technology found the host is a guest of
 * @param hostTech every technology found the host runs guests with
 */
public record Virtualization(
    String type, String role, List<String> guestTech, List<String> hostTech) {
  public static final Fact<Virtualization> FACT =
      Fact.of(
          "virtualization",
          Fact.prefixedLines("/proc/1/cgroup", "cgroup")
              + "; tr '\\000' '\\n' < /proc/1/environ 2>/dev/null | while IFS= read -r l; do"
              + " case $l in container=*) printf 'environ %s\\n' \"$l\";; esac; done; "
              + "for p in /proc/vz /proc/lve /proc/bc /.dockerenv /.dockerinit; do"
              + " [ -e $p ] && echo \"exists $p\"; done; "
              + "[ -s /run/systemd/container ] && "
              + Fact.prefixedLines("/run/systemd/container", "systemd-container")
              + "; for k in product_name sys_vendor product_family bios_vendor; do"
              + " f=/sys/devices/virtual/dmi/id/$k; v=;"
              + " [ -r $f ] && { IFS= read -r v < $f; printf 'dmi-%s %s\\n' $k \"$v\"; }; done; "
              + "true",
          Virtualization::parse);

  /**
   * DMI product names, system vendors and BIOS vendors of virtual machines, as Ansible maps them.
   */
  private static final Map<String, String> PRODUCTS =
      Map.of(
          "KVM", "kvm",
          "KVM Server", "kvm",
          "Bochs", "kvm",
          "AHV", "kvm",
          "VMware Virtual Platform", "VMware",
          "VMware7,1", "VMware",
          "OpenStack Compute", "openstack",
          "OpenStack Nova", "openstack");

  private static final Map<String, String> BIOS_VENDORS =
      Map.of(
          "Xen", "xen",
          "innotek GmbH", "virtualbox",
          "Amazon EC2", "kvm",
          "DigitalOcean", "kvm",
          "Hetzner", "kvm");

  private static final Map<String, String> SYS_VENDORS =
      Map.ofEntries(
          Map.entry("QEMU", "kvm"),
          Map.entry("Amazon EC2", "kvm"),
          Map.entry("DigitalOcean", "kvm"),
          Map.entry("Google", "kvm"),
          Map.entry("Scaleway", "kvm"),
          Map.entry("Nutanix", "kvm"),
          Map.entry("KubeVirt", "KubeVirt"),
          Map.entry("Microsoft Corporation", "VirtualPC"),
          Map.entry("Parallels Software International Inc.", "parallels"),
          Map.entry("OpenStack Foundation", "openstack"));

  public Virtualization {
    guestTech = List.copyOf(guestTech);
    hostTech = List.copyOf(hostTech);
  }

  /** What the probe's tagged lines ("cgroup ...", "environ ...", "exists PATH"...) tell. */
  static Virtualization parse(List<String> lines) {
    Found found = new Found();
    List<String> exists = new ArrayList<>();
    String systemdContainer = "";
    Map<String, String> dmi = new java.util.HashMap<>();
    for (String line : lines) {
      String tag = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
      String value = line.substring(tag.length()).strip();
      switch (tag) {
        case "cgroup" -> {
          if (value.matches(".*/docker(/|-[0-9a-f]+\\.scope).*")) {
            found.guest("docker");
          }
          if (value.contains("/lxc/") || value.contains("/machine.slice/machine-lxc")) {
            found.guest("lxc");
          }
          if (value.contains("/system.slice/containerd.service")) {
            found.guest("containerd");
          }
        }
        case "environ" -> {
          if (value.contains("container=lxc")) {
            found.guest("lxc");
          }
          if (value.contains("container=podman")) {
            found.guest("podman");
          }
          if (value.matches("container=.+")) {
            found.guest("container");
          }
        }
        case "exists" -> exists.add(value);
        case "systemd-container" -> systemdContainer = value;
        default -> {
          if (tag.startsWith("dmi-")) {
            dmi.put(tag.substring(4), value);
          }
        }
      }
    }
    if (exists.contains("/proc/vz") && !exists.contains("/proc/lve")) {
      if (exists.contains("/proc/bc")) {
        found.host("openvz");
      } else {
        found.guest("openvz");
      }
    }
    if (!systemdContainer.isEmpty()) {
      found.guest(systemdContainer);
    }
    if (exists.contains("/.dockerenv") || exists.contains("/.dockerinit")) {
      found.guest("docker");
    }
    if (!systemdContainer.isEmpty()
        || found.guestTech.stream()
            .anyMatch(Set.of("docker", "lxc", "podman", "openvz", "containerd")::contains)) {
      found.guestTech.add("container");
    }
    String product = dmi.getOrDefault("product_name", "");
    String vendor = dmi.getOrDefault("sys_vendor", "");
    vm(found, PRODUCTS.get(product));
    if (vendor.equals("oVirt")) {
      vm(found, "oVirt");
    }
    if (vendor.equals("Red Hat")) {
      vm(
          found,
          dmi.getOrDefault("product_family", "").equals("RHV")
              ? "RHV"
              : product.equals("RHEV Hypervisor") ? "RHEV" : null);
    }
    vm(found, BIOS_VENDORS.get(dmi.getOrDefault("bios_vendor", "")));
    vm(found, SYS_VENDORS.get(vendor));
    return new Virtualization(
        found.type == null ? "NA" : found.type,
        found.type == null ? "NA" : found.role,
        new ArrayList<>(found.guestTech),
        new ArrayList<>(found.hostTech));
  }

  private static void vm(Found found, String tech) {
    if (tech != null) {
      found.guest(tech);
    }
  }

  /** What was found so far: the first technology found gives the type and role. */
  private static final class Found {
    String type;
    String role;
    final Set<String> guestTech = new TreeSet<>();
    final Set<String> hostTech = new TreeSet<>();

    void guest(String tech) {
      guestTech.add(tech);
      first(tech, "guest");
    }

    void host(String tech) {
      hostTech.add(tech);
      first(tech, "host");
    }

    private void first(String tech, String as) {
      if (type == null) {
        type = tech;
        role = as;
      }
    }
  }
}
