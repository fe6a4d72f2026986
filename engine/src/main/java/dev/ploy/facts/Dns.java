package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolver's configuration from /etc/resolv.conf, as Ansible's ansible_dns: nameservers,
 * domain, search, sortlist and options (an option without ":value" is true).
 */
public final class Dns {
  private Dns() {}

  /** Read with the shell's builtins, no process. */
  public static final Fact<Map<String, Object>> FACT =
      Fact.of("dns", Fact.lines("/etc/resolv.conf", "*"), Dns::parse);

  static Map<String, Object> parse(List<String> lines) {
    Map<String, Object> dns = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith("#") || line.startsWith(";") || line.isBlank()) {
        continue;
      }
      List<String> tokens = List.of(line.strip().split("\\s+"));
      List<String> rest = tokens.subList(1, tokens.size());
      switch (tokens.get(0)) {
        case "nameserver" -> {
          @SuppressWarnings("unchecked")
          List<Object> servers =
              (List<Object>) dns.computeIfAbsent("nameservers", key -> new ArrayList<>());
          servers.addAll(rest);
        }
        case "domain" -> {
          if (!rest.isEmpty()) {
            dns.put("domain", rest.get(0));
          }
        }
        case "search", "sortlist" -> dns.put(tokens.get(0), new ArrayList<Object>(rest));
        case "options" -> {
          Map<String, Object> options = new LinkedHashMap<>();
          for (String option : rest) {
            int colon = option.indexOf(':');
            String value = colon < 0 ? "" : option.substring(colon + 1);
            // Ansible: "ndots:" (an empty value) is true as "rotate" is
            options.put(
                colon < 0 ? option : option.substring(0, colon),
                value.isEmpty() ? Boolean.TRUE : value);
          }
          dns.put("options", options);
        }
        default -> {}
      }
    }
    return dns;
  }
}
