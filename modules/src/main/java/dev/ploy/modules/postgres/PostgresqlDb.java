package dev.ploy.modules.postgres;

import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
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
 * A PostgreSQL database, as community.postgresql.postgresql_db manages it: present (created with
 * owner, template, encoding and locales; owner and connection limit kept right), absent, or dumped
 * to and restored from a file on the target with pg_dump, pg_restore or psql. A dump is written to
 * a temporary file beside the target and renamed when complete, so a failed dump never leaves a
 * half-written file.
 */
public final class PostgresqlDb implements Module {
  private static final ModuleSpec SPEC =
      Psql.declare(
              ModuleSpec.builder("postgresql_db")
                  .description(
                      "Creates or drops a PostgreSQL database, or dumps it to (restores it from) a"
                          + " file on the target: .tar tar, .pgc custom, .dir directory format,"
                          + " .gz/.bz2/.xz compressed plain SQL, any other name plain SQL (as the"
                          + " collection picks them; target_opts: -Fc for a custom .dump); a"
                          + " restore picks its program by the same extension, as the collection"
                          + " does: pg_restore for .tar, .pgc and .dir, psql for any other name.")
                  .arg(Arg.str("name", "The database.").required().aliases("db"))
                  .arg(
                      Arg.str(
                              "state",
                              "present/absent; dump and restore always run (changed), as in"
                                  + " Ansible.")
                          .choices("present", "absent", "dump", "restore")
                          .defaultsTo("present"))
                  .arg(Arg.str("owner", "The role that owns the database."))
                  .arg(Arg.str("template", "The template to create it from (template0...)."))
                  .arg(Arg.str("encoding", "Its encoding (UTF8...); fixed once created."))
                  .arg(Arg.str("lc_collate", "Its collation (fr_FR.UTF-8...); fixed once created."))
                  .arg(Arg.str("lc_ctype", "Its character classification; fixed once created."))
                  .arg(Arg.integer("conn_limit", "Most connections at once (-1: no limit)."))
                  .arg(Arg.path("target", "The dump file, for dump and restore."))
                  .arg(
                      Arg.str(
                              "target_opts",
                              "More options for pg_dump / pg_restore / psql, split like a shell"
                                  + " would and quoted one by one.")
                          .defaultsTo(""))
                  .arg(
                      Arg.str("maintenance_db", "The database to connect to for create and drop.")
                          .defaultsTo("postgres"))
                  .arg(
                      Arg.bool(
                              "force",
                              "With state: absent, end other sessions first (DROP ... WITH (FORCE)).")
                          .defaultsTo(false))
                  .arg(
                      Arg.str(
                          "dump_extra_args",
                          "More options for pg_dump only (state: dump), split and quoted as"
                              + " target_opts."))
                  .notHonoured(Arg.path("tablespace", "Tablespace of the database."))
                  .requiredIf("state", "dump", "target")
                  .requiredIf("state", "restore", "target")
                  .example(
                      "- name: the application's database\n"
                          + "  become: true\n"
                          + "  become_user: postgres\n"
                          + "  community.postgresql.postgresql_db:\n"
                          + "    name: shop\n"
                          + "    owner: shop\n"
                          + "    encoding: UTF8\n"
                          + "    template: template0\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    String state = args.str("state");
    Psql admin = Psql.connect(args, args.str("maintenance_db"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("db", name);
    if (state.equals("dump") || state.equals("restore")) {
      return transfer(target, args, Psql.connect(args, name), state.equals("dump"), result);
    }
    List<List<String>> rows =
        admin.query(
            target,
            "SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate,"
                + " d.datctype, d.datconnlimit FROM pg_database d WHERE d.datname = "
                + Psql.literal(name));
    String subject = "postgresql database " + name;
    if (state.equals("absent")) {
      if (rows.isEmpty()) {
        return Plan.ok(result);
      }
      String drop =
          "DROP DATABASE " + Psql.ident(name) + (args.bool("force") ? " WITH (FORCE)" : "");
      result.put("executed_commands", List.of(drop));
      return Plan.change(
          List.of(Diff.property(subject, "state", "present", "absent")),
          result,
          on -> {
            admin.query(on, drop + ";");
            return Map.of();
          });
    }
    List<String> statements = new ArrayList<>();
    List<Diff> diffs = new ArrayList<>();
    if (rows.isEmpty()) {
      List<String> with = new ArrayList<>();
      args.optStr("owner").ifPresent(o -> with.add("OWNER " + Psql.ident(o)));
      args.optStr("template").ifPresent(t -> with.add("TEMPLATE " + Psql.ident(t)));
      args.optStr("encoding").ifPresent(e -> with.add("ENCODING " + Psql.literal(e)));
      args.optStr("lc_collate").ifPresent(c -> with.add("LC_COLLATE " + Psql.literal(c)));
      args.optStr("lc_ctype").ifPresent(c -> with.add("LC_CTYPE " + Psql.literal(c)));
      args.optInt("conn_limit").ifPresent(n -> with.add("CONNECTION LIMIT " + n));
      statements.add(
          "CREATE DATABASE "
              + Psql.ident(name)
              + (with.isEmpty() ? "" : " WITH " + String.join(" ", with)));
      diffs.add(Diff.property(subject, "state", "absent", "present"));
    } else {
      List<String> row = rows.get(0);
      fixed(args, "encoding", row.get(1), name);
      fixed(args, "lc_collate", row.get(2), name);
      fixed(args, "lc_ctype", row.get(3), name);
      if (args.optStr("owner").isPresent() && !args.str("owner").equals(row.get(0))) {
        statements.add(
            "ALTER DATABASE " + Psql.ident(name) + " OWNER TO " + Psql.ident(args.str("owner")));
        diffs.add(Diff.property(subject, "owner", row.get(0), args.str("owner")));
      }
      long limit = Long.parseLong(row.get(4));
      if (args.optInt("conn_limit").isPresent() && args.optInt("conn_limit").get() != limit) {
        statements.add(
            "ALTER DATABASE "
                + Psql.ident(name)
                + " CONNECTION LIMIT "
                + args.optInt("conn_limit").get());
        diffs.add(Diff.property(subject, "conn_limit", limit, args.optInt("conn_limit").get()));
      }
    }
    if (statements.isEmpty()) {
      return Plan.ok(result);
    }
    result.put("executed_commands", statements);
    return Plan.change(
        diffs,
        result,
        on -> {
          for (String statement : statements) {
            // CREATE DATABASE cannot run inside a transaction block: one statement per psql run
            admin.query(on, statement + ";");
          }
          return Map.of();
        });
  }

  /** Encoding and locales cannot change once a database exists: a mismatch is an error. */
  private static void fixed(Args args, String arg, String current, String name)
      throws ModuleException {
    if (args.optStr(arg).isEmpty()) {
      return;
    }
    String wanted = args.str(arg);
    if (!normal(wanted).equals(normal(current))) {
      throw new ModuleException(
          "database "
              + name
              + " exists with "
              + arg
              + " "
              + current
              + ", not "
              + wanted
              + "; PostgreSQL cannot change it: dump, drop and recreate the database");
    }
  }

  /** "UTF-8" and "utf8" name the same thing, in encodings and in locale names. */
  private static String normal(String text) {
    return text.toLowerCase(Locale.ROOT).replace("-", "");
  }

  /**
   * The file format a dump's name asks for, as the collection reads its last extension: .tar tar,
   * .pgc custom, .dir directory, .gz/.bz2/.xz compressed plain SQL, anything else (.sql, .dump,
   * .backup) plain SQL; target_opts may ask pg_dump for another (-Fc). A restore goes by the same
   * extension ({@link #restore}).
   */
  enum Format {
    PLAIN(""),
    GZIP("gzip"),
    BZIP2("bzip2"),
    XZ("xz"),
    TAR(""),
    CUSTOM(""),
    DIRECTORY("");

    final String compressor;

    Format(String compressor) {
      this.compressor = compressor;
    }

    static Format of(String path) {
      return switch (extension(path)) {
        case ".gz" -> GZIP;
        case ".bz2" -> BZIP2;
        case ".xz" -> XZ;
        case ".tar" -> TAR;
        case ".pgc" -> CUSTOM;
        case ".dir" -> DIRECTORY;
        default -> PLAIN;
      };
    }
  }

  /** The file name's last extension, as Python's os.path.splitext gives it (".pgc", or ""). */
  static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String stem = name.replaceFirst("^\\.+", "");
    return stem.lastIndexOf('.') < 0 ? "" : stem.substring(stem.lastIndexOf('.'));
  }

  /** Options split like a shell would, each quoted again: " 'a' 'b'". */
  private static String words(String options) {
    return dev.ploy.connection.ShellWords.split(options).stream()
        .map(ShellQuote::quote)
        .reduce("", (a, b) -> a + " " + b);
  }

  /**
   * The restore script, with the program the collection picks by the file's last extension: .tar,
   * .pgc and .dir go to pg_restore with their format named, .gz/.bz2/.xz to psql through zcat,
   * bzcat or xzcat, .sql to psql --file, any other name (.dump, .backup) to psql on its standard
   * input. psql runs the whole file as the collection's does: an SQL error in it does not fail the
   * restore unless target_opts holds {@code -v ON_ERROR_STOP=1}.
   *
   * @param connection the libpq options, target_opts and {@code -d DB}, quoted
   */
  static String restore(String file, String connection) {
    String extension = extension(file);
    String pgRestore =
        switch (extension) {
          case ".tar" -> "Tar";
          case ".pgc" -> "Custom";
          case ".dir" -> "Directory";
          default -> null;
        };
    String decompressor =
        switch (extension) {
          case ".gz" -> "zcat";
          case ".bz2" -> "bzcat";
          case ".xz" -> "xzcat";
          default -> null;
        };
    String run;
    if (pgRestore != null) {
      run =
          Psql.needs("pg_restore")
              + "pg_restore "
              + connection
              + " --format="
              + pgRestore
              + (pgRestore.equals("Directory") ? " -- \"$f\"" : " < \"$f\"");
    } else if (decompressor != null) {
      // the decompressor's failure is the restore's, as the collection reports it first
      run =
          Psql.needs("psql")
              + Psql.needs(decompressor)
              + "failed=$(mktemp)\ntrap 'rm -f \"$failed\"' EXIT\n"
              + "{ "
              + decompressor
              + " -- \"$f\" || echo $? > \"$failed\"; } | psql "
              + connection
              + " && rc=0 || rc=$?\n"
              + "[ ! -s \"$failed\" ] || exit \"$(cat \"$failed\")\"\n"
              + "exit $rc";
    } else {
      run =
          Psql.needs("psql")
              + "psql "
              + connection
              + (extension.equals(".sql") ? " --file=\"$f\"" : "")
              + " < \"$f\"";
    }
    return "f="
        + ShellQuote.quote(file)
        + "\n[ -r \"$f\" ] || { echo \"cannot read $f\" >&2; exit 1; }\n"
        + run;
  }

  /** dump or restore: one script, always a change; check mode says so without running it. */
  private static Plan transfer(
      Target target, Args args, Psql psql, boolean dump, Map<String, Object> result)
      throws ModuleException {
    String file = args.str("target");
    Format format = Format.of(file);
    String extra = words(args.str("target_opts"));
    String db = Psql.dbname(args.str("name"));
    String quotedFile = ShellQuote.quote(file);
    String script;
    if (dump) {
      String formatFlag =
          switch (format) {
            case TAR -> " -Ft";
            case CUSTOM -> " -Fc";
            case DIRECTORY -> " -Fd";
            default -> "";
          };
      String dumpExtra = args.optStr("dump_extra_args").map(PostgresqlDb::words).orElse("");
      String pgDump =
          "pg_dump" + formatFlag + " " + psql.options() + extra + dumpExtra + " -d " + db;
      String write =
          format == Format.DIRECTORY
              // pg_dump makes the directory itself, and refuses one that exists
              ? pgDump + " -f \"$tmp\""
              : format.compressor.isEmpty()
                  ? pgDump + " > \"$tmp\""
                  // a pipe's status is its last command's: pg_dump's failure is kept in a file
                  : "{ "
                      + pgDump
                      + " || : > \"$tmp.failed\"; } | "
                      + format.compressor
                      + " > \"$tmp\"\n"
                      + "[ ! -e \"$tmp.failed\" ] || exit 1";
      script =
          Psql.needs("pg_dump")
              + (format.compressor.isEmpty() ? "" : Psql.needs(format.compressor))
              + (format == Format.DIRECTORY
                  ? "[ ! -e "
                      + quotedFile
                      + " ] || { echo \"pg_dump: error: could not create directory \"'"
                      + quotedFile.replace("'", "'\\''")
                      + "'\": File exists\" >&2; exit 1; }\n"
                  : "")
              + "tmp="
              + ShellQuote.quote(file + ".ploy-partial")
              + "\ntrap 'rm -rf \"$tmp\" \"$tmp.failed\"' EXIT\n"
              + write
              + "\nmv -f -- \"$tmp\" "
              + quotedFile;
    } else {
      script = restore(file, psql.options() + extra + " -d " + db);
    }
    result.put("target", file);
    String finalScript = script;
    String what =
        dump ? "dump of database " + args.str("name") : "restore into database " + args.str("name");
    // like Ansible, a dump or a restore is always a change, predicted as such in check mode
    return Plan.change(
        List.of(
            Diff.property(what, "file", dump ? "(as it is)" : file, dump ? file : "(as it is)")),
        result,
        on -> {
          ExecResult done = psql.script(on, finalScript);
          if (!done.ok()) {
            throw Psql.failure(done);
          }
          return Map.of();
        });
  }
}
