package dev.ploy.modules.postgres;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the PostgreSQL modules reach the server: psql (and pg_dump, pg_restore) run on the target,
 * with the connection arguments Ansible's community.postgresql modules take. The script, SQL and
 * password travel on standard input of {@code sh -s}, never on a command line.
 */
final class Psql {
  /** Field separator of query output: a byte no name or setting holds. */
  static final char FIELD = '\u001f';

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final Optional<String> user;
  private final Optional<String> password;
  private final Optional<String> host;
  private final Optional<String> socketDir;
  private final long port;
  private final String database;

  private Psql(Args args, String database) {
    this.user = args.optStr("login_user");
    this.password = args.optStr("login_password");
    this.host = args.optStr("login_host");
    this.socketDir = args.optStr("login_unix_socket");
    this.port = args.optInt("port").orElse(5432L);
    this.database = database;
  }

  /** The connection arguments every PostgreSQL module declares. */
  static ModuleSpec.Builder declare(ModuleSpec.Builder builder) {
    return builder
        .arg(
            Arg.str(
                    "login_user",
                    "The role to connect as (default: postgres; with the default local socket,"
                        + " peer authentication needs become_user: postgres).")
                .defaultsTo("postgres")
                .aliases("login"))
        .arg(
            Arg.str("login_password", "The role's password (given to psql on its input).").secret())
        .arg(
            Arg.str("login_host", "Host of the server; the local socket when not given.")
                .aliases("host"))
        .arg(
            Arg.path("login_unix_socket", "Directory of the server's local socket.")
                .aliases("unix_socket"))
        .arg(Arg.integer("port", "The server's port.").defaultsTo(5432L).aliases("login_port"))
        .notHonoured(Arg.str("session_role", "A role to switch to after connecting."))
        .notHonoured(
            Arg.str("ssl_mode", "TLS to the server; psql's own default applies.")
                .defaultsTo("prefer"))
        .notHonoured(
            Arg.path("ca_cert", "CA for the server's certificate.").aliases("ssl_rootcert"))
        .notHonoured(Arg.path("ssl_cert", "Client certificate."))
        .notHonoured(Arg.path("ssl_key", "Client key."))
        .notHonoured(Arg.dict("connect_params", "Further libpq connection parameters."))
        .notHonoured(
            Arg.bool(
                    "trust_input",
                    "Ansible's check of names for SQL injection; ploy quotes every identifier.")
                .defaultsTo(true));
  }

  static Psql connect(Args args, String database) {
    return new Psql(args, database);
  }

  /** The same connection to another database. */
  Psql on(String otherDatabase) {
    return new Psql(this, otherDatabase);
  }

  private Psql(Psql from, String database) {
    this.user = from.user;
    this.password = from.password;
    this.host = from.host;
    this.socketDir = from.socketDir;
    this.port = from.port;
    this.database = database;
  }

  /** libpq options common to psql, pg_dump and pg_restore, quoted. */
  String options() {
    List<String> words = new ArrayList<>();
    host.or(() -> socketDir).ifPresent(h -> words.add("-h " + ShellQuote.quote(h)));
    words.add("-p " + port);
    user.ifPresent(u -> words.add("-U " + ShellQuote.quote(u)));
    return String.join(" ", words);
  }

  /** Environment lines that start a script: the password, and no prompt for one. */
  private String preamble() {
    StringBuilder out = new StringBuilder("set -e\n");
    password.ifPresent(
        p -> out.append("PGPASSWORD=").append(ShellQuote.quote(p)).append("; export PGPASSWORD\n"));
    return out.toString();
  }

  /** Runs a shell script whose commands may use {@link #options()}; its text goes on stdin. */
  ExecResult script(Target target, String body) throws ModuleException {
    return target.run(Command.of("sh -s").withStdin(preamble() + body + "\n"));
  }

  /**
   * A database name as the shell word for {@code -d}: given as conninfo's dbname, so a name that
   * holds '=' or looks like a URI ('host=elsewhere dbname=x') stays one name and names no server.
   */
  static String dbname(String database) {
    return ShellQuote.quote("dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'");
  }

  /**
   * Runs SQL in the database; rows come back with fields separated by {@link #FIELD}. Fails with
   * psql's own message, and a hint when peer authentication is the reason.
   */
  List<List<String>> query(Target target, String sql) throws ModuleException {
    // the SQL is a here-document of the script: its end marker is random, so no value in the SQL
    // can end it early and run as shell
    String end;
    do {
      end = "PLOY_SQL_" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
    } while (sql.contains(end));
    String body =
        "psql -X -q -A -t -v ON_ERROR_STOP=1 -F "
            + ShellQuote.quote(String.valueOf(FIELD))
            + " "
            + options()
            + " -d "
            + dbname(database)
            + " <<'"
            + end
            + "'\n"
            + sql
            + "\n"
            + end;
    ExecResult done = script(target, needs("psql") + body);
    if (!done.ok()) {
      throw failure(done);
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : done.stdoutLines()) {
      if (!line.isEmpty()) {
        rows.add(List.of(line.split(String.valueOf(FIELD), -1)));
      }
    }
    return rows;
  }

  /** A script line that stops with "NAME: not found" when the program is missing. */
  static String needs(String program) {
    return "command -v "
        + program
        + " >/dev/null || { echo '"
        + program
        + ": not found' >&2; exit 127; }\n";
  }

  static ModuleException failure(ExecResult done) {
    // psql says some refusals on its output, as a custom archive given to it as SQL
    String said = done.stderr().isBlank() ? done.stdout().strip() : done.stderr().strip();
    String hint = "";
    if (said.contains(": not found") || done.rc() == 127) {
      hint = "; install the postgresql-client package on the target";
    } else if (said.contains("Peer authentication failed")) {
      hint =
          "; connect as the OS user of the same name: become: true with become_user: postgres"
              + " (or give login_host and login_password)";
    }
    return ModuleException.commandFailed(said.replace('\n', ' ') + hint, done);
  }

  /** A quoted SQL identifier: "name", with inner quotes doubled. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A quoted SQL string literal: 'text', with inner quotes doubled (standard strings). */
  static String literal(String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a NUL byte cannot be sent to PostgreSQL");
    }
    return "'" + text.replace("'", "''") + "'";
  }
}
