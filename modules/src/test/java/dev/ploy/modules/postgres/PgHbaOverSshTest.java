package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ShellQuote;
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
 * postgresql_pg_hba on Debian's PostgreSQL 15 pg_hba.conf over SSH: predicted exactly in check
 * mode, written once (owner and mode kept), read by the server after a reload, removed, backed up;
 * hostile values reach the file as text or are refused, and never run.
 */
class PgHbaOverSshTest {
  private static final String HBA = "/etc/postgresql/15/main/pg_hba.conf";

  /** What identifies the file exactly: content, mode, owner, modification time. */
  private static final String FILE = "sha256sum " + HBA + " && stat -c '%a %U:%G %Y' " + HBA;

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.fresh("pghba");
    host.aptInstall("postgresql");
    host.out("until su postgres -c 'psql -Atc \"select 1\"' >/dev/null 2>&1; do sleep 0.3; done");
  }

  private static String play(String args) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
            - name: hba
              community.postgresql.postgresql_pg_hba:
                dest: %s
        %s
              register: hba
            - name: reload
              ansible.builtin.command: systemctl reload postgresql
              when: hba is changed
        """
        .formatted(HBA, args.indent(8).stripTrailing());
  }

  private TestbedRun.Result run(String playbook, boolean check) throws Exception {
    return TestbedRun.in(dir, host).check(check).run(playbook);
  }

  /** The rules the server itself read from the file, with any error it found. */
  private static String serverRules() {
    return host.out(
        "cd /tmp && su postgres -c "
            + ShellQuote.quote(
                "psql -XAtc \"select type, database, user_name, coalesce(address, ''),"
                    + " coalesce(netmask, ''), auth_method, coalesce(error, '') from"
                    + " pg_hba_file_rules order by line_number\""));
  }

  @Test
  void aRuleIsPredictedWrittenOnceReadByTheServerAndRemoved() throws Exception {
    String rule =
        play(
            "contype: host\ndatabases: shop\nusers: shop,report\nsource: 127.0.0.2\n"
                + "method: scram-sha-256");
    String file = host.out(FILE);
    assertThat(file).contains("640 postgres:postgres");

    TestbedRun.Result check = run(rule, true);
    assertThat(check.status("hba")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.task("hba").diffs().get(0).after())
        .contains("host\tshop\treport\t127.0.0.2/32\tscram-sha-256\n")
        .contains("host\tshop\tshop\t127.0.0.2/32\tscram-sha-256\n")
        .startsWith("# PostgreSQL Client Authentication Configuration File\n");
    assertThat(host.out(FILE)).isEqualTo(file);

    TestbedRun.Result written = run(rule, false);
    assertThat(written.status("hba")).as(written.console()).isEqualTo(Status.CHANGED);
    assertThat(written.status("reload")).isEqualTo(Status.CHANGED);
    String text = host.out("cat " + HBA);
    assertThat(text).isEqualTo(check.task("hba").diffs().get(0).after());
    assertThat(host.out("stat -c '%a %U:%G' " + HBA)).isEqualTo("640 postgres:postgres\n");
    assertThat(serverRules())
        .contains("host|{shop}|{shop}|127.0.0.2|255.255.255.255|scram-sha-256|\n")
        .contains("host|{shop}|{report}|127.0.0.2|255.255.255.255|scram-sha-256|\n")
        .doesNotContain("|error");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>) written.task("hba").data().get("pg_hba");
    assertThat(rules)
        .contains(Map.of("type", "local", "db", "all", "usr", "postgres", "method", "peer"))
        .contains(
            Map.of(
                "type", "host",
                "db", "shop",
                "usr", "shop",
                "src", "127.0.0.2/32",
                "method", "scram-sha-256"));

    String converged = host.out(FILE);
    run(rule, false).assertConverged();
    run(rule, true).assertConverged();
    assertThat(host.out(FILE)).isEqualTo(converged);

    // --diff of a change of method, then the change with a backup beside the file
    TestbedRun.Result predicted = run(rule.replace("method: scram-sha-256", "method: md5"), true);
    assertThat(predicted.task("hba").diffs().get(0).before())
        .contains("127.0.0.2/32\tscram-sha-256");
    assertThat(predicted.task("hba").diffs().get(0).after()).contains("127.0.0.2/32\tmd5");
    assertThat(host.out(FILE)).isEqualTo(converged);
    TestbedRun.Result backedUp =
        run(rule.replace("method: scram-sha-256", "method: md5\n        backup: true"), false);
    assertThat(backedUp.status("hba")).as(backedUp.console()).isEqualTo(Status.CHANGED);
    String backup = (String) backedUp.task("hba").data().get("backup_file");
    assertThat(backup).startsWith(HBA + ".");
    assertThat(host.out("cat " + ShellQuote.quote(backup))).isEqualTo(text);
    assertThat(host.out("cat " + HBA))
        .contains("127.0.0.2/32\tmd5")
        .doesNotContain("127.0.0.2/32\tscram");

    TestbedRun.Result removed = run(rule.replace("method: scram-sha-256", "state: absent"), false);
    assertThat(removed.status("hba")).as(removed.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("cat " + HBA)).doesNotContain("127.0.0.2");
    assertThat(serverRules()).doesNotContain("127.0.0.2");
    run(rule.replace("method: scram-sha-256", "state: absent"), false).assertConverged();
  }

  @Test
  void hostileValuesAreTextInTheFileOrRefusedAndNeverRun() throws Exception {
    host.out("rm -f /tmp/pwned");
    String before = host.out(FILE);
    for (String hostile :
        List.of(
            "users: \"x\\nhost all all all trust\"",
            "users: \"a all\"",
            "databases: \"db # all\"",
            "options: \"map=x\\nlocal all all trust\"")) {
      TestbedRun.Result refused = run(play("contype: host\nsource: 127.0.0.3\n" + hostile), false);
      assertThat(refused.status("hba")).as(refused.console()).isEqualTo(Status.FAILED);
      assertThat(host.out(FILE)).isEqualTo(before);
    }
    String literal =
        play(
            "contype: host\ndatabases: \"$(touch${IFS}/tmp/pwned);`touch${IFS}/tmp/pwned`\"\n"
                + "users: \"-U'x'\"\nsource: 127.0.0.3\noptions: \"a='$(id)' b=\\\"x\\\"\"\n"
                + "method: md5");
    TestbedRun.Result written = run(literal, false);
    assertThat(written.status("hba")).as(written.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("cat " + HBA))
        .contains(
            "host\t$(touch${IFS}/tmp/pwned);`touch${IFS}/tmp/pwned`\t-U'x'\t127.0.0.3/32\tmd5\ta='$(id)'"
                + " b=\"x\"\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    run(literal, false).assertConverged();
    run(literal.replace("method: md5", "state: absent"), false);
    assertThat(host.out("cat " + HBA)).doesNotContain("pwned");
  }

  @Test
  void aMissingFileFailsWithoutCreate() throws Exception {
    String missing =
        play("contype: local\nusers: app\nmethod: peer").replace(HBA, "/etc/postgresql/none/hba");
    TestbedRun.Result check = run(missing, true);
    assertThat(check.status("hba")).as(check.console()).isEqualTo(Status.CHANGED);
    TestbedRun.Result failed = run(missing, false);
    assertThat(failed.status("hba")).as(failed.console()).isEqualTo(Status.FAILED);
    assertThat(failed.task("hba").message()).contains("Use create option to autocreate");
    assertThat(host.sh("test -e /etc/postgresql/none").rc()).isNotZero();
  }
}
