package dev.ploy.modules.postgres;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.expr.PythonRepr;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.Attributes;
import dev.ploy.modules.files.Edit;
import dev.ploy.modules.files.TextEditPlanner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules of a pg_hba.conf, as community.postgresql.postgresql_pg_hba adds, replaces and removes
 * them: the file is read in one command, edited in memory with the collection's rules ({@link
 * HbaFile}: rules keyed by source, database and user, comments first, rules sorted most specific
 * first) and written atomically only when its rules change. The values only ever reach the file,
 * never a command line, and a value that would add a line or a column of its own is refused.
 */
public final class PostgresqlPgHba implements Module {
  /** The arguments a rule takes, in the task or in each of rules, with their defaults. */
  private static final Map<String, String> RULE_DEFAULTS = new LinkedHashMap<>();

  static {
    RULE_DEFAULTS.put("address", "samehost");
    RULE_DEFAULTS.put("comment", null);
    RULE_DEFAULTS.put("contype", null);
    RULE_DEFAULTS.put("databases", "all");
    RULE_DEFAULTS.put("method", "md5");
    RULE_DEFAULTS.put("netmask", null);
    RULE_DEFAULTS.put("options", null);
    RULE_DEFAULTS.put("state", "present");
    RULE_DEFAULTS.put("users", "all");
  }

  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("postgresql_pg_hba")
                  .description(
                      "Adds, replaces or removes rules of a pg_hba.conf file. A rule is keyed by"
                          + " its source, database and user: a rule with the same key is"
                          + " replaced, others are kept. When the rules change the file is"
                          + " written again as the collection writes it: its comments first"
                          + " (blank lines dropped), then the rules, most specific source,"
                          + " database and user first; the server needs a reload to use it."
                          + " Returns the rules as pg_hba.")
                  .arg(Arg.path("dest", "The pg_hba.conf file.").required())
                  .arg(
                      Arg.str(
                              "contype",
                              "The rule's connection type; not given: the file's rules are only"
                                  + " returned.")
                          .choices(HbaRule.TYPES.toArray(String[]::new)))
                  .arg(
                      Arg.str(
                              "databases",
                              "The databases, comma-separated (one rule each), or all,"
                                  + " replication, samerole...")
                          .defaultsTo("all"))
                  .arg(
                      Arg.str("users", "The users, comma-separated (one rule each), or all.")
                          .defaultsTo("all"))
                  .arg(
                      Arg.str(
                              "address",
                              "Where connections come from: an address (written as its /32 or"
                                  + " /128 network), a network, all, samehost, samenet or a host"
                                  + " name; not used for local.")
                          .defaultsTo("samehost")
                          .aliases("source", "src"))
                  .arg(Arg.str("netmask", "The netmask of an address given without a prefix."))
                  .arg(
                      Arg.str("method", "The authentication method.")
                          .choices(HbaRule.METHODS.toArray(String[]::new))
                          .defaultsTo("md5"))
                  .arg(Arg.str("options", "The method's options (map=..., clientcert=...)."))
                  .arg(
                      Arg.str(
                          "comment",
                          "A comment written behind the rule (kept there when read again only"
                              + " with keep_comments_at_rules)."))
                  .arg(
                      Arg.str("state", "present: the rules are there; absent: they are not.")
                          .choices("absent", "present")
                          .defaultsTo("present"))
                  .arg(
                      Arg.bool("create", "Create the file when missing; false: fail.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "backup",
                              "Copy the file before it is replaced (beside it, timestamped, or to"
                                  + " backup_file); the copy is returned as backup_file.")
                          .defaultsTo(false))
                  .arg(Arg.str("backup_file", "Where backup copies the file."))
                  .arg(
                      Arg.bool(
                              "keep_comments_at_rules",
                              "A comment behind a rule stays behind it; false: it is moved to"
                                  + " the top of the file with the other comments.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool("overwrite", "Remove every rule of the file before adding these.")
                          .defaultsTo(false))
                  .arg(
                      Arg.list(
                              "rules",
                              "Several rules at once, each a dict of address, comment, contype,"
                                  + " databases, method, netmask, options, state and users.")
                          .elements(ArgType.DICT))
                  .arg(
                      Arg.str(
                              "rules_behavior",
                              "With rules: conflict fails when a rule argument is also given"
                                  + " outside rules; combine takes those as the rules' defaults.")
                          .choices("combine", "conflict")
                          .defaultsTo("conflict"))
                  .arg(
                      Arg.str(
                              "order",
                              "Deprecated by the collection, which always sorts by source,"
                                  + " database, then user (sdu); any choice writes that order.")
                          .choices("sdu", "sud", "dsu", "dus", "usd", "uds")
                          .defaultsTo("sdu"))
                  .example(
                      "- name: Let the application host reach its database with a password\n"
                          + "  community.postgresql.postgresql_pg_hba:\n"
                          + "    dest: /etc/postgresql/15/main/pg_hba.conf\n"
                          + "    contype: host\n"
                          + "    databases: shop\n"
                          + "    users: shop\n"
                          + "    source: 10.0.0.12\n"
                          + "    method: scram-sha-256\n"
                          + "  notify: reload postgresql\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String dest = args.str("dest");
    List<Map<String, String>> rules = rules(args);
    List<String> msgs = new ArrayList<>();
    HbaFile[] planned = new HbaFile[1];
    boolean[] missing = new boolean[1];
    Plan plan =
        TextEditPlanner.planEdit(
            target,
            args,
            dest,
            content -> {
              // the first edit is the plan's; a write that lost a race edits the file again
              List<String> messages = new ArrayList<>();
              HbaFile file = edit(args, rules, content, messages);
              if (planned[0] == null) {
                planned[0] = file;
                missing[0] = content == null;
                msgs.addAll(messages);
              }
              boolean changed = file.changed();
              if (content == null && !changed) {
                return Edit.ofText(null, false, "");
              }
              String text = changed ? file.render() : new String(content, StandardCharsets.UTF_8);
              return Edit.ofText(text, changed, "");
            },
            new LinkedHashMap<>(),
            (edit, keys) -> {});
    List<Map<String, Object>> hba = new ArrayList<>();
    planned[0].sorted().forEach(rule -> hba.add(rule.asMap()));
    Map<String, Object> result = new LinkedHashMap<>(plan.result());
    result.remove("msg");
    List<Plan.Assumption> assumptions = new ArrayList<>();
    if (planned[0].changed()) {
      msgs.add("Changed");
      // as the collection: a diff only when the rules change
      result.put("diff", planned[0].diff(dest));
      if (missing[0] && !args.bool("create")) {
        // a real run fails as the collection's does; check mode reports the file it would
        // write, since the package that brings it may be installed by an earlier task
        assumptions.add(
            Plan.Assumption.silent(
                "Error writing file:\npg_hba file '"
                    + dest
                    + "' doesn't exist. Use create option to autocreate."));
      }
    }
    result.put("msgs", List.copyOf(msgs));
    result.put("pg_hba", hba);
    List<String> written = new ArrayList<>(msgs);
    if (planned[0].changed()) {
      written.add("Writing");
    }
    Plan edited =
        plan.withResult(result)
            .assuming(assumptions)
            .wrappingApply(
                apply ->
                    on -> {
                      Map<String, Object> keys = new LinkedHashMap<>(apply.apply(on));
                      keys.remove("msg");
                      keys.put("msgs", List.copyOf(written));
                      return keys;
                    });
    return withBackup(edited, args, dest);
  }

  /** With backup and backup_file, the file is copied there before it is replaced. */
  private static Plan withBackup(Plan plan, Args args, String dest) {
    Optional<String> backupFile = args.optStr("backup_file");
    if (!args.bool("backup") || backupFile.isEmpty()) {
      return plan;
    }
    String copy = backupFile.get();
    return plan.wrappingApply(
        apply ->
            on -> {
              ExecResult copied =
                  on.run(
                      Command.of(
                          "if [ -f "
                              + ShellQuote.quote(dest)
                              + " ]; then cp -p -- "
                              + ShellQuote.quote(dest)
                              + " "
                              + ShellQuote.quote(copy)
                              + " && echo copied; fi"));
              if (!copied.ok()) {
                throw new ModuleException(
                    "cannot copy " + dest + " to " + copy + ": " + copied.stderr().strip());
              }
              Map<String, Object> written = new LinkedHashMap<>(apply.apply(on));
              if (copied.stdout().contains("copied")) {
                written.put("backup_file", copy);
              }
              return written;
            });
  }

  /** The file after the task's rules: read from {@code content} (null: missing), then edited. */
  static HbaFile edit(Args args, List<Map<String, String>> rules, byte[] content, List<String> msgs)
      throws ModuleException {
    HbaFile file;
    try {
      file =
          HbaFile.read(
              content == null ? null : new String(content, StandardCharsets.UTF_8),
              args.bool("keep_comments_at_rules"));
    } catch (ModuleException e) {
      throw new ModuleException("Error reading file:\n" + e.getMessage());
    }
    if (args.bool("overwrite")) {
      file.clear();
    }
    for (Map<String, String> rule : rules) {
      if (rule.get("contype") == null) {
        continue;
      }
      try {
        for (String database : rule.get("databases").split(",", -1)) {
          for (String user : rule.get("users").split(",", -1)) {
            HbaRule hba =
                HbaRule.of(
                    rule.get("contype"),
                    database,
                    user,
                    rule.get("address"),
                    rule.get("netmask"),
                    rule.get("method"),
                    rule.get("options"),
                    rule.get("comment"));
            if (rule.get("state").equals("present")) {
              msgs.add("Adding rule " + PythonRepr.of(described(hba)));
              file.add(hba);
            } else {
              msgs.add("Removing rule " + PythonRepr.of(described(hba)));
              file.remove(hba);
            }
          }
        }
      } catch (ModuleException e) {
        throw new ModuleException("Error modifying rules:\n" + e.getMessage());
      }
    }
    return file;
  }

  /** The rule as the collection's messages print it (its comment first). */
  private static Map<String, Object> described(HbaRule rule) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (rule.comment() != null) {
      map.put("comment", rule.comment());
    }
    Map<String, Object> fields = rule.asMap();
    fields.remove("comment");
    map.putAll(fields);
    return map;
  }

