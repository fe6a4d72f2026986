package dev.ploy.modules.postgres;

import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A server setting written with ALTER SYSTEM (postgresql.auto.conf), as
 * community.postgresql.postgresql_set sets it, then reloaded unless only a restart applies it. The
 * setting is compared with what postgresql.auto.conf already holds for it when it holds anything
 * (so a setting that waits for a restart, listen_addresses, is not written again at every run, as
 * the collection does), else with the running value, sizes compared in bytes.
 */
public final class PostgresqlSet implements Module {
  private static final ModuleSpec SPEC =
      Psql.declare(
              ModuleSpec.builder("postgresql_set")
                  .description(
                      "Sets a PostgreSQL server setting with ALTER SYSTEM and reloads the"
                          + " configuration; restart_required says when only a restart applies"
                          + " it (listen_addresses, shared_buffers...).")
                  .arg(Arg.str("name", "The setting (listen_addresses, work_mem...).").required())
                  .arg(
                      Arg.str(
                          "value",
                          "Its value; a comma-separated value is a list of values (except for"
                              + " *_command and *_prefix settings); 'default' removes it from"
                              + " postgresql.auto.conf."))
                  .arg(
                      Arg.bool("reset", "Set it back to its built-in value (boot_val).")
                          .defaultsTo(false))
                  .arg(
                      Arg.str("db", "The database to connect to.")
                          .aliases("login_db")
                          .defaultsTo("postgres"))
                  .mutuallyExclusive("value", "reset")
                  .example(
                      "- name: listen on the private network too\n"
                          + "  become: true\n"
                          + "  become_user: postgres\n"
                          + "  community.postgresql.postgresql_set:\n"
                          + "    name: listen_addresses\n"
                          + "    value: localhost,10.0.0.5\n"
                          + "  register: listen\n"
                          + "  notify: restart postgresql   # when listen.restart_required\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    boolean reset = args.bool("reset");
    if (args.optStr("value").isEmpty() && !reset) {
      throw new ModuleException(name + ": at least one of value or reset param must be specified");
    }
    Psql psql = Psql.connect(args, args.str("db"));
    List<List<String>> rows =
        psql.query(
            target,
            "SELECT s.setting, coalesce(s.unit, ''), s.context, coalesce(s.boot_val, ''),"
                + " current_setting(s.name), coalesce((SELECT f.setting FROM pg_file_settings f"
                + " WHERE f.name = s.name AND f.sourcefile LIKE '%/postgresql.auto.conf'"
                + " ORDER BY f.seqno DESC LIMIT 1), '\u001e') FROM pg_settings s WHERE s.name = "
                + Psql.literal(name));
    if (rows.isEmpty()) {
      throw new ModuleException(
          "No such parameter: "
              + name
              + ". Please check its spelling or presence in your PostgreSQL version"
              + " (https://www.postgresql.org/docs/current/runtime-config.html)");
    }
    List<String> row = rows.get(0);
    String raw = row.get(0);
    String unit = row.get(1);
    String context = row.get(2);
    String boot = row.get(3);
    String shown = bool(row.get(4));
    String pending = row.get(5).equals("\u001e") ? null : row.get(5);
    if (context.equals("internal")) {
      throw new ModuleException(
          name
              + ": cannot be changed (internal context). See"
              + " https://www.postgresql.org/docs/current/runtime-config-preset.html");
    }
    boolean restart = context.equals("postmaster");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", name);
    result.put("context", context);
    result.put("restart_required", restart);
    result.put("prev_val_pretty", shown);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("value", bytes(raw, unit));
    value.put("unit", unit.equals("kB") || unit.equals("MB") ? "b" : unit);
    result.put("value", value);
    result.put("value_pretty", shown);

    String statement;
    String wanted;
    if (reset) {
      wanted = boot;
      String now = pending != null ? pending : raw;
      if (same(now, boot, unit)) {
        return Plan.ok(result);
      }
      statement = "ALTER SYSTEM SET " + Psql.ident(name) + " = " + Psql.literal(boot);
    } else {
      wanted = normal(args.str("value"));
      if (wanted.equalsIgnoreCase("default")) {
        if (pending == null) {
          return Plan.ok(result);
        }
        statement = "ALTER SYSTEM SET " + Psql.ident(name) + " = DEFAULT";
      } else {
        String now = pending != null ? pending : shown;
        if (same(now, wanted, unit)) {
          return Plan.ok(result);
        }
        statement = "ALTER SYSTEM SET " + Psql.ident(name) + " = " + rendered(name, wanted);
      }
    }
    result.put("value_pretty", wanted);
    String reload = restart ? "" : "SELECT pg_reload_conf();";
    return Plan.change(
        List.of(
            Diff.property(
                "postgresql setting",
                name,
                pending != null ? pending : shown,
                wanted.equalsIgnoreCase("default") ? "(default)" : wanted)),
        result,
        on -> {
          // ALTER SYSTEM cannot run in a transaction block: a statement of its own
          psql.query(on, statement + ";");
          if (!reload.isEmpty()) {
            psql.query(on, reload);
          }
          if (restart) {
            return Map.of(
                "warnings", List.of("Restart of PostgreSQL is required for setting " + name));
          }
          return Map.of();
        });
  }

  /** True and False (YAML booleans as text) as PostgreSQL writes them; sizes' units upper case. */
  static String normal(String value) {
    if (value.equals("True")) {
      return "on";
    }
    if (value.equals("False")) {
      return "off";
    }
    if (value.matches("\\d+(kb|mb|gb|tb)")) {
      // PostgreSQL's own spelling of the unit (the collection upper-cases it, and 8KB is refused)
      String unit = value.substring(value.length() - 2);
      return value.substring(0, value.length() - 2)
          + (unit.equals("kb") ? "kB" : unit.toUpperCase(Locale.ROOT));
    }
    if (value.matches("\\d+b")) {
      return value.toUpperCase(Locale.ROOT);
    }
    return value;
  }

  /** The value as ALTER SYSTEM takes it: a literal, or a list of literals for a list setting. */
  static String rendered(String name, String value) {
    if (value.contains(",") && !name.endsWith("_command") && !name.endsWith("_prefix")) {
      List<String> items = new ArrayList<>();
      for (String item : value.split(",")) {
        items.add(Psql.literal(item.strip()));
      }
      return String.join(", ", items);
    }
    return Psql.literal(value);
  }

  private static String bool(String value) {
    return value.equals("True") ? "on" : value.equals("False") ? "off" : value;
  }

  /** Two values of a setting are the same when equal as text or as sizes in bytes. */
  static boolean same(String current, String wanted, String unit) {
    String a = current.strip();
    String b = wanted.strip();
    if (a.equals(b) || a.replace(" ", "").equals(b.replace(" ", ""))) {
      return true;
    }
    Long x = size(a, unit);
    Long y = size(b, unit);
    return x != null && x.equals(y);
  }

  /** "128MB", "4096kB", "1GB" or a bare number in the setting's unit, in bytes. */
  static Long size(String text, String unit) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+)\\s*(B|kB|MB|GB|TB)?").matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String u = m.group(2) != null ? m.group(2) : unit;
    return switch (u == null ? "" : u) {
      case "B" -> n;
      case "kB" -> n * 1024;
      case "MB" -> n * 1024 * 1024;
      case "GB" -> n * 1024 * 1024 * 1024;
      case "TB" -> n * 1024L * 1024 * 1024 * 1024;
      case "8kB" -> n * 8192;
      default -> n;
    };
  }

  /** The raw setting as the collection reports it: kB and MB settings in bytes. */
  private static Object bytes(String raw, String unit) {
    try {
      long n = Long.parseLong(raw);
      return switch (unit) {
        case "kB" -> n > 0 ? n * 1024 : n;
        case "MB" -> n > 0 ? n * 1024 * 1024 : n;
        default -> raw;
      };
    } catch (NumberFormatException e) {
      return raw;
    }
  }
}
