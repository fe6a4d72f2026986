package dev.ploy.modules.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
import dev.ploy.modules.hostile.TaskTable.Row;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile values in the arguments of postgresql_db, postgresql_user, supervisorctl and pip, on one
 * host with PostgreSQL, supervisor and python3-venv: values starting with '-', and with ';', {@code
 * $(...)}, backticks and a newline. Each task fails cleanly or takes its value literally (a
 * database named {@code --help}); nothing runs as an option or as shell.
 */
class ServiceValuesOverSshTest {
  private static final String AS_POSTGRES = "\nbecome_user: postgres";

  static final List<Row> ROWS =
      List.of(
          // postgresql_db: names and owners are SQL identifiers, connection values psql arguments
          new Row(
              "db name --help",
              "community.postgresql.postgresql_db: {name: '{{ help }}'}" + AS_POSTGRES,
              Status.CHANGED,
              null),
          new Row(
              "db name subst",
              "community.postgresql.postgresql_db: {name: '{{ sub }}'}" + AS_POSTGRES,
              Status.CHANGED,
              null),
          new Row(
              "db owner -rf",
              "community.postgresql.postgresql_db: {name: owned, owner: '{{ rf }}'}" + AS_POSTGRES,
              Status.FAILED,
              "ERROR:  role \"-rf\" does not exist"),
          new Row(
              "db login_user --help",
              "community.postgresql.postgresql_db: {name: lu, login_user: '{{ help }}'}"
                  + AS_POSTGRES,
              Status.FAILED,
              "Peer authentication failed for user \"--help\""),
          new Row(
              "db login_host -rf",
              "community.postgresql.postgresql_db: {name: lh, login_host: '{{ rf }}'}"
                  + AS_POSTGRES,
              Status.FAILED,
              "could not translate host name \"-rf\""),
          new Row(
              "db login_host subst",
              "community.postgresql.postgresql_db: {name: lh, login_host: '{{ semi }}'}"
                  + AS_POSTGRES,
              Status.FAILED,
              "could not translate host name \"$(touch /tmp/pwned);x`touch /tmp/pwned`\""),
          // postgresql_user: the name an identifier, the password a string literal
          new Row(
              "user name --help",
              "community.postgresql.postgresql_user: {name: '{{ help }}', password: '{{ sub }}'}"
                  + AS_POSTGRES,
              Status.CHANGED,
              null),
          new Row(
              "user name subst",
              "community.postgresql.postgresql_user: {name: '{{ sub }}'}" + AS_POSTGRES,
              Status.CHANGED,
              null),
          new Row(
              "user login_user --reference",
              "community.postgresql.postgresql_user: {name: lu, login_user: '{{ ref }}'}"
                  + AS_POSTGRES,
              Status.FAILED,
              "Peer authentication failed for user \"--reference=/etc/shadow\""),
          new Row(
              "user login_host --help",
              "community.postgresql.postgresql_user: {name: lh, login_host: '{{ help }}'}"
                  + AS_POSTGRES,
              Status.FAILED,
              "could not translate host name \"--help\""),
          // supervisorctl: the name is the operand of add, start, restart
          new Row(
              "supervisorctl present --help",
              "community.general.supervisorctl: {name: '{{ help }}', state: present}",
              Status.FAILED,
              "ERROR: no such process/group: --help"),
          new Row(
              "supervisorctl started -c",
              "community.general.supervisorctl: {name: '{{ conf }}', state: started}",
              Status.FAILED,
              "no supervisor program matches '-c /etc/passwd'"),
          new Row(
              "supervisorctl restarted subst",
              "community.general.supervisorctl: {name: '{{ sub }}', state: restarted}",
              Status.FAILED,
              "no supervisor program matches '$(touch /tmp/pwned);x\n`touch /tmp/pwned`'"),
          new Row(
              "supervisorctl absent -rf",
              "community.general.supervisorctl: {name: '{{ rf }}', state: absent}",
              Status.OK,
              null),
          // pip: names are refused as options; a virtualenv is a path, even named like an option
          new Row(
              "pip name --help",
              "pip: {name: '{{ help }}', virtualenv: /srv/venv, extra_args: --no-index}",
              Status.FAILED,
              "package '--help' is not a package name"),
          new Row(
              "pip name subst",
              "pip: {name: '{{ sub }}', virtualenv: /srv/venv, extra_args: --no-index}",
              Status.FAILED,
              "Invalid marker"),
          new Row(
              "pip virtualenv -rf",
              "pip: {name: nosuchpkg, virtualenv: '{{ rf }}', extra_args: --no-index}\n"
                  + "become: false",
              Status.FAILED,
              "No matching distribution found for nosuchpkg"),
          new Row(
              "pip virtualenv subst",
              "pip: {name: nosuchpkg, virtualenv: '/srv/{{ semi }}', extra_args: --no-index}",
              Status.FAILED,
              "No matching distribution found for nosuchpkg"));

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    host = Testbed.fresh("services");
    host.aptInstall("postgresql", "supervisor", "python3-venv");
    host.out("until su postgres -c 'psql -Atc \"select 1\"' >/dev/null 2>&1; do sleep 0.3; done");
    host.out("until supervisorctl status >/dev/null 2>&1 || [ $? = 3 ]; do sleep 0.2; done");
  }

  private static String sql(String query) {
    return host.out("su postgres -c " + ShellQuote.quote("psql -XAtc " + ShellQuote.quote(query)));
  }

  @Test
  void hostileValuesFailCleanlyOrAreTakenLiterally() throws Exception {
    String playbook = TaskTable.playbook(TaskTable.DEPLOY_BECOMING_ROOT, ROWS);
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .vars(
                Map.of(
                    "ref", "--reference=/etc/shadow",
                    "help", "--help",
                    "rf", "-rf",
                    "conf", "-c /etc/passwd",
                    "sub", "$(touch /tmp/pwned);x\n`touch /tmp/pwned`",
                    "semi", "$(touch /tmp/pwned);x`touch /tmp/pwned`"))
            .run(playbook);

    TaskTable.check(run, ROWS);
    // nothing ran as shell or as an option
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    // names taken literally: a database and a role named --help, and named the substitution
    assertThat(sql("select datname from pg_database where datname not like 'template%' order by 1"))
        .isEqualTo("$(touch /tmp/pwned);x\n`touch /tmp/pwned`\n--help\npostgres\n");
    assertThat(sql("select rolname from pg_roles where rolname !~ '^pg_' order by 1"))
        .isEqualTo("$(touch /tmp/pwned);x\n`touch /tmp/pwned`\n--help\npostgres\n");
    assertThat(sql("select rolpassword is not null from pg_authid where rolname = '--help'"))
        .isEqualTo("t\n");
    assertThat(sql("select count(*) from pg_database where datname in ('owned', 'lu', 'lh')"))
        .isEqualTo("0\n");
    // a virtualenv named like an option is a directory of that name
    assertThat(host.sh("test -x /home/deploy/-rf/bin/python").rc()).isZero();
    assertThat(host.sh("test -x '/srv/$(touch /tmp/pwned);x`touch /tmp/pwned`/bin/python'").rc())
        .isZero();
  }
}
