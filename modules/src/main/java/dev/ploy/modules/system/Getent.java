package dev.ploy.modules.system;

import dev.ploy.connection.ExecResult;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * getent: reads a name service database (passwd, group, hosts, services...) on the target into the
 * fact {@code getent_DATABASE}, each entry's first field to the others. Reads only.
 */
public final class Getent implements Module {
  private static final Set<String> COLON_SEPARATED = Set.of("passwd", "shadow", "group", "gshadow");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("getent")
          .description(
              "Reads a name service database on the target with getent and sets the fact"
                  + " getent_DATABASE: each entry's first field maps to its other fields (a list"
                  + " of them when the first field repeats). Changes nothing.")
          .arg(
              Arg.str("database", "The database: passwd, group, hosts, services, shadow...")
                  .required())
          .arg(Arg.str("key", "The entry to look up; all entries when omitted."))
          .arg(Arg.str("service", "The NSS service to read from (getent --service)."))
          .arg(
              Arg.str(
                  "split",
                  "The field separator; ':' for passwd, shadow, group and gshadow, otherwise"
                      + " runs of whitespace."))
          .arg(
              Arg.bool(
                      "fail_key",
                      "Fail when the key is not found; with false the fact maps it to null.")
                  .defaultsTo(true))
          .example(
              "- name: Read the account of www-data\n"
                  + "  ansible.builtin.getent:\n"
                  + "    database: passwd\n"
                  + "    key: www-data\n"
                  + "- ansible.builtin.debug:\n"
                  + "    msg: \"home is {{ getent_passwd['www-data'][4] }}\"\n")
          .build();

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String database = args.str("database");
    List<String> argv = new ArrayList<>(List.of("getent"));
    args.optStr("service").ifPresent(service -> argv.add("--service=" + service));
    // after --, a database or key that starts with '-' is a name, not an option
    argv.add("--");
    argv.add(database);
    args.optStr("key").ifPresent(argv::add);
    ExecResult result = target.run(argv);
    String split = args.optStr("split").orElse(COLON_SEPARATED.contains(database) ? ":" : null);
    Map<String, Object> entries = new LinkedHashMap<>();
    String fact = "getent_" + database;
    switch (result.rc()) {
      case 0 -> {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n", -1)) {
          if (line.isEmpty()) {
            continue;
          }
          List<String> record = fields(line, split);
          String first = record.get(0);
          List<String> rest = new ArrayList<>(record.subList(1, record.size()));
          int count = seen.merge(first, 1, Integer::sum);
          if (count == 1) {
            entries.put(first, rest);
          } else {
            if (count == 2) {
              List<Object> several = new ArrayList<>();
              several.add(entries.get(first));
              entries.put(first, several);
            }
            @SuppressWarnings("unchecked")
            List<Object> several = (List<Object>) entries.get(first);
            several.add(rest);
          }
        }
        return Plan.ok(Map.of("ansible_facts", Map.of(fact, entries)));
      }
      case 2 -> {
        String message = "One or more supplied key could not be found in the database.";
        if (!args.bool("fail_key")) {
          entries.put(args.optStr("key").orElse(null), null);
          Map<String, Object> facts = new LinkedHashMap<>();
          facts.put(fact, entries);
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("ansible_facts", facts);
          data.put("msg", message);
          return Plan.ok(data);
        }
        throw new ModuleException(message);
      }
      case 1 -> throw new ModuleException("Missing arguments, or database unknown.");
      case 3 -> throw new ModuleException("Enumeration not supported on this database.");
      default ->
          throw new ModuleException(
              "getent failed (rc " + result.rc() + "): " + result.stderr().strip());
    }
  }

  /** Python's str.split: by the separator exactly, or by runs of whitespace when it is null. */
  static List<String> fields(String line, String split) {
    if (split == null) {
      String trimmed = line.strip();
      return trimmed.isEmpty() ? List.of("") : Arrays.asList(WHITESPACE.split(trimmed));
    }
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = line.indexOf(split, from);
      if (at < 0) {
        out.add(line.substring(from));
        return out;
      }
      out.add(line.substring(from, at));
      from = at + split.length();
    }
  }
}
