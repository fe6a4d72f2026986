package dev.ploy.modules.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** systemd and service on real Debian hosts (systemd as PID 1) over SSH, as deploy with sudo. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServicesOverSshTest {
  private static final String CRON_STATE =
      "systemctl is-active cron; systemctl is-enabled cron; true";

  @RegisterExtension static final FreshHosts hosts = FreshHosts.named("svc-check", "svc-run");

  @TempDir Path dir;

  private TestbedRun.Result run(TargetHost host, boolean check, String tasks) throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .run(
            "- hosts: all\n  remote_user: deploy\n  become: true\n  tasks:\n"
                + tasks.stripIndent());
  }

  @Test
  @Order(1)
  void checkModeOnAFreshHostReportsAndChangesNothing() throws Exception {
    assertThat(hosts.fresh().out(CRON_STATE)).isEqualTo("active\nenabled\n");
    TestbedRun.Result check =
        run(
            hosts.fresh(),
            true,
            """
                - name: cron off
                  systemd: {name: cron, state: stopped, enabled: false}
                - name: cron masked
                  systemd_service: {unit: cron, masked: true}
                - name: via service
                  service: {name: cron, state: restarted}
            """);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(3);
    assertThat(check.console())
        .contains("-active: active")
        .contains("+active: inactive")
        .contains("-enabled: enabled")
        .contains("+enabled: disabled")
        .contains("+masked: true")
        .contains("+active: active (restarted)");
    assertThat(hosts.fresh().out(CRON_STATE)).isEqualTo("active\nenabled\n");
  }

  @Test
  @Order(2)
  void stopDisableStartEnableConvergeAndRepeatAsOk() throws Exception {
    String off =
        """
            - name: cron off
              systemd: {name: cron, state: stopped, enabled: false}
              register: off
        """;
    TestbedRun.Result first = run(hosts.used(), false, off);
    assertThat(first.status("cron off")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out(CRON_STATE)).isEqualTo("inactive\ndisabled\n");
    Map<String, Object> data = first.task("cron off").data();
    assertThat(data).containsEntry("name", "cron").containsEntry("enabled", false);
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) data.get("status");
    assertThat(status).containsEntry("Id", "cron.service").containsEntry("ActiveState", "active");
    assertThat(run(hosts.used(), false, off).changed()).isZero();

    String on =
        """
            - name: cron on
              service: {name: cron, state: started, enabled: true}
        """;
    TestbedRun.Result started = run(hosts.used(), false, on);
    assertThat(started.status("cron on")).as(started.console()).isEqualTo(Status.CHANGED);
    assertThat(started.console()).contains("+active: active").contains("+enabled: enabled");
    assertThat(hosts.used().out(CRON_STATE)).isEqualTo("active\nenabled\n");
    assertThat(run(hosts.used(), false, on).changed()).isZero();
  }

  @Test
  @Order(3)
  void restartedAndReloadedAlwaysAct() throws Exception {
    String pid = hosts.used().out("systemctl show -p MainPID --value cron").strip();
    TestbedRun.Result restart =
        run(
            hosts.used(),
            false,
            """
                - name: restart
                  systemd: {name: cron.service, state: restarted}
                - name: reload
                  systemd: {name: ssh, state: reloaded}
                - name: no reload
                  systemd: {name: cron, state: reloaded}
                  ignore_errors: true
            """);
    assertThat(restart.status("restart")).as(restart.console()).isEqualTo(Status.CHANGED);
    assertThat(restart.status("reload")).isEqualTo(Status.CHANGED);
    assertThat(restart.task("no reload").message()).contains("CanReload=no");
    assertThat(hosts.used().out("systemctl show -p MainPID --value cron").strip())
        .isNotEqualTo(pid);
  }

  @Test
  @Order(4)
  void maskAndUnmask() throws Exception {
    String mask =
        """
            - name: mask
              systemd: {name: cron, state: stopped, masked: true}
        """;
    TestbedRun.Result masked = run(hosts.used(), false, mask);
    assertThat(masked.status("mask")).as(masked.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out(CRON_STATE)).isEqualTo("inactive\nmasked\n");
    assertThat(run(hosts.used(), false, mask).changed()).isZero();
    TestbedRun.Result startMasked =
        run(
            hosts.used(),
            false,
            """
                - name: start masked
                  systemd: {name: cron, state: started}
            """);
    assertThat(startMasked.status("start masked")).isEqualTo(Status.FAILED);
    assertThat(startMasked.task("start masked").message()).contains("masked");
    TestbedRun.Result unmask =
        run(
            hosts.used(),
            false,
            """
                - name: unmask
                  systemd: {name: cron, masked: false, state: started}
            """);
    assertThat(unmask.status("unmask")).as(unmask.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out(CRON_STATE)).isEqualTo("active\nenabled\n");
  }

  @Test
  @Order(5)
  void daemonReloadPicksUpANewUnit() throws Exception {
    hosts
        .used()
        .out(
            "printf '[Unit]\\nDescription=demo\\n[Service]\\nExecStart=/bin/sleep 1000\\n"
                + "[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/ploy-demo.service");
    String tasks =
        """
            - name: demo
              systemd: {name: ploy-demo, state: started, enabled: true, daemon_reload: true}
        """;
    TestbedRun.Result first = run(hosts.used(), false, tasks);
    assertThat(first.status("demo")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("systemctl is-active ploy-demo; systemctl is-enabled ploy-demo"))
        .isEqualTo("active\nenabled\n");
    TestbedRun.Result second = run(hosts.used(), false, tasks);
    assertThat(second.changed()).as(second.console()).isZero();
    // the reload beside a unit already as asked is upkeep: check mode predicts the run's ok
    TestbedRun.Result check = run(hosts.used(), true, tasks);
    assertThat(check.status("demo")).as(check.console()).isEqualTo(Status.OK);
  }

  @Test
  @Order(5)
  void serviceWithOnlyDaemonReloadReloadsSystemd() throws Exception {
    String unit = "/etc/systemd/system/ploy-reloaded.service";
    hosts.used().out("printf '[Service]\\nExecStart=/bin/sleep 1000\\n' > " + unit);
    // a running unit stays loaded: its changed file then waits for a daemon-reload
    hosts
        .used()
        .out(
            "systemctl daemon-reload && systemctl start ploy-reloaded && echo '# changed' >> "
                + unit);
    assertThat(hosts.used().out("systemctl show -p NeedDaemonReload ploy-reloaded"))
        .isEqualTo("NeedDaemonReload=yes\n");
    TestbedRun.Result run =
        run(
            hosts.used(),
            false,
            """
                - name: reload
                  service: {daemon_reload: true}
            """);
    // reloaded, and reported ok, as ansible-playbook 2.14 reports it: upkeep, not a change
    assertThat(run.status("reload")).as(run.console()).isEqualTo(Status.OK);
    assertThat(hosts.used().out("systemctl show -p NeedDaemonReload ploy-reloaded"))
        .isEqualTo("NeedDaemonReload=no\n");
  }

  @Test
  @Order(6)
  void missingUnitsAndHostileNamesFailClearly() throws Exception {
    TestbedRun.Result missing =
        run(
            hosts.used(),
            false,
            """
                - name: missing
                  systemd: {name: no-such-thing, state: started}
            """);
    assertThat(missing.status("missing")).isEqualTo(Status.FAILED);
    assertThat(missing.task("missing").message())
        .contains("Could not find the requested service no-such-thing");
    for (String name :
        List.of("cron; touch /tmp/pwned", "$(touch /tmp/pwned)", "`touch /tmp/pwned`", "--now")) {
      for (String module : List.of("systemd", "service")) {
        TestbedRun.Result hostile =
            TestbedRun.in(dir, hosts.used())
                .vars(Map.of("evil", name))
                .run(
                    "- hosts: all\n  remote_user: deploy\n  become: true\n  tasks:\n"
                        + "    - name: hostile\n      "
                        + module
                        + ": {name: \"{{ evil }}\", state: started}\n");
        assertThat(hostile.status("hostile")).as(module + " " + name).isEqualTo(Status.FAILED);
        assertThat(hostile.task("hostile").message()).contains("not a systemd unit name");
      }
    }
    assertThat(hosts.used().out("test -e /tmp/pwned && echo pwned || echo clean").strip())
        .isEqualTo("clean");
  }

  @Test
  @Order(7)
  void serviceWithSysvinitScripts() throws Exception {
    hosts
        .used()
        .out(
            String.join(
                "\n",
                "cat > /etc/init.d/ploy-sysv <<'EOF'",
                "#!/bin/sh",
                "### BEGIN INIT INFO",
                "# Provides:          ploy-sysv",
                "# Required-Start:",
                "# Required-Stop:",
                "# Default-Start:     2 3 4 5",
                "# Default-Stop:      0 1 6",
                "# Short-Description: test",
                "### END INIT INFO",
                "P=/run/ploy-sysv.pid",
                "case \"$1\" in",
                "  start) echo \"$2\" > /run/ploy-sysv.args; setsid sleep 1000 >/dev/null 2>&1 &"
                    + " echo $! > $P ;;",
                "  stop) [ -f $P ] && kill $(cat $P); rm -f $P ;;",
                "  restart) $0 stop; $0 start \"$2\" ;;",
                "  status) [ -f $P ] && kill -0 $(cat $P) 2>/dev/null ;;",
                "esac",
                "EOF",
                "chmod 755 /etc/init.d/ploy-sysv"));
    String tasks =
        """
            - name: sysv
              service: {name: ploy-sysv, state: started, enabled: true, use: sysvinit,
                        arguments: "\\"it's $(touch /tmp/pwned)\\""}
        """;
    TestbedRun.Result check = run(hosts.used(), true, tasks);
    assertThat(check.status("sysv")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("+running: true").contains("+enabled: true");
    assertThat(hosts.used().sh("test -f /run/ploy-sysv.pid").rc()).isNotZero();

    TestbedRun.Result first = run(hosts.used(), false, tasks);
    assertThat(first.status("sysv")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().out("/etc/init.d/ploy-sysv status && echo running"))
        .isEqualTo("running\n");
    assertThat(hosts.used().out("ls /etc/rc2.d | grep -c ploy-sysv").strip()).isEqualTo("1");
    assertThat(hosts.used().out("cat /run/ploy-sysv.args")).isEqualTo("it's $(touch /tmp/pwned)\n");
    assertThat(hosts.used().out("test -e /tmp/pwned && echo pwned || echo clean").strip())
        .isEqualTo("clean");
    assertThat(run(hosts.used(), false, tasks).changed()).isZero();

    TestbedRun.Result stop =
        run(
            hosts.used(),
            false,
            """
                - name: stop
                  service: {name: ploy-sysv, state: stopped, use: sysvinit}
            """);
    assertThat(stop.status("stop")).as(stop.console()).isEqualTo(Status.CHANGED);
    assertThat(hosts.used().sh("/etc/init.d/ploy-sysv status").rc()).isNotZero();
  }
}
