package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network interfaces as Ansible's setup module describes them: ansible_interfaces, one
 * ansible_NAME each (device, macaddress, mtu, active, module, type, pciid, speed, promisc, ipv4,
 * ipv4_secondaries, ipv6), ansible_all_ipv4_addresses, ansible_all_ipv6_addresses,
 * ansible_default_ipv4 and ansible_default_ipv6.
 *
 * <p>One command: the interfaces in /sys/class/net's own order (one {@code ls -U}, as Ansible's
 * glob lists them), their /sys files read with the shell's builtins, one {@code ip -o addr show}
 * and the two routes Ansible asks for to find the default interfaces ({@code ip route get} only
 * looks the route up: nothing is sent). Not read: bridges' and bonds' own keys, and ethtool's
 * features.
 *
 * @param interfaces each interface's facts under its name, ':' written '_' as Ansible does
 * @param allIpv4 every IPv4 address but those of 127.0.0.0/8, on any interface
 * @param allIpv6 every IPv6 address but ::1
 * @param defaultIpv4 gateway, interface, address, broadcast, netmask, network, prefix, macaddress,
 *     mtu, type and alias of the IPv4 route to 8.8.8.8; empty without one
 * @param defaultIpv6 interface, address, gateway, prefix, scope... of the IPv6 default route
 */
