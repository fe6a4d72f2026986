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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Privileges on PostgreSQL objects, as community.postgresql.postgresql_privs grants and revokes
 * them. The objects' access lists are read from the catalogs (aclexplode of each ACL, or of the
 * owner's defaults when the ACL is still NULL), so the plan holds only the GRANTs and REVOKEs that
 * close the gap, and check mode is that plan. Every name reaches SQL as a quoted identifier or a
 * string literal; a function's signature is resolved by the server (to_regprocedure) and granted on
 * as the server writes it back.
 */
public final class PostgresqlPrivs implements Module {

  /** An object type: its catalog, keyword and privileges. */
  record Kind(
      String keyword,
      String catalog,
      String nameColumn,
      String aclColumn,
      String ownerColumn,
      char defaultLetter,
      String schemaColumn,
      String filter,
      List<String> all) {

    boolean inSchema() {
      return schemaColumn != null;
    }
  }

  private static final List<String> RELATION =
      List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER");

  static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(
        "table",
        new Kind(
            "TABLE",
            "pg_class",
            "relname",
            "relacl",
            "relowner",
            'r',
            "relnamespace",
            "c.relkind IN ('r', 'p', 'v', 'm', 'f')",
            RELATION));
    KINDS.put(
        "sequence",
        new Kind(
            "SEQUENCE",
            "pg_class",
            "relname",
            "relacl",
            "relowner",
            's',
            "relnamespace",
            "c.relkind = 'S'",
            List.of("USAGE", "SELECT", "UPDATE")));
    KINDS.put(
        "function",
        new Kind(
            "FUNCTION",
            "pg_proc",
            "proname",
            "proacl",
            "proowner",
            'f',
            "pronamespace",
            "c.prokind IN ('f', 'a', 'w')",
            List.of("EXECUTE")));
    KINDS.put(
        "procedure",
        new Kind(
            "PROCEDURE",
            "pg_proc",
            "proname",
            "proacl",
            "proowner",
            'f',
            "pronamespace",
            "c.prokind = 'p'",
            List.of("EXECUTE")));
    KINDS.put(
        "type",
        new Kind(
            "TYPE",
            "pg_type",
            "typname",
            "typacl",
            "typowner",
            'T',
            "typnamespace",
            "true",
            List.of("USAGE")));
    KINDS.put(
        "database",
        new Kind(
            "DATABASE",
            "pg_database",
            "datname",
            "datacl",
            "datdba",
            'd',
            null,
            "true",
            List.of("CREATE", "CONNECT", "TEMPORARY")));
    KINDS.put(
        "schema",
        new Kind(
            "SCHEMA",
            "pg_namespace",
            "nspname",
            "nspacl",
            "nspowner",
            'n',
            null,
            "true",
            List.of("USAGE", "CREATE")));
    KINDS.put(
        "language",
        new Kind(
            "LANGUAGE",
            "pg_language",
            "lanname",
            "lanacl",
            "lanowner",
            'l',
            null,
            "true",
            List.of("USAGE")));
    KINDS.put(
        "tablespace",
        new Kind(
            "TABLESPACE",
            "pg_tablespace",
            "spcname",
            "spcacl",
            "spcowner",
            't',
            null,
            "true",
            List.of("CREATE")));
    KINDS.put(
        "foreign_data_wrapper",
        new Kind(
            "FOREIGN DATA WRAPPER",
            "pg_foreign_data_wrapper",
            "fdwname",
            "fdwacl",
            "fdwowner",
            'F',
            null,
            "true",
            List.of("USAGE")));
    KINDS.put(
        "foreign_server",
        new Kind(
            "FOREIGN SERVER",
            "pg_foreign_server",
            "srvname",
            "srvacl",
            "srvowner",
            'S',
            null,
            "true",
            List.of("USAGE")));
  }

  /** Default privileges: the objects' names, their pg_default_acl letter and privileges. */
  record DefaultKind(String name, char letter, char aclLetter, List<String> all) {}

  static final Map<String, DefaultKind> DEFAULT_KINDS = new LinkedHashMap<>();

  static {
    DEFAULT_KINDS.put("TABLES", new DefaultKind("TABLES", 'r', 'r', RELATION));
    DEFAULT_KINDS.put(
        "SEQUENCES", new DefaultKind("SEQUENCES", 'S', 's', List.of("USAGE", "SELECT", "UPDATE")));
    DEFAULT_KINDS.put("FUNCTIONS", new DefaultKind("FUNCTIONS", 'f', 'f', List.of("EXECUTE")));
    DEFAULT_KINDS.put("TYPES", new DefaultKind("TYPES", 'T', 'T', List.of("USAGE")));
    DEFAULT_KINDS.put("SCHEMAS", new DefaultKind("SCHEMAS", 'n', 'n', List.of("USAGE", "CREATE")));
  }

  private static final Set<String> VALID_PRIVS =
      Set.of(
          "SELECT",
          "INSERT",
          "UPDATE",
          "DELETE",
          "TRUNCATE",
          "REFERENCES",
          "TRIGGER",
          "CREATE",
          "CONNECT",
          "TEMPORARY",
          "TEMP",
          "EXECUTE",
          "USAGE",
          "ALL");

  private static final List<String> TYPES =
      List.of(
          "table",
          "sequence",
          "function",
          "procedure",
          "database",
          "schema",
          "language",
          "tablespace",
          "group",
          "default_privs",
          "foreign_data_wrapper",
          "foreign_server",
          "type");

  private static final ModuleSpec SPEC =
      Psql.declare(
              ModuleSpec.builder("postgresql_privs")
                  .description(
                      "Grants or revokes privileges on PostgreSQL objects (tables, sequences,"
                          + " functions, schemas, databases, default privileges...) and group"
                          + " memberships; only the missing or extra privileges are changed, read"
                          + " from the catalogs.")
                  .arg(
                      Arg.str("database", "The database to connect to; its objects are granted on.")
                          .required()
                          .aliases("db", "login_db"))
                  .arg(
                      Arg.str(
                              "state",
                              "present grants the privileges, absent revokes them (with"
                                  + " type: default_privs, absent revokes all default privileges"
                                  + " of the roles on TABLES, SEQUENCES and TYPES, as the"
                                  + " collection does).")
                          .choices("present", "absent")
                          .defaultsTo("present"))
                  .arg(
                      Arg.str(
                              "privs",
                              "Comma-separated privileges (SELECT, INSERT, ..., ALL); not with"
                                  + " type: group.")
                          .aliases("priv"))
                  .arg(
                      Arg.str("type", "The kind of object.")
                          .choices(TYPES.toArray(String[]::new))
                          .defaultsTo("table"))
                  .arg(
                      Arg.str(
                              "objs",
                              "Comma-separated objects; ALL_IN_SCHEMA for every table, sequence,"
                                  + " function or procedure of the schema; a function as"
                                  + " name(argtype:argtype); with type: database, the database"
                                  + " by default; with type: default_privs, TABLES, SEQUENCES,"
                                  + " FUNCTIONS, TYPES, SCHEMAS or ALL_DEFAULT; with type: group,"
                                  + " the groups.")
                          .aliases("obj"))
                  .arg(
                      Arg.str(
                          "schema",
                          "The schema of the objects (public by default) for table, sequence,"
                              + " function, procedure, type and default_privs; not-specified for"
                              + " none."))
                  .arg(
                      Arg.str(
                              "roles",
                              "Comma-separated roles the privileges are for; PUBLIC for every"
                                  + " role.")
                          .required()
                          .aliases("role"))
                  .arg(
                      Arg.str(
                          "target_roles",
                          "With type: default_privs, the comma-separated roles whose future"
                              + " objects the default privileges are for (the login role by"
                              + " default)."))
                  .arg(
                      Arg.bool(
                              "grant_option",
                              "Whether the roles may grant the privileges on (WITH GRANT OPTION,"
                                  + " or ADMIN OPTION for groups); false revokes that option,"
                                  + " unset leaves it as it is.")
                          .aliases("admin_option"))
                  .arg(
                      Arg.bool(
                              "fail_on_role",
                              "Fail when a role does not exist; otherwise warn and change"
                                  + " nothing.")
                          .defaultsTo(true))
                  .arg(
                      Arg.bool(
                              "usage_on_types",
                              "With type: default_privs and state: present, also grant USAGE on"
                                  + " TYPES, as the collection does.")
                          .defaultsTo(true))
                  .notHonoured(
                      Arg.str("password", "Deprecated in the collection: use login_password.")
                          .secret())
                  .example(
                      "- name: the application reads and writes its tables\n"
                          + "  become: true\n"
                          + "  become_user: postgres\n"
                          + "  community.postgresql.postgresql_privs:\n"
                          + "    database: shop\n"
                          + "    type: table\n"
                          + "    objs: ALL_IN_SCHEMA\n"
                          + "    privs: SELECT,INSERT,UPDATE,DELETE\n"
                          + "    roles: shop\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** One object's privileges of one role: privilege -> grantable. */
  record Held(String object, String role, Map<String, Boolean> privs) {}

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String type = args.str("type");
    String database = args.str("database");
    boolean present = args.str("state").equals("present");
    Psql psql = Psql.connect(args, database);
    String objs = args.optStr("objs").orElse(type.equals("database") ? database : null);
    if (objs == null) {
      throw new ModuleException("Argument \"objs\" is required for type \"" + type + "\".");
    }
    boolean inSchemaKind =
        List.of("table", "sequence", "function", "procedure", "type", "default_privs")
            .contains(type);
    String schema = null;
    if (inSchemaKind) {
      String given = args.optStr("schema").orElse("public");
      schema = objs.equals("schemas") || given.equals("not-specified") ? null : given;
    } else if (args.optStr("schema").isPresent()) {
      throw new ModuleException("Argument \"schema\" is not allowed for type \"" + type + "\".");
    }
    boolean allInSchema = objs.equals("ALL_IN_SCHEMA");
    if (allInSchema && !List.of("table", "sequence", "function", "procedure").contains(type)) {
      throw new ModuleException(
          "Argument \"objs\": ALL_IN_SCHEMA can be used only for type: table, sequence, function"
              + " or procedure, "
              + type
              + " was passed.");
    }
    List<String> privs = privs(args, type);
    Map<String, Object> result = new LinkedHashMap<>();
    boolean publicRole = args.str("roles").strip().equalsIgnoreCase("PUBLIC");
    List<String> roles = publicRole ? List.of("PUBLIC") : split(args.str("roles"), "roles", false);

    List<String> missingRoles = new ArrayList<>();
    List<String> probedRoles = new ArrayList<>(roles);
    List<String> targetRoles =
        args.optStr("target_roles").map(t -> split(t, "target_roles", false)).orElse(List.of());
    if (!publicRole) {
      Set<String> known = new LinkedHashSet<>();
      List<String> asked = new ArrayList<>(roles);
      asked.addAll(targetRoles);
      for (List<String> row :
          psql.query(
              target, "SELECT rolname FROM pg_roles WHERE rolname IN (" + literals(asked) + ")")) {
        known.add(row.get(0));
      }
      for (String role : asked) {
        if (!known.contains(role) && !missingRoles.contains(role)) {
          missingRoles.add(role);
        }
      }
      if (!missingRoles.isEmpty() && !args.bool("fail_on_role")) {
        result.put("queries", List.of());
        result.put(
            "warnings",
            missingRoles.stream()
                .map(r -> "Role '" + r + "' does not exist, nothing to do")
                .toList());
        return Plan.ok(result);
      }
    }

    List<Change> changes =
        switch (type) {
          case "group" ->
              groupChanges(target, psql, split(objs, "objs", false), roles, present, args);
          case "default_privs" ->
              defaultChanges(target, psql, objs, schema, privs, roles, targetRoles, present, args);
          default ->
              objectChanges(
                  target, psql, KINDS.get(type), type, objs, schema, privs, roles, present, args);
        };
    List<String> statements = new ArrayList<>();
    List<Diff> diffs = new ArrayList<>();
    for (Change change : changes) {
      statements.addAll(change.statements());
      diffs.add(change.diff());
    }
    result.put("queries", statements);
    if (statements.isEmpty()) {
      return Plan.ok(result);
    }
    Plan plan =
        Plan.change(
            diffs,
            result,
            on -> {
              psql.query(on, "BEGIN;\n" + String.join(";\n", statements) + ";\nCOMMIT;");
              return Map.of();
            });
    for (String role : missingRoles) {
      plan = plan.assuming(Plan.Assumption.silent("Role '" + role + "' does not exist"));
    }
    return plan;
  }

  /** What one object and role need: the statements and the diff that shows them. */
  record Change(List<String> statements, Diff diff) {}

  /** The privileges asked for, upper case, each valid for the type; ALL kept as ALL. */
  private static List<String> privs(Args args, String type) throws ModuleException {
    if (type.equals("group")) {
      if (args.optStr("privs").isPresent()) {
        throw new ModuleException("Argument \"privs\" is not allowed for type \"group\".");
      }
      return List.of();
    }
    if (args.optStr("privs").isEmpty()) {
      throw new ModuleException("Argument \"privs\" is required for type \"" + type + "\".");
    }
    List<String> privs = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (String raw : args.str("privs").split(",")) {
      String priv = raw.strip().toUpperCase(Locale.ROOT);
      priv = priv.equals("TEMP") ? "TEMPORARY" : priv;
      if (!VALID_PRIVS.contains(priv)) {
        invalid.add(raw.strip());
      } else if (!privs.contains(priv)) {
        privs.add(priv);
      }
    }
    if (!invalid.isEmpty()) {
      throw new ModuleException("Invalid privileges specified: " + String.join(", ", invalid));
    }
    return privs;
  }

  /** The privileges meant on an object whose full set is {@code all}: ALL is every one of them. */
  private static List<String> expand(List<String> privs, List<String> all, String what)
      throws ModuleException {
    if (privs.contains("ALL")) {
      return all;
    }
    for (String priv : privs) {
      if (!all.contains(priv)) {
        throw new ModuleException(
            "privilege " + priv + " does not apply to " + what + ": use " + String.join(", ", all));
      }
    }
    return privs;
  }

  private static List<String> split(String text, String what, boolean upper) {
    List<String> parts = new ArrayList<>();
    for (String raw : text.split(",")) {
      String part = raw.strip();
      if (!part.isEmpty() && !parts.contains(part)) {
        parts.add(upper ? part.toUpperCase(Locale.ROOT) : part);
      }
    }
    return parts;
  }

  private static String literals(List<String> values) {
    return values.isEmpty()
        ? "NULL"
        : String.join(", ", values.stream().map(Psql::literal).toList());
  }

  private static String grantee(String role) {
    return role.equals("PUBLIC") ? "PUBLIC" : Psql.ident(role);
  }

  /** SQL that names a grantee: PUBLIC for the ACL's grantee 0. */
  private static final String GRANTEE =
      "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END";

  /** Privileges on objects that have an ACL column: one query for all of them. */
  private static List<Change> objectChanges(
      Target target,
      Psql psql,
      Kind kind,
      String type,
      String objs,
      String schema,
      List<String> asked,
      List<String> roles,
      boolean present,
      Args args)
      throws ModuleException {
    List<String> privs = expand(asked, kind.all(), type);
    boolean routine = type.equals("function") || type.equals("procedure");
    String nsJoin =
        kind.inSchema() && schema != null
            ? " AND c."
                + kind.schemaColumn()
                + " = (SELECT oid FROM pg_namespace WHERE nspname = "
                + Psql.literal(schema)
                + ")"
            : "";
    String wanted;
    List<String> names = new ArrayList<>();
    if (objs.equals("ALL_IN_SCHEMA")) {
      if (schema != null
          && psql.query(
                  target, "SELECT 1 FROM pg_namespace WHERE nspname = " + Psql.literal(schema))
              .isEmpty()) {
        throw new ModuleException("Schema \"" + schema + "\" does not exist.");
      }
      wanted =
          "SELECT "
              + (routine ? "c.oid::regprocedure::text" : "c." + kind.nameColumn() + "::text")
              + ", c.oid FROM "
              + kind.catalog()
              + " c WHERE "
              + kind.filter()
              + nsJoin;
    } else {
      List<String> rows = new ArrayList<>();
      for (String obj : objs.split(",")) {
        String name = routine ? obj.replace(':', ',') : obj;
        if (names.contains(name)) {
          continue;
        }
        names.add(name);
        String oid;
        if (routine) {
          int paren = name.indexOf('(');
          if (paren < 0) {
            throw new ModuleException("Illegal function / procedure signature: \"" + name + "\".");
          }
          String qualified =
              (schema == null ? "" : Psql.ident(schema) + ".")
                  + Psql.ident(name.substring(0, paren))
                  + name.substring(paren);
          oid = "to_regprocedure(" + Psql.literal(qualified) + ")";
        } else {
          oid =
              "(SELECT c.oid FROM "
                  + kind.catalog()
                  + " c WHERE c."
                  + kind.nameColumn()
                  + " = "
                  + Psql.literal(name)
                  + " AND "
                  + kind.filter()
                  + nsJoin
                  + ")";
        }
        rows.add("(" + Psql.literal(name) + ", " + oid + ")");
      }
      wanted = "VALUES " + String.join(", ", rows);
    }
    String sql =
        "WITH wanted(name, oid) AS ("
            + wanted
            + ")\nSELECT w.name, "
            + (routine ? "coalesce(c.oid::regprocedure::text, '')" : "''")
            + ", c.oid IS NOT NULL, coalesce("
            + GRANTEE
            + ", ''), coalesce(a.privilege_type, ''), coalesce(a.is_grantable::text, '')"
            + " FROM wanted w LEFT JOIN "
            + kind.catalog()
            + " c ON c.oid = w.oid AND "
            + kind.filter()
            + " LEFT JOIN LATERAL aclexplode(coalesce(c."
            + kind.aclColumn()
            + ", acldefault('"
            + kind.defaultLetter()
            + "', c."
            + kind.ownerColumn()
            + "))) a ON true ORDER BY 1";
    Map<String, String> references = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, Boolean>>> held = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (List<String> row : psql.query(target, sql)) {
      String name = row.get(0);
      if (!row.get(2).equals("t")) {
        missing.add(name);
        continue;
      }
      references.put(
          name,
          routine
              ? row.get(1)
              : (kind.inSchema() && schema != null ? Psql.ident(schema) + "." : "")
                  + Psql.ident(name));
      Map<String, Map<String, Boolean>> byRole =
          held.computeIfAbsent(name, n -> new LinkedHashMap<>());
      if (!row.get(3).isEmpty()) {
        byRole
            .computeIfAbsent(row.get(3), r -> new LinkedHashMap<>())
            .merge(row.get(4), row.get(5).equals("true"), Boolean::logicalOr);
      }
    }
    if (!missing.isEmpty()) {
      throw new ModuleException(
          type
              + " "
              + String.join(", ", missing)
              + (schema != null && kind.inSchema() ? " in schema " + schema : "")
              + " does not exist in database "
              + args.str("database"));
    }
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<String, Map<String, Map<String, Boolean>>> object : held.entrySet()) {
      String on = kind.keyword() + " " + references.get(object.getKey());
      String subject =
          "postgresql privileges on "
              + type
              + " "
              + (kind.inSchema() && schema != null ? schema + "." : "")
              + object.getKey();
      for (String role : roles) {
        Map<String, Boolean> has = object.getValue().getOrDefault(role, Map.of());
        changes.addAll(
            change(
                subject,
                on,
                "",
                role,
                has,
                privs,
                present,
                args.optBool("grant_option").orElse(null),
                kind.all()));
      }
    }
    return changes;
  }

  /**
   * The statements that bring what {@code role} has on one object to what is asked: GRANT the
   * missing privileges (WITH GRANT OPTION when asked), REVOKE GRANT OPTION FOR those that must lose
   * it, or REVOKE those present when state is absent.
   */
  private static List<Change> change(
      String subject,
      String on,
      String head,
      String role,
      Map<String, Boolean> has,
      List<String> privs,
      boolean present,
      Boolean grantOption,
      List<String> order) {
    List<String> statements = new ArrayList<>();
    Map<String, Boolean> after = new LinkedHashMap<>(has);
    if (present) {
      List<String> grant = new ArrayList<>();
      List<String> ungrant = new ArrayList<>();
      for (String priv : privs) {
        Boolean grantable = has.get(priv);
        if (grantable == null || (Boolean.TRUE.equals(grantOption) && !grantable)) {
          grant.add(priv);
          after.put(priv, Boolean.TRUE.equals(grantOption) || Boolean.TRUE.equals(grantable));
        } else if (Boolean.FALSE.equals(grantOption) && grantable) {
          ungrant.add(priv);
          after.put(priv, false);
        }
      }
      if (!grant.isEmpty()) {
        statements.add(
            head
                + "GRANT "
                + String.join(", ", grant)
                + " ON "
                + on
                + " TO "
                + grantee(role)
                + (Boolean.TRUE.equals(grantOption) ? " WITH GRANT OPTION" : ""));
      }
      if (!ungrant.isEmpty()) {
        statements.add(
            head
                + "REVOKE GRANT OPTION FOR "
                + String.join(", ", ungrant)
                + " ON "
                + on
                + " FROM "
                + grantee(role));
      }
    } else {
      List<String> revoke = privs.stream().filter(has::containsKey).toList();
      if (!revoke.isEmpty()) {
        statements.add(
            head + "REVOKE " + String.join(", ", revoke) + " ON " + on + " FROM " + grantee(role));
        revoke.forEach(after::remove);
      }
    }
    if (statements.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Change(
            statements, Diff.property(subject, role, render(has, order), render(after, order))));
  }

  /** "SELECT, INSERT*" in the type's order, * marking a grant option; "(none)" when empty. */
  static String render(Map<String, Boolean> privs, List<String> order) {
    List<String> shown = new ArrayList<>();
    for (String priv : order) {
      if (privs.containsKey(priv)) {
        shown.add(priv + (privs.get(priv) ? "*" : ""));
      }
    }
    privs.keySet().stream()
        .filter(p -> !order.contains(p))
        .sorted()
        .forEach(p -> shown.add(p + (privs.get(p) ? "*" : "")));
    return shown.isEmpty() ? "(none)" : String.join(", ", shown);
  }

  /** Membership of roles in groups: pg_auth_members, ADMIN OPTION as the grant option. */
  private static List<Change> groupChanges(
      Target target,
      Psql psql,
      List<String> groups,
      List<String> members,
      boolean present,
      Args args)
      throws ModuleException {
    Map<String, Map<String, Boolean>> held = new LinkedHashMap<>();
    List<String> known = new ArrayList<>();
    for (List<String> row :
        psql.query(
            target,
            "SELECT g.rolname, coalesce(m.rolname, ''), coalesce(am.admin_option::text, '')"
                + " FROM pg_roles g LEFT JOIN pg_auth_members am ON am.roleid = g.oid"
                + " LEFT JOIN pg_roles m ON m.oid = am.member WHERE g.rolname IN ("
                + literals(groups)
                + ")")) {
      known.add(row.get(0));
      Map<String, Boolean> byMember = held.computeIfAbsent(row.get(0), g -> new LinkedHashMap<>());
      if (!row.get(1).isEmpty()) {
        byMember.merge(row.get(1), row.get(2).equals("true"), Boolean::logicalOr);
      }
    }
    List<String> missing = groups.stream().filter(g -> !known.contains(g)).toList();
    if (!missing.isEmpty()) {
      throw new ModuleException("role " + String.join(", ", missing) + " does not exist");
    }
    Boolean adminOption = args.optBool("grant_option").orElse(null);
    List<Change> changes = new ArrayList<>();
    for (String group : groups) {
      for (String member : members) {
        Boolean admin = held.get(group).get(member);
        List<String> statements = new ArrayList<>();
        String before = admin == null ? "no" : admin ? "member with admin option" : "member";
        String after = before;
        if (present) {
          if (admin == null || (Boolean.TRUE.equals(adminOption) && !admin)) {
            statements.add(
                "GRANT "
                    + Psql.ident(group)
                    + " TO "
                    + grantee(member)
                    + (Boolean.TRUE.equals(adminOption) ? " WITH ADMIN OPTION" : ""));
            after = Boolean.TRUE.equals(adminOption) ? "member with admin option" : "member";
          } else if (Boolean.FALSE.equals(adminOption) && admin) {
            statements.add(
                "REVOKE ADMIN OPTION FOR " + Psql.ident(group) + " FROM " + grantee(member));
            after = "member";
          }
        } else if (admin != null) {
          statements.add("REVOKE " + Psql.ident(group) + " FROM " + grantee(member));
          after = "no";
        }
        if (!statements.isEmpty()) {
          changes.add(
              new Change(
                  statements, Diff.property("postgresql group " + group, member, before, after)));
        }
      }
    }
    return changes;
  }

  /**
   * Default privileges (ALTER DEFAULT PRIVILEGES) as the collection sets them: with state present,
   * each object type given holds exactly the privileges given (the collection revokes all, then
   * grants), plus USAGE on TYPES unless usage_on_types is false; with state absent, the roles lose
   * all of them on TABLES, SEQUENCES and TYPES.
   */
  private static List<Change> defaultChanges(
      Target target,
      Psql psql,
      String objs,
      String schema,
      List<String> privs,
      List<String> roles,
      List<String> targetRoles,
      boolean present,
      Args args)
      throws ModuleException {
    List<String> kinds;
    if (objs.equals("ALL_DEFAULT")) {
      kinds = List.of("TABLES", "SEQUENCES", "FUNCTIONS", "TYPES");
    } else {
      kinds = split(objs, "objs", true);
      List<String> invalid = kinds.stream().filter(k -> !DEFAULT_KINDS.containsKey(k)).toList();
      if (!invalid.isEmpty()) {
        throw new ModuleException("Invalid Object set specified: " + String.join(", ", invalid));
      }
    }
    Boolean grantOption = args.optBool("grant_option").orElse(null);
    // what each object type must hold afterwards, grantable or not
    Map<String, List<String>> exact = new LinkedHashMap<>();
    Map<String, List<String>> added = new LinkedHashMap<>();
    if (present) {
      for (String kind : kinds) {
        exact.put(kind, expand(privs, DEFAULT_KINDS.get(kind).all(), "default " + kind));
      }
      if (args.bool("usage_on_types") && !exact.containsKey("TYPES")) {
        added.put("TYPES", List.of("USAGE"));
      }
    } else {
      for (String kind : List.of("TABLES", "SEQUENCES", "TYPES")) {
        exact.put(kind, List.of());
      }
    }
    List<String> owners = targetRoles.isEmpty() ? List.of("") : targetRoles;
    String nsOid =
        schema == null
            ? "0"
            : "(SELECT oid FROM pg_namespace WHERE nspname = " + Psql.literal(schema) + ")";
    if (schema != null
        && psql.query(target, "SELECT 1 FROM pg_namespace WHERE nspname = " + Psql.literal(schema))
            .isEmpty()) {
      throw new ModuleException("Schema \"" + schema + "\" does not exist.");
    }
    List<Change> changes = new ArrayList<>();
    for (String owner : owners) {
      String ownerOid =
          owner.isEmpty()
              ? "(SELECT oid FROM pg_roles WHERE rolname = current_user)"
              : "(SELECT oid FROM pg_roles WHERE rolname = " + Psql.literal(owner) + ")";
      StringBuilder values = new StringBuilder();
      for (DefaultKind kind : DEFAULT_KINDS.values()) {
        values
            .append(values.length() == 0 ? "" : ", ")
            .append("('")
            .append(kind.name())
            .append("', '")
            .append(kind.letter())
            .append("'::\"char\", '")
            .append(kind.aclLetter())
            .append("'::\"char\")");
      }
      String sql =
          "WITH k(name, letter, aclletter) AS (VALUES "
              + values
              + ")\nSELECT k.name, coalesce("
              + GRANTEE
              + ", ''), coalesce(a.privilege_type, ''), coalesce(a.is_grantable::text, ''),"
              + " current_user FROM k LEFT JOIN pg_default_acl d ON d.defaclobjtype = k.letter"
              + " AND d.defaclrole = "
              + ownerOid
              + " AND d.defaclnamespace = "
              + nsOid
              + " LEFT JOIN LATERAL aclexplode(coalesce(d.defaclacl, CASE WHEN "
              + nsOid
              + " = 0 THEN acldefault(k.aclletter, "
              + ownerOid
              + ") END)) a ON true ORDER BY 1";
      Map<String, Map<String, Map<String, Boolean>>> held = new LinkedHashMap<>();
      String ownerName = owner;
      for (List<String> row : psql.query(target, sql)) {
        ownerName = owner.isEmpty() ? row.get(4) : owner;
        Map<String, Map<String, Boolean>> byRole =
            held.computeIfAbsent(row.get(0), k -> new LinkedHashMap<>());
        if (!row.get(1).isEmpty()) {
          byRole
              .computeIfAbsent(row.get(1), r -> new LinkedHashMap<>())
              .merge(row.get(2), row.get(3).equals("true"), Boolean::logicalOr);
        }
      }
      String head =
          "ALTER DEFAULT PRIVILEGES"
              + (owner.isEmpty() ? "" : " FOR ROLE " + Psql.ident(owner))
              + (schema == null ? "" : " IN SCHEMA " + Psql.ident(schema))
              + " ";
      for (String kind : DEFAULT_KINDS.keySet()) {
        if (!exact.containsKey(kind) && !added.containsKey(kind)) {
          continue;
        }
        List<String> order = DEFAULT_KINDS.get(kind).all();
        for (String role : roles) {
          Map<String, Boolean> has = held.getOrDefault(kind, Map.of()).getOrDefault(role, Map.of());
          String subject =
              "postgresql default privileges of "
                  + ownerName
                  + (schema == null ? "" : " in schema " + schema)
                  + " on "
                  + kind;
          if (added.containsKey(kind)) {
            changes.addAll(
                change(subject, kind, head, role, has, added.get(kind), true, grantOption, order));
            continue;
          }
          List<String> wanted = exact.get(kind);
          boolean grantable = Boolean.TRUE.equals(grantOption);
          List<String> extra = has.keySet().stream().filter(p -> !wanted.contains(p)).toList();
          List<String> lacking =
              wanted.stream().filter(p -> !has.containsKey(p) || has.get(p) != grantable).toList();
          List<String> statements = new ArrayList<>();
          Map<String, Boolean> after = new LinkedHashMap<>();
          wanted.forEach(p -> after.put(p, grantable));
          List<String> revoke = new ArrayList<>(extra);
          // a grant option that must go is revoked with its privilege, which is then granted
          wanted.stream()
              .filter(p -> has.containsKey(p) && has.get(p) && !grantable)
              .forEach(revoke::add);
          if (!revoke.isEmpty()) {
            statements.add(
                head
                    + "REVOKE "
                    + String.join(", ", order.stream().filter(revoke::contains).toList())
                    + " ON "
                    + kind
                    + " FROM "
                    + grantee(role));
          }
          List<String> grant =
              wanted.stream().filter(p -> !has.containsKey(p) || has.get(p) != grantable).toList();
          if (!lacking.isEmpty() && !grant.isEmpty()) {
            statements.add(
                head
                    + "GRANT "
                    + String.join(", ", grant)
                    + " ON "
                    + kind
                    + " TO "
                    + grantee(role)
                    + (grantable ? " WITH GRANT OPTION" : ""));
          }
          if (!statements.isEmpty()) {
            changes.add(
                new Change(
                    statements,
                    Diff.property(subject, role, render(has, order), render(after, order))));
          }
        }
      }
    }
    return changes;
  }
}
