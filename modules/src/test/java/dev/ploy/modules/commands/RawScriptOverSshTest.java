package dev.ploy.modules.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** raw and script on real Debian hosts over SSH, as deploy with sudo. */
class RawScriptOverSshTest {
  private static final String HOSTILE = "a b'c\"d $(touch /tmp/pwned) `touch /tmp/pwned2`; * ü -n";

  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        tasks:
          - name: Raw command
            ansible.builtin.raw: echo out; echo err >&2; id -un > /tmp/raw-user
          - name: Raw with bash
            ansible.builtin.raw: "[[ -n \\"$BASH_VERSION\\" ]] && echo bash"
            args:
              executable: /bin/bash
          - name: Script with hostile arguments
            ansible.builtin.script:
              cmd: scripts/args.sh {{ hostile | quote }} --dash '' second
              creates: /srv/args.out
          - name: Script through bash in a directory
            ansible.builtin.script: chdir=/srv executable=/bin/bash scripts/nobang.sh
            register: bashed
      """;

  @RegisterExtension
  static final FreshHosts hosts = FreshHosts.named("xfer-cmd-check", "xfer-cmd-run");

  @TempDir Path dir;

  private TestbedRun on(TargetHost host) throws Exception {
    return TestbedRun.in(dir, host)
        .vars(Map.of("hostile", HOSTILE))
        .file(
            "scripts/args.sh",
            "#!/bin/sh\nmkdir -p /srv\nprintf '%s\\n' \"$#\" \"$@\" > /srv/args.out\n"
                + "printf 'script %s\\n' \"$(basename \"$0\")\"\n")
        .file("scripts/nobang.sh", "[[ -d . ]] && pwd\nexit 0\n");
  }

  @Test
  void checkModeSkipsOrPredictsAndChangesNothing() throws Exception {
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.status("Raw command")).isEqualTo(Status.SKIPPED);
    // its creates: file is missing, so it would run: changed, as Ansible's script action reports it
    assertThat(check.status("Script with hostile arguments")).isEqualTo(Status.CHANGED);
    assertThat(hosts.fresh().out("ls /tmp/raw-user /srv/args.out 2>&1 || true"))
        .contains("No such file")
        .doesNotContain("\n/");
  }

  @Test
  void runsConvergeGuardsHoldAndHostileArgumentsArriveVerbatim() throws Exception {
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(4);
    Map<String, Object> raw = first.task("Raw command").data();
    assertThat(raw).containsEntry("rc", 0).containsEntry("stdout", "out\n");
    assertThat(raw.get("stderr")).isEqualTo("err\n");
    assertThat(raw.get("stdout_lines")).isEqualTo(List.of("out"));
    assertThat(hosts.used().out("cat /tmp/raw-user")).isEqualTo("root\n");
    assertThat(first.task("Raw with bash").data().get("stdout")).isEqualTo("bash\n");

    assertThat(hosts.used().out("cat /srv/args.out"))
        .isEqualTo("4\n" + HOSTILE + "\n--dash\n\nsecond\n");
    assertThat(first.task("Script with hostile arguments").data().get("stdout"))
        .isEqualTo("script args.sh\n");
    assertThat(hosts.used().sh("test -e /tmp/pwned || test -e /tmp/pwned2").rc()).isNotZero();
    assertThat(first.task("Script through bash in a directory").data().get("stdout"))
        .as(first.task("Script through bash in a directory").data().toString())
        .isEqualTo("/srv\n");
    assertThat(hosts.used().out("ls -a /tmp | grep -c ploy-script || true").strip()).isEqualTo("0");

    TestbedRun.Result second = on(hosts.used()).run(PLAYBOOK);
    assertThat(second.failed()).isZero();
    // kept by its guard: skipped with the guard's message, as Ansible 2.14's script reports it
    assertThat(second.status("Script with hostile arguments")).isEqualTo(Status.SKIPPED);
    assertThat(second.task("Script with hostile arguments").message())
        .isEqualTo("/srv/args.out exists, matching creates option");
    assertThat(second.changed()).isEqualTo(3);
  }

  @Test
  void failingScriptsAndCommandsReportTheirExitCode() throws Exception {
    TestbedRun.Result run =
        on(hosts.used())
            .file("scripts/fail.sh", "#!/bin/sh\necho broken >&2\nexit 7\n")
            .run(
                """
                - hosts: all
                  remote_user: deploy
                  become: true
                  tasks:
                    - name: Failing script
                      ansible.builtin.script: scripts/fail.sh
                      ignore_errors: true
                    - name: Failing raw
                      ansible.builtin.raw: exit 3
                      ignore_errors: true
                    - name: Missing chdir
                      ansible.builtin.script: scripts/fail.sh
                      args:
                        chdir: /no/such/dir
                      ignore_errors: true
                """);
    Map<String, Object> script = run.task("Failing script").data();
    assertThat(script).containsEntry("rc", 7).containsEntry("stderr", "broken\n");
    assertThat(run.task("Failing script").message()).isEqualTo("non-zero return code");
    assertThat(run.task("Failing raw").data()).containsEntry("rc", 3);
    assertThat(run.task("Missing chdir").message()).isEqualTo("cannot change into /no/such/dir");
  }
}
