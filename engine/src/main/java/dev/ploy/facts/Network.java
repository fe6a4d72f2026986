package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's IPv4 addresses and its default route, from {@code ip}.
 *
 * @param defaultIpv4 address, interface, gateway and prefix of the default route's interface; empty
 *     without one (ansible_default_ipv4)
 * @param addresses every IPv4 address but the loopback's (ansible_all_ipv4_addresses)
 */
public record Network(Map<String, Object> defaultIpv4, List<String> addresses) {
  public static final Fact<Network> FACT =
      Fact.of(
          "network",
          // parse takes the first default route
          "ip -4 route show default 2>/dev/null; ip -4 -o addr show 2>/dev/null",
          Network::parse);

  public Network {
    defaultIpv4 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultIpv4));
    addresses = List.copyOf(addresses);
  }

  static Network parse(List<String> lines) {
    // "default via 172.17.0.1 dev eth0", then "2: eth0    inet 172.17.0.2/16 brd ... eth0"
    String route =
        lines.stream().filter(l -> l.startsWith("default")).findFirst().orElse("").strip();
    String gateway = wordAfter(route, "via");
    String device = wordAfter(route, "dev");
    List<String> all = new ArrayList<>();
    Map<String, Object> defaultIpv4 = new LinkedHashMap<>();
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
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
    return new Network(defaultIpv4, all);
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
}