  /**
   * The rules the task asks for: its own arguments, or each of rules with the task's arguments
   * (combine) or the defaults (conflict) for what a rule leaves out.
   */
  static List<Map<String, String>> rules(Args args) throws ModuleException {
    List<Map<String, String>> rules = new ArrayList<>();
    if (!args.has("rules")) {
      Map<String, String> rule = new LinkedHashMap<>();
      for (String key : RULE_DEFAULTS.keySet()) {
        rule.put(key, args.optStr(key).orElse(null));
      }
      rules.add(checked(rule));
      return rules;
    }
    boolean combine = args.str("rules_behavior").equals("combine");
    if (!combine) {
      List<String> used = new ArrayList<>();
      for (Map.Entry<String, String> entry : RULE_DEFAULTS.entrySet()) {
        if (!Objects.equals(args.optStr(entry.getKey()).orElse(null), entry.getValue())) {
          used.add(entry.getKey());
        }
      }
      if (!used.isEmpty()) {
        throw new ModuleException(
            "conflict: either argument \"rules_behavior\" needs to be changed or \"rules\" must"
                + " not be set or "
                + PythonRepr.of(used)
                + " must not be set");
      }
    }
    int index = 0;
    for (Object item : args.list("rules")) {
      Map<?, ?> given = (Map<?, ?>) item;
      List<String> addressKeys = new ArrayList<>();
      for (String alias : List.of("address", "source", "src")) {
        if (given.containsKey(alias)) {
          addressKeys.add(alias);
        }
      }
      if (addressKeys.size() > 1) {
        throw new ModuleException(
            "rule number "
                + index
                + " of the \"rules\" argument ("
                + PythonRepr.of(addressKeys)
                + ") uses ambiguous settings: "
                + PythonRepr.of(addressKeys)
                + " are aliases, only one is allowed");
      }
      Map<String, String> rule = new LinkedHashMap<>();
      for (String key : RULE_DEFAULTS.keySet()) {
        Object value =
            key.equals("address") && !addressKeys.isEmpty()
                ? given.get(addressKeys.get(0))
                : given.get(key);
        if (value == null && !given.containsKey(key)) {
          rule.put(key, combine ? args.optStr(key).orElse(null) : RULE_DEFAULTS.get(key));
        } else {
          rule.put(key, value == null ? null : String.valueOf(value));
        }
      }
      rules.add(checked(rule));
      index++;
    }
    return rules;
  }

