package dev.ploy.modules.postgres;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.expr.Json;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs SQL as community.postgresql.postgresql_query does, with psql on the target, and returns what
 * the collection returns: query_result (rows as mappings, typed as psycopg2 types them),
 * query_all_results, rowcount, statusmessage, query and query_list. Arguments are never spliced
 * into the SQL: the query's %s / %(name)s placeholders become $1, $2... of a prepared statement,
 * and the values reach psql through its environment (\getenv) and travel as quoted literals of
 * EXECUTE. A query that only reads runs at plan time in a READ ONLY transaction (so check mode
 * shows its rows, and nothing can change); any other runs only when applied, in one transaction,
 * and is skipped in check mode, like command: ploy never runs a write to learn what it would do.
 * changed follows the collection: a SELECT changes nothing, an INSERT, UPDATE or DELETE changes
 * when it touched rows, anything else changes.
 */
public final class PostgresqlQuery implements Module {
  private static final ModuleSpec SPEC =
      Psql.declare(
              ModuleSpec.builder("postgresql_query")
                  .description(
                      "Runs SQL queries in a PostgreSQL database and returns their rows; values"
                          + " are passed as arguments of a prepared statement, never spliced into"
                          + " the SQL. A query that only reads runs in check mode too (read-only);"
                          + " one that writes is skipped in check mode.")
                  .arg(
                      Arg.raw(
                          "query",
                          "The SQL, or a list of queries run one after the other in one"
                              + " transaction; %s or %(name)s stand for the arguments."))
                  .arg(
                      Arg.list(
                          "positional_args",
                          "Values for the %s placeholders, in order (a list becomes a PostgreSQL"
                              + " array)."))
                  .arg(Arg.dict("named_args", "Values for the %(name)s placeholders."))
                  .arg(
                      Arg.str("db", "The database to connect to.")
                          .aliases("login_db")
                          .defaultsTo("postgres"))
                  .arg(
                      Arg.bool(
                              "autocommit",
                              "Run each statement on its own, outside a transaction (VACUUM,"
                                  + " CREATE DATABASE...).")
                          .defaultsTo(false))
                  .arg(Arg.str("encoding", "The client encoding (UTF8, LATIN1...)."))
                  .arg(
                      Arg.list("search_path", "Schemas to look names up in, in order.")
                          .elements(dev.ploy.module.ArgType.STR))
                  .arg(
                      Arg.path(
                          "path_to_script",
                          "A file on the target whose SQL is the query (deprecated in the"
                              + " collection, which suggests postgresql_db state=restore)."))
                  .arg(
                      Arg.bool(
                              "as_single_query",
                              "With path_to_script: send the script as one query; false splits"
                                  + " it at every ';' into queries run one after the other, as"
                                  + " the collection does (a ';' inside a string or a function"
                                  + " body splits it too).")
                          .defaultsTo(true))
                  .mutuallyExclusive("positional_args", "named_args")
                  .mutuallyExclusive("query", "path_to_script")
                  .example(
                      "- name: the restore brought the users back\n"
                          + "  become: true\n"
                          + "  become_user: postgres\n"
                          + "  community.postgresql.postgresql_query:\n"
                          + "    db: shop\n"
                          + "    query: SELECT count(*) AS users FROM accounts WHERE active = %s\n"
                          + "    positional_args: [true]\n"
                          + "  register: users\n"
                          + "  failed_when: users.query_result[0].users == 0\n"))
          .build();

