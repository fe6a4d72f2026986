package dev.ploy.modules.firewall;

import dev.ploy.connection.ExecResult;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One iptables rule, a chain's policy, a flush or a user chain, as ansible.builtin.iptables manages
 * them: whether the rule is there is asked with {@code iptables -C} (read-only), then it is
 * appended, inserted or deleted. The rules live in the running kernel only; persisting them across
 * reboots is the job of Debian's iptables-persistent (netfilter-persistent save), as the README
 * says.
 */
public final class Iptables implements Module {

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("iptables")
          .description(
              "Manages one iptables (or ip6tables) rule in the running kernel, a built-in chain's"
                  + " policy, a flush, or a user chain (chain_management), as"
                  + " ansible.builtin.iptables does. Whether the rule is there is asked with"
                  + " 'iptables -C', so check mode predicts exactly. Rules do not survive a"
                  + " reboot by themselves: install iptables-persistent and run 'netfilter-persistent"
                  + " save' (or write /etc/iptables/rules.v4 with iptables-save) after changing"
                  + " them. A value starting with '!' negates its match, as in Ansible.")
          .arg(
              Arg.str("table", "The table.")
                  .choices("filter", "nat", "mangle", "raw", "security")
                  .defaultsTo("filter"))
          .arg(
              Arg.str("state", "Whether the rule is there.")
                  .choices("present", "absent")
                  .defaultsTo("present"))
          .arg(
              Arg.str("action", "Where a missing rule goes: appended, or inserted (at rule_num).")
                  .choices("append", "insert")
                  .defaultsTo("append"))
          .arg(
              Arg.str("ip_version", "iptables (ipv4) or ip6tables (ipv6).")
                  .choices("ipv4", "ipv6")
                  .defaultsTo("ipv4"))
          .arg(Arg.str("chain", "The chain (INPUT, FORWARD, a user chain...).").notAnOption())
          .arg(
              Arg.str("rule_num", "The position an inserted rule takes (1 is first).")
                  .notAnOption())
          .arg(Arg.str("protocol", "-p: tcp, udp, icmp, all...").notAnOption())
          .arg(Arg.str("wait", "-w: seconds to wait for the xtables lock.").notAnOption())
          .arg(Arg.str("source", "-s: source address or network.").notAnOption())
          .arg(Arg.str("destination", "-d: destination address or network.").notAnOption())
          .arg(
              Arg.list("match", "-m: the match extensions to load (each once).")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of()))
          .arg(
              Arg.dict(
                  "tcp_flags",
                  "--tcp-flags: a mapping of flags (the flags examined) and flags_set (those"
                      + " that must be set)."))
          .arg(
              Arg.str("jump", "-j: the target (ACCEPT, DROP, REJECT, LOG, a chain...).")
                  .notAnOption())
          .arg(Arg.str("gateway", "--gateway: for the TEE target.").notAnOption())
          .arg(Arg.str("log_prefix", "--log-prefix: for the LOG target (jump defaults to LOG)."))
          .arg(
              Arg.str("log_level", "--log-level: for the LOG target (jump defaults to LOG).")
                  .choices(
                      "0", "1", "2", "3", "4", "5", "6", "7", "emerg", "alert", "crit", "error",
                      "warning", "notice", "info", "debug"))
          .arg(Arg.str("goto", "-g: continue in this chain, without returning.").notAnOption())
          .arg(Arg.str("in_interface", "-i: the incoming interface.").notAnOption())
          .arg(Arg.str("out_interface", "-o: the outgoing interface.").notAnOption())
          .arg(Arg.str("fragment", "-f: second and further fragments only.").notAnOption())
          .arg(Arg.str("set_counters", "-c: packet and byte counters.").notAnOption())
          .arg(Arg.str("source_port", "--source-port: a port or range.").notAnOption())
          .arg(Arg.str("destination_port", "--destination-port: a port or range.").notAnOption())
          .arg(
              Arg.list("destination_ports", "-m multiport --dports: several ports or ranges.")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of()))
          .arg(Arg.str("to_ports", "--to-ports: for REDIRECT and MASQUERADE.").notAnOption())
          .arg(Arg.str("to_source", "--to-source: for SNAT.").notAnOption())
          .arg(Arg.str("to_destination", "--to-destination: for DNAT.").notAnOption())
          .arg(Arg.str("set_dscp_mark", "--set-dscp: for the DSCP target.").notAnOption())
          .arg(
              Arg.str("set_dscp_mark_class", "--set-dscp-class: for the DSCP target.")
                  .notAnOption())
          .arg(Arg.str("comment", "-m comment --comment: a comment kept with the rule."))
          .arg(
              Arg.list("ctstate", "Connection states (NEW, ESTABLISHED, RELATED, INVALID...).")
                  .elements(ArgType.STR)
                  .defaultsTo(List.of()))
          .arg(Arg.str("src_range", "-m iprange --src-range: a range of addresses.").notAnOption())
          .arg(Arg.str("dst_range", "-m iprange --dst-range: a range of addresses.").notAnOption())
          .arg(Arg.str("match_set", "-m set --match-set: an ipset.").notAnOption())
          .arg(
              Arg.str("match_set_flags", "The ipset's direction flags.")
                  .choices("src", "dst", "src,dst", "dst,src"))
          .arg(Arg.str("limit", "-m limit --limit: average rate (3/minute).").notAnOption())
          .arg(Arg.str("limit_burst", "-m limit --limit-burst.").notAnOption())
          .arg(Arg.str("uid_owner", "-m owner --uid-owner (OUTPUT chain).").notAnOption())
          .arg(Arg.str("gid_owner", "-m owner --gid-owner (OUTPUT chain).").notAnOption())
          .arg(
              Arg.str("reject_with", "--reject-with: the error sent (jump defaults to REJECT).")
                  .notAnOption())
          .arg(Arg.str("icmp_type", "--icmp-type (--icmpv6-type for ipv6).").notAnOption())
          .arg(
              Arg.str("syn", "--syn: match (or negate) TCP packets opening a connection.")
                  .choices("ignore", "match", "negate")
                  .defaultsTo("ignore"))
          .arg(
              Arg.bool("flush", "Flush the chain (every chain of the table when none is given).")
                  .defaultsTo(false))
          .arg(
              Arg.str("policy", "The built-in chain's policy.")
                  .choices("ACCEPT", "DROP", "QUEUE", "RETURN"))
          .arg(
              Arg.bool(
                      "chain_management",
                      "Create the chain when a rule is added to a missing one; with state absent"
                          + " and no rule, delete the chain.")
                  .defaultsTo(false))
          .mutuallyExclusive("set_dscp_mark", "set_dscp_mark_class")
          .mutuallyExclusive("flush", "policy")
          .requiredIf("jump", "TEE", "gateway")
          .requiredIf("jump", "tee", "gateway")
          .example(
              "- name: Answer on HTTPS\n"
                  + "  ansible.builtin.iptables:\n"
                  + "    chain: INPUT\n"
                  + "    protocol: tcp\n"
                  + "    destination_port: \"443\"\n"
                  + "    ctstate: [NEW]\n"
                  + "    jump: ACCEPT\n"
                  + "    comment: https\n"
                  + "  notify: Save the firewall\n"
                  + "\n"
                  + "# handlers:\n"
                  + "- name: Save the firewall\n"
                  + "  ansible.builtin.command: netfilter-persistent save\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String binary = args.str("ip_version").equals("ipv6") ? "ip6tables" : "iptables";
    String table = args.str("table");
    String chain = args.optStr("chain").orElse(null);
    boolean flush = args.bool("flush");
    if (!flush && chain == null) {
      throw new ModuleException("Either chain or flush parameter must be specified.");
    }
    String jump = args.optStr("jump").orElse(null);
    if (args.has("log_prefix") || args.has("log_level")) {
      if (jump == null) {
        jump = "LOG";
      } else if (!jump.equals("LOG")) {
        throw new ModuleException("Logging options can only be used with the LOG jump target.");
      }
    }
    List<String> rule = rule(args, jump);
    for (String word : rule) {
      if (word.contains("\n") || word.contains("\r")) {
        throw new ModuleException("a value of the rule contains a line break: " + word.strip());
      }
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ip_version", args.str("ip_version"));
    result.put("table", table);
    result.put("chain", chain);
    result.put("flush", flush);
    result.put("rule", String.join(" ", rule));
    result.put("state", args.str("state"));
    result.put("chain_management", args.bool("chain_management"));

    List<String> base = new ArrayList<>(List.of(binary, "-t", table));

    if (flush) {
      List<String> command = new ArrayList<>(base);
      command.add("-F");
      if (chain != null) {
        command.add(chain);
      }
      String what = chain == null ? "table " + table : "chain " + chain;
      return Plan.change(
          List.of(Diff.property(binary, "flush", what + " as it is", what + " empty")),
          result,
          on -> {
            run(on, command);
            return Map.of();
          });
    }

    if (args.has("policy")) {
      ExecResult listed = target.run(with(base, "-S", chain));
      if (!listed.ok()) {
        throw ModuleException.failedSaying("cannot read the chain " + chain, listed);
      }
      String current = currentPolicy(listed.stdout(), chain);
      if (current == null) {
        throw new ModuleException("Can't detect current policy");
      }
      String wanted = args.str("policy");
      if (current.equals(wanted)) {
        return Plan.ok(result);
      }
      return Plan.change(
          List.of(Diff.property(binary + " " + table + " " + chain, "policy", current, wanted)),
          result,
          on -> {
            run(on, with(base, "-P", chain, wanted));
            return Map.of();
          });
    }

    boolean chainPresent = target.run(with(base, "-S", chain)).ok();
    boolean present = args.str("state").equals("present");
    boolean manage = args.bool("chain_management");
    if (!present && rule.isEmpty()) {
      if (!chainPresent || !manage) {
        return Plan.ok(result);
      }
      return Plan.change(
          List.of(Diff.property(binary + " " + table, "chain", chain, null)),
          result,
          on -> {
            run(on, with(base, "-X", chain));
            return Map.of();
          });
    }

    boolean rulePresent = false;
    if (chainPresent) {
      List<String> check = with(base, "-C", chain);
      check.addAll(rule);
      ExecResult checked = target.run(check);
      if (checked.rc() == 2 || (checked.rc() != 0 && checked.rc() != 1)) {
        throw ModuleException.failedSaying("iptables refused the rule", checked);
      }
      rulePresent = checked.ok();
    }
    if (rulePresent == present) {
      return Plan.ok(result);
    }
    String subject = binary + " -t " + table + " " + chain;
    boolean insert = args.str("action").equals("insert");
    List<String> command =
        present ? with(base, insert ? "-I" : "-A", chain) : with(base, "-D", chain);
    if (present && insert && args.has("rule_num")) {
      command.add(args.str("rule_num"));
    }
    command.addAll(rule);
    String line = shown(command.subList(base.size(), command.size()));
    boolean create = present && !chainPresent && manage;
    Plan plan =
        Plan.change(
            List.of(new Diff(subject, present ? "" : line, present ? line : "")),
            result,
            on -> {
              if (create) {
                run(on, with(base, "-N", chain));
              }
              run(on, command);
              return Map.of();
            });
    if (present && !chainPresent && !manage) {
      String missing =
          "the chain "
              + chain
              + " does not exist in the "
              + table
              + " table (chain_management: true creates it)";
      return plan.assuming(Plan.Assumption.warned(missing, missing));
    }
    return plan;
  }

  /** The words of the rule, in the order ansible.builtin.iptables writes them. */
  @SuppressWarnings("unchecked")
  static List<String> rule(Args args, String jump) throws ModuleException {
    List<String> rule = new ArrayList<>();
    List<String> match = args.strings("match");
    param(rule, args, "wait", "-w");
    param(rule, args, "protocol", "-p");
    param(rule, args, "source", "-s");
    param(rule, args, "destination", "-d");
    for (String each : match) {
      checkWord("match", each);
      negatable(rule, each, "-m");
    }
    if (args.has("tcp_flags")) {
      Map<String, Object> flags = args.dict("tcp_flags");
      if (flags.get("flags") instanceof List<?> examined
          && flags.get("flags_set") instanceof List<?> set) {
        rule.add("--tcp-flags");
        rule.add(csv("tcp_flags", (List<Object>) examined));
        rule.add(csv("tcp_flags", (List<Object>) set));
      }
    }
    if (jump != null) {
      checkWord("jump", jump);
      negatable(rule, jump, "-j");
      if (jump.equalsIgnoreCase("tee")) {
        param(rule, args, "gateway", "--gateway");
      }
    }
    param(rule, args, "log_prefix", "--log-prefix");
    param(rule, args, "log_level", "--log-level");
    param(rule, args, "to_destination", "--to-destination");
    List<String> ports = args.strings("destination_ports");
    if (!ports.isEmpty()) {
      rule.addAll(List.of("-m", "multiport", "--dports", csv("destination_ports", ports)));
    }
    param(rule, args, "to_source", "--to-source");
    param(rule, args, "goto", "-g");
    param(rule, args, "in_interface", "-i");
    param(rule, args, "out_interface", "-o");
    param(rule, args, "fragment", "-f");
    param(rule, args, "set_counters", "-c");
    param(rule, args, "source_port", "--source-port");
    param(rule, args, "destination_port", "--destination-port");
    param(rule, args, "to_ports", "--to-ports");
    param(rule, args, "set_dscp_mark", "--set-dscp");
    param(rule, args, "set_dscp_mark_class", "--set-dscp-class");
    switch (args.str("syn")) {
      case "match" -> rule.add("--syn");
      case "negate" -> rule.addAll(List.of("!", "--syn"));
      default -> {}
    }
    List<String> ctstate = args.strings("ctstate");
    if (!ctstate.isEmpty()) {
      if (match.contains("conntrack")) {
        rule.addAll(List.of("--ctstate", csv("ctstate", ctstate)));
      } else if (match.contains("state")) {
        rule.addAll(List.of("--state", csv("ctstate", ctstate)));
      } else {
        rule.addAll(List.of("-m", "conntrack", "--ctstate", csv("ctstate", ctstate)));
      }
    }
    if (args.has("src_range") || args.has("dst_range")) {
      if (!match.contains("iprange")) {
        rule.addAll(List.of("-m", "iprange"));
      }
      param(rule, args, "src_range", "--src-range");
      param(rule, args, "dst_range", "--dst-range");
    }
    if (args.has("match_set")) {
      if (!match.contains("set")) {
        rule.addAll(List.of("-m", "set"));
      }
      param(rule, args, "match_set", "--match-set");
      if (args.has("match_set_flags")) {
        rule.add(args.str("match_set_flags"));
      }
    }
    if (args.has("limit") || args.has("limit_burst")) {
      rule.addAll(List.of("-m", "limit"));
    }
    param(rule, args, "limit", "--limit");
    param(rule, args, "limit_burst", "--limit-burst");
    if (args.has("uid_owner")) {
      rule.addAll(List.of("-m", "owner"));
      param(rule, args, "uid_owner", "--uid-owner");
    }
    if (args.has("gid_owner")) {
      rule.addAll(List.of("-m", "owner"));
      param(rule, args, "gid_owner", "--gid-owner");
    }
    if (jump == null && args.has("reject_with")) {
      rule.addAll(List.of("-j", "REJECT"));
    }
    param(rule, args, "reject_with", "--reject-with");
    param(
        rule,
        args,
        "icmp_type",
        args.str("ip_version").equals("ipv6") ? "--icmpv6-type" : "--icmp-type");
    if (args.has("comment")) {
      rule.addAll(List.of("-m", "comment", "--comment", args.str("comment")));
    }
    return rule;
  }

  /** {@code flag value}, or {@code ! flag value} for a value written {@code !value}. */
  private static void param(List<String> rule, Args args, String name, String flag)
      throws ModuleException {
    if (!args.has(name)) {
      return;
    }
    String value = args.str(name);
    if (!name.equals("comment") && !name.equals("log_prefix")) {
      checkWord(name, value);
    }
    negatable(rule, value, flag);
  }

  private static void negatable(List<String> rule, String value, String flag) {
    if (value.startsWith("!")) {
      rule.addAll(List.of("!", flag, value.substring(1)));
    } else {
      rule.addAll(List.of(flag, value));
    }
  }

  /** A value iptables would read as an option, even after '!', is refused. */
  private static void checkWord(String name, String value) throws ModuleException {
    String bare = value.startsWith("!") ? value.substring(1) : value;
    if (bare.isEmpty() || bare.startsWith("-") || bare.chars().anyMatch(Character::isWhitespace)) {
      throw new ModuleException(
          name + " '" + value + "' is not a valid value (empty, blank, or read as an option)");
    }
  }

  private static String csv(String name, List<?> values) throws ModuleException {
    List<String> words = new ArrayList<>();
    for (Object value : values) {
      String word = String.valueOf(value);
      checkWord(name, word);
      words.add(word);
    }
    return String.join(",", words);
  }

  /** A rule as {@code iptables -S} shows it: words with blanks or quotes in double quotes. */
  static String shown(List<String> words) {
    List<String> shown = new ArrayList<>();
    for (String word : words) {
      shown.add(
          word.matches("[A-Za-z0-9_@%+=:,./!-]+")
              ? word
              : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return String.join(" ", shown) + "\n";
  }

  /** The policy of a built-in chain from {@code iptables -S CHAIN} ({@code -P CHAIN POLICY}). */
  static String currentPolicy(String listing, String chain) {
    for (String line : listing.split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length == 3 && words[0].equals("-P") && words[1].equals(chain)) {
        return words[2];
      }
    }
    return null;
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> command = new ArrayList<>(base);
    command.addAll(List.of(more));
    return command;
  }

  private static void run(Target on, List<String> command) throws ModuleException {
    ExecResult done = on.run(command);
    if (!done.ok()) {
      throw ModuleException.failedSaying(String.join(" ", command) + " failed", done);
    }
  }
}