  /**
   * A rule's values as the file takes them: one line each, and no whitespace in the columns that
   * are one word, so that no value adds a rule or a column of its own.
   */
  private static Map<String, String> checked(Map<String, String> rule) throws ModuleException {
    for (Map.Entry<String, String> entry : rule.entrySet()) {
      String value = entry.getValue();
      if (value == null) {
        continue;
      }
      if (value.contains("\n") || value.contains("\r")) {
        throw new ModuleException(
            entry.getKey() + " must be one line; '" + value.replace("\n", "\\n") + "' is not");
      }
      boolean oneWord = !List.of("comment", "options").contains(entry.getKey());
      if (oneWord && value.matches("(?s).*\\s.*")) {
        // read back, the words would be columns of their own
        throw new ModuleException(
            entry.getKey() + " must be one word (no spaces): '" + value + "'");
      }
      if (!entry.getKey().equals("comment") && value.contains("#")) {
        // read back, the rest of the line would be a comment
        throw new ModuleException(entry.getKey() + " must not contain '#': '" + value + "'");
      }
    }
    if (rule.get("contype") != null) {
      checkChoice(rule, "contype", HbaRule.TYPES);
      checkChoice(rule, "method", HbaRule.METHODS);
      checkChoice(rule, "state", List.of("absent", "present"));
    }
    return rule;
  }

  private static void checkChoice(Map<String, String> rule, String key, List<String> choices)
      throws ModuleException {
    if (rule.get(key) == null || !choices.contains(rule.get(key))) {
      throw new ModuleException(
          key
              + " must be one of "
              + String.join(", ", choices)
              + ", got: "
              + PythonRepr.of(rule.get(key)));
    }
  }
}
