package dev.ploy.modules.postgres;

import dev.ploy.connection.ShellQuote;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;

/** Debian's PostgreSQL 15 on testbed hosts, as the tests of the postgresql modules set it up. */
final class PostgresHost {
  private PostgresHost() {}

  /** A fresh host whose PostgreSQL answers. */
  static TargetHost fresh(String name) {
    TargetHost host = Testbed.fresh(name);
    install(host, "postgresql");
    return host;
  }

  /** Installs the packages (postgresql among them) and waits until the server answers. */
  static void install(TargetHost host, String... packages) {
    host.aptInstall(packages);
    host.out("until su postgres -c 'psql -Atc \"select 1\"' >/dev/null 2>&1; do sleep 0.3; done");
  }

  /** The shell command that runs SQL in a database as postgres: rows unaligned, one a line. */
  static String psql(String database, String query) {
    return "cd /tmp && su postgres -c "
        + ShellQuote.quote("psql -XAtq -d " + database + " -c " + ShellQuote.quote(query));
  }

  /** What SQL run in a database as postgres prints. */
  static String sql(TargetHost host, String database, String query) {
    return host.out(psql(database, query));
  }

  /** A play with one task, pg, running a community.postgresql module as postgres. */
  static String play(String module, String args) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          become_user: postgres
          gather_facts: false
          tasks:
            - name: pg
              community.postgresql.%s:
        %s
        """
        .formatted(module, args.indent(8).stripTrailing());
  }
}
