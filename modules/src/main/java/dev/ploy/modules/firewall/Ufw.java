package dev.ploy.modules.firewall;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the {@code ufw} command on the target, as community.general.ufw does: the firewall's
 * state, its default policies, its logging level and one rule per task. The state is read from
 * {@code ufw status verbose} and ufw's own files; what a rule would change is asked of ufw itself
 * with {@code ufw --dry-run}, which prints the rules files it would write and writes nothing, so
 * check mode predicts exactly what the run does.
 */
public final class Ufw implements Module {
  private static final Pattern ADDRESS = Pattern.compile("any|[0-9A-Fa-f:.]+(/[0-9.]+)?");
  private static final Pattern PORT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:,._-]*");
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:+-]{0,15}");
  private static final Pattern TUPLE = Pattern.compile("^### tuple ### (.*)$", Pattern.MULTILINE);
  private static final Pattern COMMENT = Pattern.compile(" comment=([0-9a-f]*)$");
  private static final Pattern NUMBERED = Pattern.compile("^\\[ *([0-9]+)\\] ");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("ufw")
          .description(
              "Manages the firewall with ufw (Uncomplicated Firewall): enables, disables, reloads"
                  + " or resets it, sets its default policies and logging, and adds, inserts or"
                  + " deletes a rule. Whether a rule changes anything is asked of ufw itself"
                  + " (ufw --dry-run), so check mode predicts exactly. Needs the ufw package;"
                  + " enable only after allowing SSH, or new connections are refused. The result's"
                  + " commands are the ufw commands run (or, in check mode, that would run).")
          .arg(
              Arg.str(
                      "state",
                      "enabled (active, and on at boot), disabled, reloaded or reset (every rule"
                          + " removed, ufw disabled); reloaded and reset always change.")
                  .choices("enabled", "disabled", "reloaded", "reset"))
          .arg(
              Arg.str("default", "The default policy for direction (incoming when none is given).")
                  .choices("allow", "deny", "reject")
                  .aliases("policy"))
          .arg(
              Arg.str(
                      "logging",
                      "The logging level; 'on' keeps a level already on (low when off), 'off'"
                          + " stops logging.")
                  .choices("on", "off", "low", "medium", "high", "full"))
          .arg(
              Arg.str(
                      "direction",
                      "For a rule: in or out. For default: incoming, outgoing or routed.")
                  .choices("in", "incoming", "out", "outgoing", "routed"))
          .arg(
              Arg.str(
                      "rule",
                      "A rule: allow, deny, reject or limit (deny after 6 connections in"
                          + " 30 s from one address).")
                  .choices("allow", "deny", "limit", "reject"))
          .arg(Arg.bool("delete", "Delete the rule instead of adding it.").defaultsTo(false))
          .arg(Arg.bool("route", "A routed (forwarding) rule.").defaultsTo(false))
          .arg(
              Arg.integer(
                  "insert", "Insert the rule at this position (1 is first) instead of the end."))
          .arg(
              Arg.str(
                      "insert_relative_to",
                      "What insert counts from: zero (the numbers of 'ufw status numbered'), or"
                          + " the first or last IPv4 or IPv6 rule.")
                  .choices("zero", "first-ipv4", "last-ipv4", "first-ipv6", "last-ipv6")
                  .defaultsTo("zero"))
          .arg(Arg.str("interface", "The interface of the rule (needs direction).").aliases("if"))
          .arg(
              Arg.str("interface_in", "The incoming interface (route rules, or in rules).")
                  .aliases("if_in"))
          .arg(
              Arg.str("interface_out", "The outgoing interface (route rules, or out rules).")
                  .aliases("if_out"))
          .arg(Arg.bool("log", "Log the packets the rule matches.").defaultsTo(false))
          .arg(
              Arg.str("from_ip", "Source address or network, or any.")
                  .defaultsTo("any")
                  .aliases("from", "src"))
          .arg(Arg.str("from_port", "Source port or range (1000:2000), or a service name."))
          .arg(
              Arg.str("to_ip", "Destination address or network, or any.")
                  .defaultsTo("any")
                  .aliases("dest", "to"))
          .arg(
              Arg.str("to_port", "Destination port or range (1000:2000), or a service name.")
                  .aliases("port"))
          .arg(
              Arg.str("proto", "The protocol; any when none is given.")
                  .choices("ah", "any", "esp", "ipv6", "tcp", "udp", "gre", "igmp")
                  .aliases("protocol"))
          .arg(Arg.str("name", "An application profile (ufw app list).").aliases("app"))
          .arg(Arg.str("comment", "A comment kept with the rule."))
          .mutuallyExclusive("name", "proto", "logging")
          .mutuallyExclusive("direction", "interface_in")
          .mutuallyExclusive("direction", "interface_out")
          .requiredOneOf("state", "default", "rule", "logging")
          .requiredBy("interface", "direction")
          .example(
              "- name: Allow SSH, HTTP and HTTPS\n"
                  + "  community.general.ufw:\n"
                  + "    rule: allow\n"
                  + "    port: \"{{ item }}\"\n"
                  + "    proto: tcp\n"
                  + "  loop: [\"22\", \"80\", \"443\"]\n"
                  + "\n"
                  + "- name: PostgreSQL from the app host only\n"
                  + "  community.general.ufw:\n"
                  + "    rule: allow\n"
                  + "    from_ip: 10.0.0.5\n"
                  + "    port: \"5432\"\n"
                  + "    proto: tcp\n"
                  + "\n"
                  + "- name: Deny the rest and enable\n"
                  + "  community.general.ufw:\n"
                  + "    state: enabled\n"
                  + "    default: deny\n")
          .build();

  private static final String PROBE =
      String.join(
          "\n",
          "command -v ufw >/dev/null 2>&1 || { echo @@missing; exit 0; }",
          "echo @@status; LC_ALL=C ufw status verbose || exit 1",
          "echo @@conf; cat /etc/ufw/ufw.conf 2>/dev/null",
          "echo @@defaults; cat /etc/default/ufw 2>/dev/null",
          "echo @@rules; grep -h '^### tuple' /etc/ufw/user.rules 2>/dev/null",
          "echo @@rules-six; grep -h '^### tuple' /etc/ufw/user6.rules 2>/dev/null",
          "echo @@numbered; LC_ALL=C ufw status numbered 2>/dev/null",
          "echo @@end");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    checkValues(args);
    ExecResult probed = target.run(Command.of(PROBE));
    if (!probed.ok()) {
      throw ModuleException.failedSaying("could not read ufw's state", probed);
    }
    Sections state = Sections.parse(probed.stdout());
    if (state.has("missing")) {
      throw new ModuleException("ufw is not installed on the host (install the ufw package)");
    }
    Map<String, String> conf = settings(state.lines("conf"));
    Map<String, String> defaults = settings(state.lines("defaults"));
    String status = state.text("status");
    boolean active = status.startsWith("Status: active");

    List<List<String>> commands = new ArrayList<>();
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    boolean changed = false;

    if (args.has("state")) {
      String wanted = args.str("state");
      boolean enabledAtBoot = "yes".equals(conf.get("ENABLED"));
      String now = active ? "active" : "inactive";
      before.append("status: ").append(now).append('\n');
      switch (wanted) {
        case "enabled" -> {
          after.append("status: active\n");
          if (!active || !enabledAtBoot) {
            commands.add(List.of("ufw", "--force", "enable"));
          }
        }
        case "disabled" -> {
          after.append("status: inactive\n");
          if (active || enabledAtBoot) {
            commands.add(List.of("ufw", "disable"));
          }
        }
        case "reloaded" -> {
          after.append("status: ").append(now).append(" (reloaded)\n");
          commands.add(List.of("ufw", "reload"));
        }
        default -> {
          after.append("status: inactive (reset: every rule removed)\n");
          commands.add(List.of("ufw", "--force", "reset"));
        }
      }
    }

    if (args.has("default")) {
      String direction = args.optStr("direction").orElse("incoming");
      String key =
          switch (direction) {
            case "incoming" -> "DEFAULT_INPUT_POLICY";
            case "outgoing" -> "DEFAULT_OUTPUT_POLICY";
            case "routed" -> "DEFAULT_FORWARD_POLICY";
            default ->
                throw new ModuleException(
                    "For default, direction must be one of \"outgoing\", \"incoming\" and \"routed\","
                        + " or direction must not be specified.");
          };
      String current = policy(defaults.getOrDefault(key, ""));
      String wanted = args.str("default");
      before.append("default ").append(direction).append(": ").append(current).append('\n');
      after.append("default ").append(direction).append(": ").append(wanted).append('\n');
      if (!current.equals(wanted)) {
        commands.add(List.of("ufw", "default", wanted, direction));
      }
    }

    if (args.has("rule")) {
      List<String> rule = ruleArgv(args, state.lines("numbered"));
      List<String> dryRun = new ArrayList<>(List.of("ufw", "--dry-run"));
      dryRun.addAll(rule.subList(1, rule.size()));
      ExecResult dry = target.run(dryRun);
      if (!dry.ok()) {
        throw ModuleException.failedSaying("ufw refused the rule", dry);
      }
      List<String> v4 = state.lines("rules");
      List<String> v6 = state.lines("rules-six");
      RulesAfter would = rulesAfter(dry.stdout(), v4, v6);
      appendRules(before, v4, v6);
      appendRules(after, would.v4(), would.v6());
      if (!would.v4().equals(v4) || !would.v6().equals(v6)) {
        commands.add(rule);
      }
    }

    if (args.has("logging")) {
      String current = conf.getOrDefault("LOGLEVEL", "off");
      String wanted = args.str("logging");
      String level = wanted.equals("on") ? (current.equals("off") ? "low" : current) : wanted;
      before.append("logging: ").append(current).append('\n');
      after.append("logging: ").append(level).append('\n');
      if (!current.equals(level)) {
        commands.add(List.of("ufw", "logging", wanted));
      }
    }

    changed = !commands.isEmpty();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("commands", commands.stream().map(ShellQuote::join).toList());
    if (!changed) {
      result.put("msg", status.strip());
      return Plan.ok(result);
    }
    return Plan.change(
        List.of(new Diff("ufw", before.toString(), after.toString())),
        result,
        on -> {
          for (List<String> command : commands) {
            ExecResult done = on.run(command);
            if (!done.ok()) {
              throw ModuleException.failedSaying(String.join(" ", command) + " failed", done);
            }
          }
          ExecResult now = on.run(Command.of("LC_ALL=C ufw status verbose"));
          return Map.of("msg", now.stdout().strip());
        });
  }

  /** Refuses what ufw would read as an option or pass on to iptables as one. */
  private static void checkValues(Args args) throws ModuleException {
    args.matching("from_ip", ADDRESS, "an address, a network or 'any'");
    args.matching("to_ip", ADDRESS, "an address, a network or 'any'");
    for (String port : List.of("from_port", "to_port")) {
      if (args.has(port)) {
        args.matching(port, PORT, "a port, a range (1000:2000) or a service name");
      }
    }
    for (String name : List.of("interface", "interface_in", "interface_out")) {
      if (args.has(name)) {
        args.matching(name, INTERFACE, "an interface name");
      }
    }
    if (args.has("name")
        && (args.str("name").startsWith("-") || args.str("name").matches("(?s).*[\\n\\r].*"))) {
      throw new ModuleException("name '" + args.str("name") + "' is not an application profile");
    }
    if (args.has("comment") && args.str("comment").contains("'")) {
      throw new ModuleException("comment may not contain a single quote (ufw refuses it)");
    }
    if (args.has("insert") && args.integer("insert") < 1) {
      throw new ModuleException("insert must be 1 or more (the first rule is 1)");
    }
  }

  /** The ufw command that adds (or inserts, or deletes) the task's rule, in Ansible's order. */
  static List<String> ruleArgv(Args args, List<String> numbered) throws ModuleException {
    String direction = args.optStr("direction").orElse(null);
    if (direction != null && !direction.equals("in") && !direction.equals("out")) {
      throw new ModuleException(
          "For rules, direction must be one of \"in\" and \"out\", or direction must not be"
              + " specified.");
    }
    boolean route = args.bool("route");
    if (!route && args.has("interface_in") && args.has("interface_out")) {
      throw new ModuleException("Only route rules can combine interface_in and interface_out");
    }
    List<String> argv = new ArrayList<>(List.of("ufw"));
    if (route) {
      argv.add("route");
    }
    boolean delete = args.bool("delete");
    if (delete) {
      argv.add("delete");
    }
    if (args.has("insert") && !delete) {
      Long position = insertPosition(args, numbered);
      if (position != null) {
        argv.addAll(List.of("insert", String.valueOf(position)));
      }
    }
    argv.add(args.str("rule"));
    if (direction != null) {
      argv.add(direction);
    }
    if (args.has("interface")) {
      argv.addAll(List.of("on", args.str("interface")));
    }
    if (args.has("interface_in")) {
      argv.addAll(List.of("in", "on", args.str("interface_in")));
    }
    if (args.has("interface_out")) {
      argv.addAll(List.of("out", "on", args.str("interface_out")));
    }
    if (args.bool("log")) {
      argv.add("log");
    }
    argv.addAll(List.of("from", args.str("from_ip")));
    if (args.has("from_port")) {
      argv.addAll(List.of("port", args.str("from_port")));
    }
    argv.addAll(List.of("to", args.str("to_ip")));
    if (args.has("to_port")) {
      argv.addAll(List.of("port", args.str("to_port")));
    }
    if (args.has("proto")) {
      argv.addAll(List.of("proto", args.str("proto")));
    }
    if (args.has("name")) {
      argv.addAll(List.of("app", args.str("name")));
    }
    if (args.has("comment")) {
      argv.addAll(List.of("comment", args.str("comment")));
    }
    return argv;
  }

  /**
   * Where insert puts the rule, counted as insert_relative_to says from the rules {@code ufw status
   * numbered} lists; null (append) when a relative position falls after the last rule.
   */
  static Long insertPosition(Args args, List<String> numbered) {
    long insert = args.integer("insert");
    String relative = args.str("insert_relative_to");
    if (relative.equals("zero")) {
      return insert;
    }
    long last = 0;
    long lastV4 = 0;
    boolean hasV4 = false;
    boolean hasV6 = false;
    for (String line : numbered) {
      Matcher m = NUMBERED.matcher(line);
      if (m.find()) {
        long number = Long.parseLong(m.group(1));
        last = Math.max(last, number);
        if (line.contains("(v6)")) {
          hasV6 = true;
        } else {
          hasV4 = true;
          lastV4 = Math.max(lastV4, number);
        }
      }
    }
    long relativeTo =
        switch (relative) {
          case "first-ipv4" -> 1;
          case "last-ipv4" -> hasV4 ? lastV4 : 1;
          case "first-ipv6" -> hasV4 ? lastV4 + 1 : 1;
          default -> hasV6 ? last : last + 1;
        };
    long position = insert + relativeTo;
    return position > last ? null : position;
  }

  /** The rules of each family after the dry run: a family whose file ufw did not print is kept. */
  record RulesAfter(List<String> v4, List<String> v6) {}

  static RulesAfter rulesAfter(String dryRun, List<String> v4, List<String> v6) {
    List<String> newV4 = v4;
    List<String> newV6 = v6;
    String[] files = dryRun.split("(?m)^\\*filter$");
    for (int i = 1; i < files.length; i++) {
      String file = files[i];
      List<String> tuples = new ArrayList<>();
      Matcher m = TUPLE.matcher(file);
      while (m.find()) {
        tuples.add("### tuple ### " + m.group(1));
      }
      if (file.contains(":ufw6-user-input")) {
        newV6 = tuples;
      } else {
        newV4 = tuples;
      }
    }
    return new RulesAfter(newV4, newV6);
  }

  private static void appendRules(StringBuilder text, List<String> v4, List<String> v6) {
    for (String tuple : v4) {
      text.append("rule: ").append(readable(tuple)).append('\n');
    }
    for (String tuple : v6) {
      text.append("rule (v6): ").append(readable(tuple)).append('\n');
    }
  }

  /** A tuple line as ufw keeps it, its hex-encoded comment decoded. */
  static String readable(String tuple) {
    String rule = tuple.replaceFirst("^### tuple ### ", "");
    Matcher m = COMMENT.matcher(rule);
    if (m.find() && m.group(1).length() % 2 == 0) {
      String comment = new String(HexFormat.of().parseHex(m.group(1)), StandardCharsets.UTF_8);
      return rule.substring(0, m.start())
          + " comment '"
          + comment.replace("\n", "\\n").replace("\r", "\\r")
          + "'";
    }
    return rule;
  }

  /** KEY=value lines of a shell-style settings file, quotes removed. */
  static Map<String, String> settings(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      String trimmed = line.strip();
      int eq = trimmed.indexOf('=');
      if (trimmed.startsWith("#") || eq < 1) {
        continue;
      }
      values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1).replace("\"", ""));
    }
    return values;
  }

  /** ufw's policy word for an iptables target in /etc/default/ufw. */
  private static String policy(String target) {
    return switch (target) {
      case "ACCEPT" -> "allow";
      case "REJECT" -> "reject";
      case "DROP" -> "deny";
      default -> target.isEmpty() ? "unknown" : target.toLowerCase();
    };
  }
}
