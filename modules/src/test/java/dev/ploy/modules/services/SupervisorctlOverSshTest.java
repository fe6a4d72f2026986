package dev.ploy.modules.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** supervisorctl against Debian's supervisor on a real host, as deploy with sudo. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisorctlOverSshTest {
  @TempDir Path dir;

  @RegisterExtension
  static final FreshHosts hosts =
      FreshHosts.named("supervisor")
          .eachSetUp(
              host -> {
                host.aptInstall("supervisor");
                host.out(
                    "until supervisorctl status >/dev/null 2>&1 || [ $? = 3 ]; do sleep 0.2; done");
                // written but not loaded yet: state present has to add it
                host.out(
                    "printf '[program:sleeper]\\ncommand=/bin/sleep 100000\\nautostart=false\\n'"
                        + " > /etc/supervisor/conf.d/sleeper.conf");
              });

  private static String play(String name, String state) {
    return """
        - hosts: all
          remote_user: deploy
          become: true
          gather_facts: false
          tasks:
            - name: program
              community.general.supervisorctl:
                name: %s
                state: %s
        """
        .formatted(name, state);
  }

  private static String status() {
    return hosts.only().out("supervisorctl status 2>&1 | awk '{print $1, $2}' || true");
  }

  private TestbedRun.Result run(String name, String state, boolean check) throws Exception {
    return TestbedRun.in(dir, hosts.only()).check(check).run(play(name, state));
  }

  @Test
  @Order(1)
  void presentAddsTheProgramAfterACheckThatChangesNothing() throws Exception {
    String before = status();
    TestbedRun.Result check = run("sleeper", "present", true);
    assertThat(check.status("program")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(status()).isEqualTo(before).doesNotContain("sleeper");

    TestbedRun.Result added = run("sleeper", "present", false);
    assertThat(added.status("program")).as(added.console()).isEqualTo(Status.CHANGED);
    assertThat(status()).contains("sleeper STOPPED");
    assertThat(run("sleeper", "present", false).changed()).isZero();
  }

  @Test
  @Order(2)
  void startedAndStoppedChangeOnlyWhatDiffers() throws Exception {
    TestbedRun.Result check = run("sleeper", "started", true);
    assertThat(check.status("program")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("-state: STOPPED").contains("+state: RUNNING");
    assertThat(status()).contains("sleeper STOPPED");

    assertThat(run("sleeper", "started", false).status("program")).isEqualTo(Status.CHANGED);
    assertThat(status()).contains("sleeper RUNNING");
    assertThat(run("sleeper", "started", false).changed()).isZero();

    String pid = hosts.only().out("supervisorctl pid sleeper");
    TestbedRun.Result restarted = run("sleeper", "restarted", false);
    assertThat(restarted.status("program")).as(restarted.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.only().out("supervisorctl pid sleeper")).isNotEqualTo(pid);

    assertThat(run("sleeper", "stopped", false).status("program")).isEqualTo(Status.CHANGED);
    assertThat(status()).contains("sleeper STOPPED");
    assertThat(run("sleeper", "stopped", false).changed()).isZero();
  }

  @Test
  @Order(3)
  void aGroupNameActsOnEveryProcessOfTheGroup() throws Exception {
    // written now: the restarted of the test before ran supervisorctl update, which loads
    // every program whose configuration is there
    hosts
        .only()
        .out(
            "printf '[program:worker]\\ncommand=/bin/sleep 100001\\nnumprocs=2\\nautostart=false\\n"
                + "process_name=%%(program_name)s_%%(process_num)02d\\n'"
                + " > /etc/supervisor/conf.d/worker.conf");
    assertThat(run("worker", "present", false).status("program")).isEqualTo(Status.CHANGED);
    TestbedRun.Result started = run("'worker:'", "started", false);
    assertThat(started.status("program")).as(started.console()).isEqualTo(Status.CHANGED);
    assertThat(status()).contains("worker:worker_00 RUNNING").contains("worker:worker_01 RUNNING");
    assertThat(run("'worker:'", "started", false).changed()).isZero();
  }

  @Test
  @Order(4)
  void absentStopsAndRemoves() throws Exception {
    run("sleeper", "started", false);
    String play =
        play("sleeper", "absent")
            .replace("state: absent", "state: absent\n        stop_before_removing: true");
    TestbedRun.Result check = TestbedRun.in(dir, hosts.only()).check(true).run(play);
    assertThat(check.status("program")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(status()).contains("sleeper RUNNING");

    TestbedRun.Result removed = TestbedRun.in(dir, hosts.only()).run(play);
    assertThat(removed.status("program")).as(removed.console()).isEqualTo(Status.CHANGED);
    assertThat(status()).doesNotContain("sleeper");
    assertThat(hosts.only().sh("pgrep -f 'sleep 10000[0]'").rc()).isNotZero();
    assertThat(TestbedRun.in(dir, hosts.only()).run(play).changed()).isZero();
  }

  @Test
  @Order(5)
  void unknownAndHostileNamesFailWithTheReason() throws Exception {
    TestbedRun.Result unknown = run("nothere", "started", false);
    assertThat(unknown.status("program")).isEqualTo(Status.FAILED);
    assertThat(unknown.task("program").message())
        .contains("no supervisor program matches 'nothere'");

    TestbedRun.Result hostile = run("'x; touch /tmp/pwned'", "present", false);
    assertThat(hostile.status("program")).isEqualTo(Status.FAILED);
    assertThat(hosts.only().sh("test -e /tmp/pwned").rc()).isNotZero();
  }
}
