package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mount (ansible.posix's) run by ansible-playbook against one fresh host and by ploy against
 * another: fstab byte for byte and the mounts themselves must be the same. The testbed's containers
 * run with CAP_SYS_ADMIN, so tmpfs and bind mounts are real mounts here. On ploy's host check mode
 * first predicts the run exactly and changes nothing, --diff shows the fstab edits and the mounts,
 * and a second run changes nothing.
 */
class MountSideBySideTest {
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/data /mnt/pre /mnt/gone && echo hi > /srv/data/file",
          "printf '# static\\n\\ntmpfs /mnt/old tmpfs size=1m 0 0\\n"
              + "tmpfs /mnt/gone tmpfs size=1m 0 0\\n' >> /etc/fstab",
          "mount -t tmpfs -o size=1m tmpfs /mnt/pre && mount /mnt/gone");

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: A tmpfs mounted
            ansible.posix.mount:
              path: /mnt/cache
              src: tmpfs
              fstype: tmpfs
              opts: size=2m,mode=0750
              state: mounted
          - name: A bind mount on a path with a space
            mount:
              path: /mnt/with space
              src: /srv/data
              fstype: none
              opts: bind
              state: mounted
          - name: Only an entry, not at boot
            mount:
              path: /mnt/later
              src: LABEL=data
              fstype: ext4
              opts: noatime
              boot: false
              dump: "1"
              passno: "2"
              state: present
          - name: An entry changed
            mount:
              path: /mnt/old
              src: tmpfs
              fstype: tmpfs
              opts: size=4m
              state: present
          - name: Unmounted, fstab untouched
            mount:
              path: /mnt/pre
              state: unmounted
          - name: Gone from fstab and unmounted
            mount:
              path: /mnt/gone
              state: absent
      """;

  private static final Map<String, String> STATE = new LinkedHashMap<>();

  static {
    STATE.put("fstab", "stat -c '%a %U %G' /etc/fstab; od -c /etc/fstab");
    STATE.put(
        "mounts",
        "findmnt -rn -o TARGET,FSTYPE,OPTIONS | grep '^/mnt' | sed 's/,lowerdir=.*//' | sort");
    STATE.put("directories", "ls -la /mnt; cat '/mnt/with space/file' 2>&1; true");
  }

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameFstabAndMounts() throws Exception {
    SideBySide hosts = SideBySide.fresh(dir, "mount");
    TargetHost withPloy = hosts.withPloy();
    for (TargetHost host : hosts.hosts()) {
      host.out(SETUP);
    }

    String untouched = withPloy.out(String.join("; ", STATE.values()));
    TestbedRun.Result check = TestbedRun.in(dir, withPloy).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(withPloy.out(String.join("; ", STATE.values())))
        .as("check mode changes nothing")
        .isEqualTo(untouched);
    assertThat(check.console())
        .contains("+tmpfs /mnt/cache tmpfs size=2m,mode=0750 0 0")
        .contains("+/srv/data /mnt/with\\040space none bind 0 0")
        .contains("+LABEL=data /mnt/later ext4 noatime,noauto 1 2")
        .contains("-tmpfs /mnt/old tmpfs size=1m 0 0", "+tmpfs /mnt/old tmpfs size=4m 0 0")
        .contains("-tmpfs /mnt/gone tmpfs size=1m 0 0")
        .contains("-mounted: no", "+mounted: yes", "-mounted: yes", "+mounted: no");

    hosts.run(PLAYBOOK, Duration.ofMinutes(10));
    TestbedRun.Result ploy = TestbedRun.in(dir, withPloy).run(PLAYBOOK);
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    assertThat(check.changed()).as("check mode predicts the run").isEqualTo(6);

    String seen = hosts.assertSame(STATE);
    // the comparison is only worth something if Ansible did what the playbook says
    assertThat(seen)
        .contains("/mnt/cache tmpfs rw,relatime,size=2048k,mode=750")
        .contains("/mnt/with\\x20space")
        .contains("hi")
        .doesNotContain("/mnt/pre ", "/mnt/gone");
    hosts.assertPloyConverged(PLAYBOOK);
  }

  private static final String EPHEMERAL =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: A RAM disk for this boot only
            ansible.posix.mount:
              path: /mnt/eph
              src: tmpfs
              fstype: tmpfs
              opts: size=1m
              state: ephemeral
          - name: The same source again is remounted with its new options
            ansible.posix.mount:
              path: /mnt/eph
              src: tmpfs
              fstype: tmpfs
              opts: size=2m
              state: ephemeral
          - name: Another source over it is refused
            ansible.posix.mount:
              path: /mnt/eph
              src: /srv/data
              fstype: none
              opts: bind
              state: ephemeral
            ignore_errors: true
          - name: An entry added, the old fstab kept beside it
            ansible.posix.mount:
              path: /mnt/later
              src: LABEL=data
              fstype: ext4
              state: present
              backup: true
            register: added
          - name: Where the backup is
            ansible.builtin.copy:
              dest: /root/backup_file
              content: "{{ added.backup_file | regex_replace('[0-9]+[.][0-9-]+@[0-9:]+~$', 'PID.DATE~') }}"
      """;

  private static final Map<String, String> EPHEMERAL_STATE = new LinkedHashMap<>();

  static {
    EPHEMERAL_STATE.put("fstab", "od -c /etc/fstab");
    EPHEMERAL_STATE.put(
        "mounts", "findmnt -rn -o TARGET,SOURCE,FSTYPE,OPTIONS | grep '^/mnt' | sort");
    EPHEMERAL_STATE.put(
        "backups",
        "cat /root/backup_file; echo; ls /etc/fstab.*~ | wc -l;"
            + " for f in /etc/fstab.*~; do stat -c '%a %U' \"$f\"; od -c \"$f\"; done");
  }

  @Test
  void ephemeralMountsWithoutFstabAndBackupKeepsTheOldFstab() throws Exception {
    SideBySide hosts = SideBySide.fresh(dir, "mount-eph");
    TargetHost withPloy = hosts.withPloy();
    for (TargetHost host : hosts.hosts()) {
      host.out("mkdir -p /srv/data && printf '# static\\n' >> /etc/fstab");
    }
    TestbedRun.Result check =
        hosts.checkPloyChangesNothing(
            EPHEMERAL, "od -c /etc/fstab; findmnt -rn | grep /mnt; ls /mnt /etc");
    assertThat(check.console())
        .contains("+mount: mounted", "+LABEL=data /mnt/later ext4 defaults 0 0");

    TestbedRun.Result ploy = hosts.runBoth(EPHEMERAL, Duration.ofMinutes(10));
    assertThat(ploy.status("A RAM disk for this boot only")).isEqualTo(Status.CHANGED);
    assertThat(ploy.status("The same source again is remounted with its new options"))
        .isEqualTo(Status.CHANGED);
    assertThat(ploy.status("Another source over it is refused")).isEqualTo(Status.FAILED);
    assertThat(ploy.task("Another source over it is refused").message())
        .contains("already mounted with a different source");
    String seen = hosts.assertSame(EPHEMERAL_STATE);
    assertThat(seen)
        .contains("/mnt/eph tmpfs tmpfs rw,relatime,size=2048k")
        .contains("/etc/fstab.PID.DATE~")
        .doesNotContain("/mnt/eph tmpfs tmpfs 0 0");

    TestbedRun.Result again = TestbedRun.in(dir, withPloy).run(EPHEMERAL);
    assertThat(again.status("A RAM disk for this boot only"))
        .as("ephemeral is a change every time, as in the collection")
        .isEqualTo(Status.CHANGED);
    assertThat(again.status("An entry added, the old fstab kept beside it")).isEqualTo(Status.OK);
    assertThat(withPloy.out("ls /etc/fstab.*~ | wc -l"))
        .as("no backup without a change")
        .isEqualTo("1\n");
  }

  private static final String HOSTILE =
      """
      - hosts: all
        gather_facts: false
        vars:
          evil: "$(touch /tmp/pwned) `touch /tmp/pwned`; 'q' \\"d\\""
        tasks:
          - name: A hostile mount point
            mount:
              path: "/mnt/{{ evil }}"
              src: tmpfs
              fstype: tmpfs
              opts: size=1m
              state: mounted
          - name: A source that looks like an option stays a field
            mount:
              path: /mnt/opt
              src: "--bind"
              fstype: "-t"
              opts: "-o{{ evil }}"
              state: present
          - name: A relative mount point that looks like an option
            mount: {path: "-rf", src: tmpfs, fstype: tmpfs, state: mounted}
            ignore_errors: true
          - name: Options with a line break
            mount: {path: /mnt/nl, src: tmpfs, fstype: tmpfs, opts: "size=1m\\n/dev/sda1 / ext4", state: present}
            ignore_errors: true
          - name: Remounted with new options
            mount:
              path: "/mnt/{{ evil }}"
              opts: size=3m
              state: remounted
      """;

  @Test
  void hostileValuesStayDataAndRemountedAlwaysRemounts() throws Exception {
    TargetHost host = Testbed.fresh("mount-hostile");
    TestbedRun.Result run = TestbedRun.in(dir, host).run(HOSTILE);
    String evil = "$(touch /tmp/pwned) `touch /tmp/pwned`; 'q' \"d\"";
    assertThat(run.status("A hostile mount point")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("cat /etc/fstab"))
        .contains("tmpfs /mnt/" + Fstab.escape(evil) + " tmpfs size=1m 0 0\n")
        .contains("--bind /mnt/opt -t -o" + Fstab.escape(evil) + " 0 0\n")
        .doesNotContain("/mnt/nl", "/dev/sda1");
    assertThat(run.status("A relative mount point that looks like an option"))
        .isEqualTo(Status.FAILED);
    assertThat(run.task("A relative mount point that looks like an option").data().get("msg"))
        .asString()
        .contains("path must be absolute");
    assertThat(run.status("Options with a line break")).isEqualTo(Status.FAILED);
    assertThat(run.status("Remounted with new options")).isEqualTo(Status.CHANGED);
    assertThat(host.out("findmnt -rn -o TARGET,OPTIONS | grep '^/mnt'"))
        .as(run.console())
        .contains("size=3072k");
    assertThat(host.sh("test -e /tmp/pwned || test -e /mnt/opt || test -e ./-rf").ok()).isFalse();

    TestbedRun.Result again = TestbedRun.in(dir, host).run(HOSTILE);
    assertThat(again.status("A hostile mount point")).isEqualTo(Status.OK);
    assertThat(again.status("Remounted with new options"))
        .as("remounted is a change every time, as in the collection")
        .isEqualTo(Status.CHANGED);
  }
}
