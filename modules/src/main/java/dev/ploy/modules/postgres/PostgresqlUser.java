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
 * A PostgreSQL role, as community.postgresql.postgresql_user manages it: created with LOGIN, its
 * attributes (role_attr_flags), connection limit, expiry and password brought to what the task
 * says. The current state is one query; a password is compared with the stored SCRAM or md5 hash,
 * so it is set only when it differs, and it never appears in a diff or on a command line.
 */
public final class PostgresqlUser implements Module {
  /** Flag names and the pg_roles column each one sets. */
  private static final Map<String, String> FLAGS =
      Map.of(
          "SUPERUSER", "rolsuper",
          "CREATEROLE", "rolcreaterole",
          "CREATEDB", "rolcreatedb",
          "INHERIT", "rolinherit",
          "LOGIN", "rolcanlogin",
          "REPLICATION", "rolreplication",
          "BYPASSRLS", "rolbypassrls");

  private static final List<String> ORDER =
      List.of(
          "SUPERUSER", "CREATEROLE", "CREATEDB", "INHERIT", "LOGIN", "REPLICATION", "BYPASSRLS");

  private static final ModuleSpec SPEC =
      Psql.declare(
              ModuleSpec.builder("postgresql_user")
                  .description(
                      "Creates, changes or removes a PostgreSQL role (a user: it can log in) with"
                          + " psql on the target.")
                  .arg(Arg.str("name", "The role's name.").required().aliases("user"))
                  .arg(
                      Arg.str(
                              "password",
                              "Its password; set only when the stored hash does not match it."
                                  + " Never shown.")
                          .secret())
                  .arg(
                      Arg.str(
                              "role_attr_flags",
                              "Comma-separated attributes: [NO]SUPERUSER, [NO]CREATEROLE,"
                                  + " [NO]CREATEDB, [NO]INHERIT, [NO]LOGIN, [NO]REPLICATION,"
                                  + " [NO]BYPASSRLS.")
                          .defaultsTo(""))
                  .arg(
                      Arg.bool(
                              "encrypted",
                              "Passwords are always stored hashed: PostgreSQL 10 and newer keep"
                                  + " no other kind, so false changes nothing, as under Ansible.")
                          .defaultsTo(true))
                  .arg(Arg.integer("conn_limit", "Most connections at once (-1: no limit)."))
                  .arg(Arg.str("expires", "When the password expires ('infinity', a timestamp)."))
                  .arg(Arg.presence("Whether the role exists."))
                  .arg(
                      Arg.str("db", "Database to connect to (login_db).")
                          .aliases("login_db")
                          .defaultsTo("postgres"))
                  .notHonoured(Arg.str("comment", "Comment on the role."))
                  .notHonoured(
                      Arg.bool("fail_on_user", "Fail when the role cannot be removed.")
                          .aliases("fail_on_role")
                          .defaultsTo(true))
                  .notHonoured(Arg.list("groups", "Roles the role is granted."))
                  .notHonoured(
                      Arg.bool(
                              "no_password_changes",
                              "Never change the password of an existing role.")
                          .defaultsTo(false))
                  .notHonoured(Arg.str("priv", "Privileges to grant (deprecated in Ansible)."))
                  .example(
                      "- name: the application's role\n"
                          + "  become: true\n"
                          + "  become_user: postgres\n"
                          + "  community.postgresql.postgresql_user:\n"
                          + "    name: shop\n"
                          + "    password: \"{{ vault_shop_db_password }}\"\n"
                          + "    role_attr_flags: NOSUPERUSER,NOCREATEDB\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    Map<String, Boolean> flags = flags(args.str("role_attr_flags"));
    Psql psql = Psql.connect(args, args.str("db"));
    List<List<String>> rows =
        psql.query(
            target,
            "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolinherit, r.rolcanlogin,"
                + " r.rolreplication, r.rolbypassrls, r.rolconnlimit,"
                + " coalesce(r.rolvaliduntil::text, ''), coalesce(a.rolpassword, '')"
                + " FROM pg_roles r LEFT JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname = "
                + Psql.literal(name));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("user", name);
    boolean present = args.present();
    if (!present) {
      if (rows.isEmpty()) {
        return Plan.ok(result);
      }
      String drop = "DROP ROLE " + Psql.ident(name);
      result.put("queries", List.of(drop));
      return Plan.change(
          List.of(Diff.property("postgresql role " + name, "state", "present", "absent")),
          result,
          on -> {
            psql.query(on, drop + ";");
            return Map.of();
          });
    }
    List<String> clauses = new ArrayList<>();
    List<Diff> diffs = new ArrayList<>();
    String subject = "postgresql role " + name;
    if (rows.isEmpty()) {
      diffs.add(Diff.property(subject, "state", "absent", "present"));
      if (!flags.containsKey("LOGIN")) {
        clauses.add("LOGIN");
      }
      for (String flag : ORDER) {
        if (flags.containsKey(flag)) {
          clauses.add((flags.get(flag) ? "" : "NO") + flag);
        }
      }
      args.optStr("password").ifPresent(p -> clauses.add("PASSWORD " + Psql.literal(p)));
      args.optInt("conn_limit").ifPresent(n -> clauses.add("CONNECTION LIMIT " + n));
      args.optStr("expires").ifPresent(e -> clauses.add("VALID UNTIL " + Psql.literal(e)));
      return change(psql, "CREATE ROLE " + Psql.ident(name), clauses, diffs, result);
    }
    List<String> row = rows.get(0);
    for (int i = 0; i < ORDER.size(); i++) {
      String flag = ORDER.get(i);
      boolean current = row.get(i).equals("t");
      if (flags.containsKey(flag) && flags.get(flag) != current) {
        clauses.add((flags.get(flag) ? "" : "NO") + flag);
        diffs.add(Diff.property(subject, flag.toLowerCase(Locale.ROOT), current, flags.get(flag)));
      }
    }
    long limit = Long.parseLong(row.get(7));
    if (args.optInt("conn_limit").isPresent() && args.optInt("conn_limit").get() != limit) {
      clauses.add("CONNECTION LIMIT " + args.optInt("conn_limit").get());
      diffs.add(Diff.property(subject, "conn_limit", limit, args.optInt("conn_limit").get()));
    }
    if (args.optStr("expires").isPresent() && !sameExpiry(row.get(8), args.str("expires"))) {
      clauses.add("VALID UNTIL " + Psql.literal(args.str("expires")));
      diffs.add(Diff.property(subject, "expires", row.get(8), args.str("expires")));
    }
    if (args.optStr("password").isPresent()
        && !Scram.matches(row.get(9), args.str("password"), name)) {
      clauses.add("PASSWORD " + Psql.literal(args.str("password")));
      diffs.add(Diff.property(subject, "password", "(another)", "(the one given)"));
    }
    if (clauses.isEmpty()) {
      return Plan.ok(result);
    }
    return change(psql, "ALTER ROLE " + Psql.ident(name), clauses, diffs, result);
  }

  private static Plan change(
      Psql psql, String head, List<String> clauses, List<Diff> diffs, Map<String, Object> result) {
    String statement = head + (clauses.isEmpty() ? "" : " WITH " + String.join(" ", clauses));
    // the statement may hold the password: the result shows it without
    result.put(
        "queries", List.of(statement.replaceAll("PASSWORD '(?:[^']|'')*'", "PASSWORD ********")));
    return Plan.change(
        diffs,
        result,
        on -> {
          psql.query(on, statement + ";");
          return Map.of();
        });
  }

  /** "infinity" matches what pg_roles shows for it; anything else is compared as given. */
  private static boolean sameExpiry(String current, String wanted) {
    return current.equalsIgnoreCase(wanted)
        || current.startsWith(wanted.strip())
        || (current.equals("infinity") && wanted.equalsIgnoreCase("infinity"));
  }

  /** "CREATEDB,NOSUPERUSER" as flag -> wanted value; unknown names are an error. */
  static Map<String, Boolean> flags(String text) throws ModuleException {
    Map<String, Boolean> flags = new LinkedHashMap<>();
    for (String raw : text.split(",")) {
      String word = raw.strip().toUpperCase(Locale.ROOT);
      if (word.isEmpty()) {
        continue;
      }
      boolean on = !word.startsWith("NO") || FLAGS.containsKey(word);
      String flag = on ? word : word.substring(2);
      if (!FLAGS.containsKey(flag)) {
        throw new ModuleException(
            "role_attr_flags: unknown attribute '"
                + raw.strip()
                + "'; use [NO]SUPERUSER, [NO]CREATEROLE, [NO]CREATEDB, [NO]INHERIT, [NO]LOGIN,"
                + " [NO]REPLICATION or [NO]BYPASSRLS");
      }
      flags.put(flag, on);
    }
    return flags;
  }
}