public record Interfaces(
    Map<String, Map<String, Object>> interfaces,
    List<String> allIpv4,
    List<String> allIpv6,
    Map<String, Object> defaultIpv4,
    Map<String, Object> defaultIpv6) {
  /** The address Ansible asks the IPv4 route to: Google's public DNS. */
  private static final String PROBE_V4 = "8.8.8.8";

  /** The address Ansible asks the IPv6 route to: ipv6.google.com's. */
  private static final String PROBE_V6 = "2404:6800:400a:800::1012";

  private static final String IP = "@ip";
  private static final String ROUTE = "@route";
  private static final String ROUTE_V4 = "@route4";
  private static final List<String> SYS_FILES =
      List.of("address", "mtu", "operstate", "type", "speed", "flags");

  public static final Fact<Interfaces> FACT =
      Fact.of(
          "interfaces",
          "for n in $(ls -U /sys/class/net 2>/dev/null); do p=/sys/class/net/$n;"
              + " [ -d $p ] || continue; printf 'iface %s\\n' \"$n\"; for f in "
              + String.join(" ", SYS_FILES)
              + "; do [ -r $p/$f ] && read -r v < $p/$f 2>/dev/null"
              + " && printf 'sys %s %s %s\\n' \"$n\" $f \"$v\"; done;"
              + " [ -e $p/device/driver/module ] && (cd -P $p/device/driver/module"
              + " && printf 'sys %s module %s\\n' \"$n\" \"${PWD##*/}\");"
              + " [ -e $p/device ] && (cd -P $p/device"
              + " && printf 'sys %s pciid %s\\n' \"$n\" \"${PWD##*/}\"); done; echo "
              + IP
              + "; ip -o addr show 2>/dev/null; echo "
              + ROUTE_V4
              + "; ip -4 route get "
              + PROBE_V4
              + " 2>/dev/null; echo "
              + ROUTE
              + "; ip -6 route get "
              + PROBE_V6
              + " 2>/dev/null",
          Interfaces::parse);

  private static final Map<String, String> TYPES =
      Map.of("1", "ether", "32", "infiniband", "512", "ppp", "772", "loopback", "65534", "tunnel");

  public Interfaces {
    interfaces = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(interfaces));
    allIpv4 = List.copyOf(allIpv4);
    allIpv6 = List.copyOf(allIpv6);
    defaultIpv4 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultIpv4));
    defaultIpv6 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultIpv6));
  }

  static Interfaces parse(List<String> lines) {
    Map<String, Map<String, Object>> interfaces = new LinkedHashMap<>();
    Map<String, Map<String, String>> sys = new LinkedHashMap<>();
    List<String[]> addresses = new ArrayList<>();
    Map<String, Object> defaultIpv4 = new LinkedHashMap<>();
    Map<String, Object> defaultIpv6 = new LinkedHashMap<>();
    String part = "";
    for (String line : lines) {
      if (line.equals(IP) || line.equals(ROUTE) || line.equals(ROUTE_V4)) {
        part = line;
      } else if (part.isEmpty() && line.startsWith("iface ")) {
        sys.put(line.substring("iface ".length()), new LinkedHashMap<>());
      } else if (part.isEmpty() && line.startsWith("sys ")) {
        String[] words = line.split(" ", 4);
        if (words.length == 4 && sys.containsKey(words[1])) {
          sys.get(words[1]).put(words[2], words[3].strip());
        }
      } else if (part.equals(IP)) {
        // "2: eth0    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\   valid_lft ..."
        String text = line.contains("\\") ? line.substring(0, line.indexOf('\\')) : line;
        String[] words = text.trim().split("\\s+");
        if (words.length > 3) {
          addresses.add(words);
        }
      } else if (part.equals(ROUTE_V4)) {
        route(line, PROBE_V4, defaultIpv4);
      } else if (part.equals(ROUTE)) {
        route(line, PROBE_V6, defaultIpv6);
      }
    }
    List<String> allIpv4 = new ArrayList<>();
    List<String> allIpv6 = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> entry : sys.entrySet()) {
      String device = entry.getKey();
      Map<String, String> files = entry.getValue();
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("device", device);
      String mac = files.get("address");
      if (mac != null && !mac.isEmpty() && !mac.equals("00:00:00:00:00:00")) {
        facts.put("macaddress", mac);
      }
      if (files.containsKey("mtu")) {
        facts.put("mtu", Fact.parseInt(files.get("mtu"), 0));
      }
      if (files.containsKey("operstate")) {
        facts.put("active", !files.get("operstate").equals("down"));
      }
      if (files.containsKey("module")) {
        facts.put("module", files.get("module"));
      }
      if (files.containsKey("type")) {
        facts.put("type", TYPES.getOrDefault(files.get("type"), "unknown"));
      }
      if (files.containsKey("pciid")) {
        facts.put("pciid", files.get("pciid"));
      }
      if (files.containsKey("speed")) {
        facts.put("speed", Fact.parseInt(files.get("speed"), 0));
      }
      if (files.containsKey("flags")) {
        facts.put("promisc", (Long.decode(files.get("flags")) & 0x100) != 0);
      }
      interfaces.put(device, facts);
      // Ansible asks ip for the primary addresses, then for the secondary ones
      for (boolean secondary : new boolean[] {false, true}) {
        for (String[] words : addresses) {
          boolean isSecondary = List.of(words).contains("secondary");
          if (isSecondary == secondary && words[1].replaceFirst("@.*", "").equals(device)) {
            address(
                interfaces,
                device,
                List.of(words).subList(2, words.length),
                secondary,
                mac,
                new Defaults(defaultIpv4, defaultIpv6),
                new Addresses(allIpv4, allIpv6));
          }
        }
      }
    }
    Map<String, Map<String, Object>> named = new LinkedHashMap<>();
    interfaces.forEach((name, facts) -> named.put(name.replace(':', '_'), facts));
    return new Interfaces(named, allIpv4, allIpv6, defaultIpv4, defaultIpv6);
  }

  /** The default routes' facts, completed from the interface holding their address. */
  private record Defaults(Map<String, Object> ipv4, Map<String, Object> ipv6) {}

  /** ansible_all_ipv4_addresses and ansible_all_ipv6_addresses, as they are found. */
  private record Addresses(List<String> ipv4, List<String> ipv6) {}

  /**
   * The first line of {@code ip route get PROBE} (ip's later lines, "cache", are not read), as
   * Ansible reads it: only when it starts with the address asked about.
   */
  private static void route(String line, String probe, Map<String, Object> route) {
    String[] words = line.trim().split("\\s+");
    if (!route.isEmpty() || words.length == 0 || !words[0].equals(probe)) {
      return;
    }
    for (int i = 0; i < words.length - 1; i++) {
      switch (words[i]) {
        case "dev" -> route.put("interface", words[i + 1]);
        case "src" -> route.put("address", words[i + 1]);
        case "via" -> {
          if (!words[i + 1].equals(probe)) {
            route.put("gateway", words[i + 1]);
          }
        }
        default -> {}
      }
    }
  }

  /** One of ip's address lines, from "inet" on, added where Ansible adds it. */
  private static void address(
      Map<String, Map<String, Object>> interfaces,
      String device,
      List<String> words,
      boolean secondary,
      String mac,
      Defaults defaults,
      Addresses all) {
    Map<String, Object> facts = interfaces.get(device);
    if (words.get(0).equals("inet")) {
      String[] cidr = words.get(1).split("/");
      String address = cidr[0];
      String prefix = cidr.length > 1 ? cidr[1] : "32";
      String broadcast =
          cidr.length > 1 && words.size() > 3 && words.get(2).equals("brd") ? words.get(3) : "";
      long addressBits = ipv4(address);
      int length = Fact.parseInt(prefix, 32);
      long maskBits = length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
      Map<String, Object> ipv4 = new LinkedHashMap<>();
      ipv4.put("address", address);
      ipv4.put("broadcast", broadcast);
      ipv4.put("netmask", dotted(maskBits));
      ipv4.put("network", dotted(addressBits & maskBits));
      ipv4.put("prefix", prefix);
      String label = words.get(words.size() - 1);
      if (!label.equals(device)) {
        // an alias (eth0:1) gets an entry of its own, as in Ansible
        interfaces.put(label, new LinkedHashMap<>());
      }
      Map<String, Object> target = interfaces.get(label);
      if (!secondary && !target.containsKey("ipv4")) {
        target.put("ipv4", ipv4);
      } else {
        secondaries(target).add(new LinkedHashMap<>(ipv4));
      }
      if (secondary) {
        List<Object> own = secondaries(facts);
        if (!label.equals(device)) {
          own.add(new LinkedHashMap<>(ipv4));
        }
      }
      Map<String, Object> defaultIpv4 = defaults.ipv4();
      if (address.equals(defaultIpv4.get("address"))) {
        defaultIpv4.put("broadcast", broadcast);
        defaultIpv4.put("netmask", ipv4.get("netmask"));
        defaultIpv4.put("network", ipv4.get("network"));
        defaultIpv4.put("prefix", prefix);
        defaultIpv4.put("macaddress", mac);
        defaultIpv4.put("mtu", facts.get("mtu"));
        defaultIpv4.put("type", facts.getOrDefault("type", "unknown"));
        defaultIpv4.put("alias", label);
      }
      // Ansible's rule: 127.x.x.x, on whatever interface, is not listed
      if (!address.startsWith("127.")) {
        all.ipv4().add(address);
      }
    } else if (words.get(0).equals("inet6") && words.size() > 3) {
      boolean peer = words.get(2).equals("peer");
      String address = peer ? words.get(1) : words.get(1).split("/")[0];
      String prefix = peer ? words.get(3).split("/")[1] : words.get(1).split("/")[1];
      String scope = peer ? (words.size() > 5 ? words.get(5) : "") : words.get(3);
      Map<String, Object> ipv6 = new LinkedHashMap<>();
      ipv6.put("address", address);
      ipv6.put("prefix", prefix);
      ipv6.put("scope", scope);
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) facts.computeIfAbsent("ipv6", key -> new ArrayList<>());
      list.add(ipv6);
      Map<String, Object> defaultIpv6 = defaults.ipv6();
      if (address.equals(defaultIpv6.get("address"))) {
        defaultIpv6.put("prefix", prefix);
        defaultIpv6.put("scope", scope);
        defaultIpv6.put("macaddress", mac);
        defaultIpv6.put("mtu", facts.get("mtu"));
        defaultIpv6.put("type", facts.getOrDefault("type", "unknown"));
      }
      if (!address.equals("::1")) {
        all.ipv6().add(address);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> secondaries(Map<String, Object> facts) {
    return (List<Object>) facts.computeIfAbsent("ipv4_secondaries", key -> new ArrayList<>());
  }

  private static long ipv4(String address) {
    long bits = 0;
    for (String part : address.split("\\.")) {
      bits = (bits << 8) | (Fact.parseInt(part, 0) & 0xFF);
    }
    return bits;
  }

  private static String dotted(long bits) {
    return (bits >> 24 & 0xFF)
        + "."
        + (bits >> 16 & 0xFF)
        + "."
        + (bits >> 8 & 0xFF)
        + "."
        + (bits & 0xFF);
  }
}