  private static final Pattern NAMED = Pattern.compile("%\\(([^)]*)\\)s");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** One query as psql gets it: its text (placeholders turned to $n) and its arguments' SQL. */
  record Prepared(String shown, String text, List<Object> values, SqlText sql) {}

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    List<String> queries = queries(target, args);
    List<Prepared> prepared = new ArrayList<>();
    for (String query : queries) {
      prepared.add(prepare(query, args));
    }
    Psql psql = Psql.connect(args, args.str("db"));
    boolean autocommit = args.bool("autocommit");
    Map<String, Object> known = new LinkedHashMap<>();
    known.put("query", prepared.get(prepared.size() - 1).shown());
    known.put("query_list", queries);
    boolean reads = !autocommit && prepared.stream().allMatch(p -> p.sql().readsOnly());
    if (reads) {
      try {
        Map<String, Object> result =
            run(target, psql, args, prepared, "BEGIN READ ONLY;", "ROLLBACK;");
        known.putAll(result);
        known.remove("changed");
        return Plan.ok(known);
      } catch (ModuleException e) {
        if (!e.getMessage().contains("read-only transaction")) {
          throw e;
        }
        // a function it calls writes: it runs as a write does
      }
    }
    return Plan.run(
        known,
        on ->
            autocommit
                ? run(on, psql, args, prepared, "", "")
                : run(on, psql, args, prepared, "BEGIN;", "COMMIT;"));
  }

  private static List<String> queries(Target target, Args args) throws ModuleException {
    Object query = args.has("path_to_script") ? script(target, args) : args.get("query");
    if (query == null) {
      throw new ModuleException("query or path_to_script is required");
    }
    List<String> queries = new ArrayList<>();
    if (query instanceof List<?> list) {
      list.forEach(q -> queries.add(String.valueOf(q)));
    } else if (query instanceof String text) {
      queries.add(text);
    } else {
      throw new ModuleException("query argument must be of type string or list");
    }
    if (queries.isEmpty() || queries.stream().allMatch(q -> q.isBlank())) {
      throw new ModuleException("query is empty");
    }
    return queries;
  }

  /**
   * The script's text, read on the target; with as_single_query false, the list of its statements
   * as the collection cuts them: at every ';', the blank ones dropped.
   */
  private static Object script(Target target, Args args) throws ModuleException {
    String path = args.str("path_to_script");
    ExecResult read = target.run(Command.of("base64 -w0 < " + ShellQuote.quote(path)));
    if (!read.ok()) {
      throw new ModuleException(
          "Cannot read file '" + path + "' : " + read.stderr().strip(),
          Map.of("rc", read.rc(), "stderr", read.stderr()));
    }
    String text =
        new String(Base64.getMimeDecoder().decode(read.stdout().strip()), StandardCharsets.UTF_8);
    if (args.bool("as_single_query")) {
      return text;
    }
    List<String> statements = new ArrayList<>();
    for (String statement : text.split(";")) {
      if (!statement.strip().isEmpty()) {
        statements.add(statement);
      }
    }
    return statements;
  }

  /**
   * The query with psycopg2's placeholders turned into a prepared statement's: %s in order,
   * %(name)s by name, %% a percent sign; without arguments the text is left as it is.
   */
  static Prepared prepare(String query, Args args) throws ModuleException {
    List<Object> positional = args.has("positional_args") ? args.list("positional_args") : null;
    Map<String, Object> named = args.has("named_args") ? args.dict("named_args") : null;
    return prepare(query, positional, named);
  }

  static Prepared prepare(String query, List<Object> positional, Map<String, Object> named)
      throws ModuleException {
    boolean withArgs =
        (positional != null && !positional.isEmpty()) || (named != null && !named.isEmpty());
    if (!withArgs) {
      return checked(new Prepared(query, query, List.of(), SqlText.parse(query)));
    }
    StringBuilder text = new StringBuilder();
    StringBuilder shown = new StringBuilder();
    List<Object> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int i = 0;
    int next = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (c != '%') {
        text.append(c);
        shown.append(c);
        i++;
        continue;
      }
      if (query.startsWith("%%", i)) {
        text.append('%');
        shown.append('%');
        i += 2;
      } else if (query.startsWith("%s", i) && positional != null) {
        if (next >= positional.size()) {
          throw new ModuleException("not enough arguments for the query's %s placeholders");
        }
        values.add(positional.get(next));
        text.append('$').append(values.size());
        shown.append(display(positional.get(next)));
        next++;
        i += 2;
      } else {
        Matcher m = NAMED.matcher(query).region(i, query.length());
        if (named == null || !m.lookingAt()) {
          throw new ModuleException(
              "unsupported placeholder at '"
                  + query.substring(i, Math.min(query.length(), i + 10))
                  + "': use %s, %(name)s or %% for a percent sign");
        }
        String name = m.group(1);
        if (!named.containsKey(name)) {
          throw new ModuleException("named_args has no value for %(" + name + ")s");
        }
        if (!names.contains(name)) {
          names.add(name);
          values.add(named.get(name));
        }
        text.append('$').append(names.indexOf(name) + 1);
        shown.append(display(named.get(name)));
        i = m.end();
      }
    }
    if (positional != null && next < positional.size()) {
      throw new ModuleException("not all arguments converted: the query has " + next + " %s");
    }
    Prepared done =
        checked(
            new Prepared(
                shown.toString(), text.toString(), values, SqlText.parse(text.toString())));
    if (!done.sql().single()) {
      throw new ModuleException(
          "arguments go with a single statement (they are bound to a prepared one); run the"
              + " others as queries of their own");
    }
    return done;
  }

  private static Prepared checked(Prepared query) throws ModuleException {
    if (query.sql().strayBackslash()) {
      throw new ModuleException(
          "the query has a backslash outside a string literal, which psql would run as one of"
              + " its own commands: write it inside E'...' or pass it as an argument");
    }
    if (query.sql().statements().isEmpty()) {
      throw new ModuleException("the query holds no statement");
    }
    return query;
  }

  /** A value as the result's query text shows it (as psycopg2 would have spliced it). */
  private static String display(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Boolean || value instanceof Number) {
      return String.valueOf(value);
    }
    return Psql.literal(text(value));
  }

  /** A list becomes PostgreSQL's array text, as the collection converts it. */
  private static String text(Object value) {
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        items.add(item == null ? "NULL" : String.valueOf(item));
      }
      return "{" + String.join(",", items) + "}";
    }
    return String.valueOf(value);
  }

  private static final Pattern ENCODING = Pattern.compile("[A-Za-z0-9_-]+");

  /** Runs the queries in one psql session between {@code begin} and {@code end}. */
  private static Map<String, Object> run(
      Target target, Psql psql, Args args, List<Prepared> queries, String begin, String end)
      throws ModuleException {
    StringBuilder env = new StringBuilder();
    StringBuilder in = new StringBuilder();
    in.append("\\pset format unaligned\n\\pset fieldsep '\\037'\n\\pset recordsep '\\036'\n")
        .append("\\pset footer off\n\\pset null '\\\\N'\n\\o /dev/null\n");
    if (args.optStr("encoding").isPresent()) {
      in.append("\\encoding ")
          .append(args.matching("encoding", ENCODING, "an encoding name"))
          .append('\n');
    }
    in.append(begin).append('\n');
    if (args.has("search_path") && !args.strings("search_path").isEmpty()) {
      in.append("SET ")
          .append(begin.isEmpty() ? "" : "LOCAL ")
          .append("search_path TO ")
          .append(
              String.join(
                  ", ",
                  args.strings("search_path").stream().map(s -> Psql.ident(s.strip())).toList()))
          .append(";\n");
    }
    int arg = 0;
    for (int k = 1; k <= queries.size(); k++) {
      Prepared query = queries.get(k - 1);
      String body = query.text().substring(0, query.sql().end());
      boolean typed =
          !query.values().isEmpty()
              || (query.sql().single()
                  && List.of(
                          "SELECT", "VALUES", "TABLE", "WITH", "INSERT", "UPDATE", "DELETE",
                          "MERGE")
                      .contains(query.sql().statements().get(0).get(0)));
      String run;
      if (typed) {
        List<String> values = new ArrayList<>();
        for (Object value : query.values()) {
          if (value == null) {
            values.add("NULL");
          } else if (value instanceof Boolean
              || value instanceof Long
              || value instanceof Integer) {
            values.add(String.valueOf(value));
          } else if (value instanceof Map<?, ?>) {
            throw new ModuleException("an argument cannot be a mapping: " + value);
          } else {
            arg++;
            env.append("PLOY_ARG")
                .append(arg)
                .append('=')
                .append(ShellQuote.quote(text(value)))
                .append("; export PLOY_ARG")
                .append(arg)
                .append('\n');
            in.append("\\getenv ploy_arg").append(arg).append(" PLOY_ARG").append(arg).append('\n');
            values.add(":'ploy_arg" + arg + "'");
          }
        }
        // the columns' types, described by the server without running the query
        in.append("\\o desc")
            .append(k)
            .append('\n')
            .append(body)
            .append("\n\\gdesc\n\\o /dev/null\n");
        in.append("PREPARE ploy_q").append(k).append(" AS ").append(body).append("\n;\n");
        run =
            "EXECUTE ploy_q" + k + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")");
      } else {
        run = body;
      }
      in.append("\\o tags")
          .append(k)
          .append("\n\\set QUIET off\n")
          .append(run)
          .append("\n\\g rows")
          .append(k)
          .append("\n\\set QUIET on\n\\o /dev/null\n\\echo @@count")
          .append(k)
          .append(" :ROW_COUNT\n");
      if (typed) {
        in.append("DEALLOCATE ploy_q").append(k).append(";\n");
      }
    }
    in.append(end).append('\n');
    String sqlEnd = "PLOY_SQL_" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    String script =
        Psql.needs("psql")
            + Psql.needs("base64")
            + "d=$(mktemp -d)\ntrap 'rm -rf \"$d\"' EXIT\ncd \"$d\"\n"
            + env
            + "psql -X -q -v ON_ERROR_STOP=1 "
            + psql.options()
            + " -d "
            + Psql.dbname(args.str("db"))
            + " <<'"
            + sqlEnd
            + "'\n"
            + in
            + sqlEnd
            + "\nfor f in rows* tags* desc*; do\n  if [ -f \"$f\" ]; then printf '@@%s ' \"$f\";"
            + " base64 -w0 < \"$f\"; echo; fi\ndone";
    ExecResult done = psql.script(target, script);
    if (!done.ok()) {
      ModuleException failure = Psql.failure(done);
      throw ModuleException.commandFailed(
          "Cannot execute SQL '"
              + queries.get(queries.size() - 1).shown()
              + "': "
              + failure.getMessage(),
          done);
    }
    return results(done.stdout(), queries);
  }

  /** The result keys from psql's output: @@countK, and the files rowsK, tagsK and descK. */
  static Map<String, Object> results(String stdout, List<Prepared> queries) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      if (line.startsWith("@@")) {
        int space = line.indexOf(' ');
        lines.put(
            space < 0 ? line.substring(2) : line.substring(2, space),
            space < 0 ? "" : line.substring(space + 1));
      }
    }
    List<Object> all = new ArrayList<>();
    boolean changed = false;
    long rowcount = 0;
    String status = "";
    Object last = Map.of();
    for (int k = 1; k <= queries.size(); k++) {
      long count = Long.parseLong(lines.getOrDefault("count" + k, "0").strip());
      List<String> types = new ArrayList<>();
      if (lines.containsKey("desc" + k)) {
        // \gdesc's rows: a header (Column, Type), then one record per column
        for (Map<String, Object> column : rows(decode(lines.get("desc" + k)), List.of())) {
          types.add(String.valueOf(column.get("Type")));
        }
      }
      Object rows =
          lines.containsKey("rows" + k)
              ? rows(decode(lines.get("rows" + k)), types)
              : new LinkedHashMap<String, Object>();
      String tags = lines.containsKey("tags" + k) ? decode(lines.get("tags" + k)).strip() : "";
      String command = queries.get(k - 1).sql().lastCommand();
      if (tags.isEmpty() || command.equals("SELECT") && rows instanceof List<?>) {
        status = "SELECT " + count;
      } else {
        status = tags.substring(tags.lastIndexOf('\n') + 1);
      }
      if (count > 0) {
        rowcount += count;
      }
      all.add(rows);
      last = rows;
      changed |= changes(status);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("changed", changed);
    result.put("statusmessage", status);
    result.put("query_result", last);
    result.put("query_all_results", all);
    result.put("rowcount", rowcount);
    return result;
  }

  /** The collection's rule: SELECT never, INSERT/UPDATE/DELETE when a row was touched, else yes. */
  static boolean changes(String status) {
    if (status.contains("SELECT")) {
      return false;
    }
    if (status.matches(".*(UPDATE|INSERT|DELETE).*")) {
      String[] words = status.split(" ");
      return words.length == 3 ? !words[2].equals("0") : words.length != 2 || !words[1].equals("0");
    }
    return true;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
  }

  /** psql's unaligned output (header, then rows; \x1f between fields, \x1e between records). */
  static List<Map<String, Object>> rows(String text, List<String> types) {
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    String[] records = body.split("\u001e", -1);
    String[] columns = records[0].split("\u001f", -1);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 1; r < records.length; r++) {
      String[] fields = records[r].split("\u001f", -1);
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < columns.length && c < fields.length; c++) {
        row.put(columns[c], typed(fields[c], c < types.size() ? types.get(c) : "text"));
      }
      rows.add(row);
    }
    return rows;
  }

  /** A value as psycopg2 gives it: numbers, booleans, parsed JSON, NULL as null, else text. */
  static Object typed(String field, String type) {
    if (field.equals("\\N")) {
      return null;
    }
    try {
      return switch (type) {
        case "smallint", "integer", "bigint", "oid" -> Long.parseLong(field);
        case "real", "double precision", "numeric" -> Double.parseDouble(field);
        case "boolean" -> field.equals("t");
        case "json", "jsonb" -> Json.parse(field);
        default -> field;
      };
    } catch (RuntimeException e) {
      return field;
    }
  }
}
