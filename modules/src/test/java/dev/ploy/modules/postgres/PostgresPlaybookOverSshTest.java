package dev.ploy.modules.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's playbooks/postgres.yml with roles/postgres_backup on a fresh host: it converges, a
 * second run changes nothing, the backup script dumps the database, and pruning keeps what the
 * runbook's retention plan says.
 */
class PostgresPlaybookOverSshTest {
  private static TargetHost host;
  private static Path root;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    host = Testbed.fresh("pg-playbook");
    root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("playbooks/postgres.yml"))) {
      root = root.getParent();
    }
  }

  private TestbedRun.Result run() throws Exception {
    Files.deleteIfExists(dir.resolve("roles"));
    Files.createSymbolicLink(dir.resolve("roles"), root.resolve("roles"));
    return TestbedRun.in(dir, host)
        .vars(Map.of("target", "all", "app_db_password", "pizza 4 all"))
        .run(Files.readString(root.resolve("playbooks/postgres.yml")));
  }

  private static String day(LocalDate date) {
    return date.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  @Test
  void convergesDumpsAndKeepsWhatTheRetentionPlanSays() throws Exception {
    TestbedRun.Result first = run();
    assertThat(first.exitCode()).as(first.console()).isEqualTo(RunOutcome.OK);
    assertThat(first.console()).doesNotContain("pizza 4 all");
    TestbedRun.Result second = run();
    assertThat(second.changed()).as(second.console()).isZero();

    assertThat(
            host.out(
                "PGPASSWORD='pizza 4 all' psql -XAt -h 127.0.0.1 -U shop -d shop -c 'select current_user'"))
        .isEqualTo("shop\n");
    assertThat(host.out("crontab -l -u postgres")).contains("15 3 * * * /usr/local/sbin/pg-backup");

    host.out("su postgres -c /usr/local/sbin/pg-backup");
    String dumps = host.out("ls /var/backups/postgresql");
    assertThat(dumps).containsPattern("shop-\\d{8}-\\d{6}\\.pgc").doesNotContain("partial");
    assertThat(host.sh("pg_restore -l /var/backups/postgresql/shop-*.pgc").rc()).isZero();

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate monday = today.minusDays(150).with(DayOfWeek.MONDAY);
    List<String> made =
        List.of(
            day(today.minusDays(2)) + "-010000", // kept: younger than a week
            day(today.minusDays(2)) + "-020000", // kept: younger than a week
            day(today.minusDays(20)) + "-010000", // removed: a later dump of that day is kept
            day(today.minusDays(20)) + "-230000", // kept: the day's newest
            day(monday) + "-120000", // removed: a later dump of that week is kept
            day(monday.plusDays(2)) + "-120000", // kept: the week's newest
            day(today.minusDays(400)) + "-120000"); // removed: older than a year
    for (String stamp : made) {
      host.out("su postgres -c 'touch /var/backups/postgresql/shop-" + stamp + ".pgc'");
    }
    // named as this role named its dumps before they were .pgc
    String legacy = "shop-" + day(today.minusDays(400)) + "-130000.dump";
    host.out("su postgres -c 'touch /var/backups/postgresql/" + legacy + "'");
    host.out(
        "su postgres -c 'touch /var/backups/postgresql/other-"
            + day(today.minusDays(400))
            + "-120000.dump'");
    String log = host.out("su postgres -c '/usr/local/sbin/pg-backup --prune'");
    String left = host.out("ls /var/backups/postgresql");
    assertThat(left)
        .contains("shop-" + made.get(0))
        .contains("shop-" + made.get(1))
        .doesNotContain("shop-" + made.get(2))
        .contains("shop-" + made.get(3))
        .doesNotContain("shop-" + made.get(4))
        .contains("shop-" + made.get(5))
        .doesNotContain("shop-" + made.get(6))
        .contains("other-"); // not a database of this role: left alone
    assertThat(log)
        .contains("removed shop-" + made.get(6) + ".pgc (older than 365 days)")
        .contains("removed " + legacy + " (older than 365 days)");
  }
}
