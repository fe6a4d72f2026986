package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * getent, assemble, known_hosts and debconf (issues #23/#17) run by ansible-playbook against one
 * fresh host and by ploy against another: the files and answers they leave must be the same. On
 * ploy's host, check mode first predicts exactly the changes of the real run and mutates nothing; a
 * second run changes nothing; --diff shows the changes without a password; hostile values stay
 * literal or fail cleanly.
 */
class CompatModulesSideBySideTest {
  private static final String KEY_A =
      "AAAAC3NzaC1lZDI1NTE5AAAAIPGKSxjk6zR313oNZdojD4bOR6eqe33WIWF8Cng1nYwg";
  private static final String KEY_B =
      "AAAAC3NzaC1lZDI1NTE5AAAAIGFcndoO5a6wtPcIFLtPJvXeMgfSWYCqlxZo+7Vjnb9A";

  /** What both hosts hold before the playbook: fragments, a known_hosts file, no answers. */
  private static final String SETUP =
      String.join(
          "\n",
          "mkdir -p /srv/frags",
          "printf 'two' > /srv/frags/b",
          "printf 'one\\n' > /srv/frags/a",
          "printf 'hidden\\n' > /srv/frags/.h",
          "printf 'ten\\n' > /srv/frags/c10",
          "printf 'replace.org ssh-ed25519 "
              + KEY_A
              + "\\ngone.org ssh-ed25519 "
              + KEY_B
              + "\\n'"
              + " > /srv/known_hosts");

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Read root's account
            ansible.builtin.getent:
              database: passwd
              key: root
          - name: Read a missing account
            ansible.builtin.getent:
              database: group
              key: nosuchgroup
              fail_key: false
          - name: Keep what getent read
            ansible.builtin.copy:
              dest: /srv/getent.txt
              content: "{{ getent_passwd.root | join(',') }} {{ getent_group.nosuchgroup is none }}\\n"
          - name: Join every fragment
            ansible.builtin.assemble:
              src: /srv/frags
              dest: /srv/all.conf
              delimiter: '# \\x41'
              mode: "0640"
          - name: Join some fragments
            ansible.builtin.assemble:
              src: /srv/frags
              dest: /srv/some.conf
              regexp: '^[ab]'
              ignore_hidden: true
          - name: Join local fragments
            ansible.builtin.assemble:
              src: local_frags
              remote_src: false
              dest: /srv/local.conf
          - name: Add a host
            ansible.builtin.known_hosts:
              name: example.org
              key: "example.org ssh-ed25519 %1$s a comment"
              path: /srv/known_hosts
          - name: Add a hashed host on a port
            ansible.builtin.known_hosts:
              name: "[other.org]:2222"
              key: "[other.org]:2222 ssh-ed25519 %1$s"
              path: /srv/known_hosts
              hash_host: true
          - name: Replace a host's key
            ansible.builtin.known_hosts:
              name: replace.org
              key: "replace.org ssh-ed25519 %2$s"
              path: /srv/known_hosts
          - name: Remove a host
            ansible.builtin.known_hosts:
              name: gone.org
              path: /srv/known_hosts
              state: absent
          - name: Answer a select question
            ansible.builtin.debconf:
              name: tzdata
              question: tzdata/Areas
              vtype: select
              value: Europe
          - name: Answer a boolean question
            ansible.builtin.debconf:
              name: ploytest
              question: ploytest/flag
              vtype: boolean
              value: "True"
      """
          .formatted(KEY_A, KEY_B);

  /** A password answer: ploy compares it on the target and never shows it. */
  private static final String PASSWORD =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Answer a password question
            ansible.builtin.debconf:
              name: ploytest
              question: ploytest/secret
              vtype: password
              value: "s3cret-Pa55"
      """;

  private static final Map<String, String> PROBES = new LinkedHashMap<>();

  static {
    PROBES.put("getent", "cat /srv/getent.txt");
    PROBES.put("all.conf", "stat -c '%a %U' /srv/all.conf; od -c /srv/all.conf");
    PROBES.put("some.conf", "od -c /srv/some.conf");
    PROBES.put("local.conf", "od -c /srv/local.conf");
    // a hashed name has a random salt: compare the rest of the line
    PROBES.put("known_hosts", "sed -E 's/^[|]1[|][^ ]+/HASHED/' /srv/known_hosts");
    PROBES.put(
        "hashed host found",
        "ssh-keygen -F '[other.org]:2222' -f /srv/known_hosts | grep -v '^#' | cut -d' ' -f2-");
    PROBES.put("debconf", "debconf-show tzdata ploytest | grep -E 'Areas|flag' | sort");
  }

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameFilesAndAnswers() throws Exception {
    SideBySide both = SideBySide.fresh(dir, "compatmods");
    TargetHost withPloy = both.withPloy();
    Files.createDirectories(dir.resolve("local_frags"));
    Files.writeString(dir.resolve("local_frags/01-head"), "[main]\n");
    Files.writeString(dir.resolve("local_frags/02-body"), "key = value\n");
    both.hosts().forEach(host -> host.out(SETUP));

    TestbedRun.Result check = both.checkPloyChangesNothing(PLAYBOOK, STATE);
    // known_hosts returns the file before and after as its own diff, as Ansible's module does
    assertThat(check.task("Add a host").data().get("diff"))
        .isEqualTo(
            Map.of(
                "before_header",
                "/srv/known_hosts",
                "after_header",
                "/srv/known_hosts",
                "before",
                withPloy.out("cat /srv/known_hosts"),
                "after",
                withPloy.out("cat /srv/known_hosts")
                    + "example.org ssh-ed25519 "
                    + KEY_A
                    + " a comment\n"));

    TestbedRun.Result ploy = both.runBoth(PLAYBOOK, Duration.ofMinutes(10));
    assertThat(check.changed()).as("check mode predicts the run").isEqualTo(ploy.changed());
    assertThat(ploy.changed()).isEqualTo(10);
    assertThat(ploy.console())
        .contains("+# A", "-replace.org ssh-ed25519 " + KEY_A, "+tzdata/Areas: Europe");

    String seen = both.assertSame(PROBES);
    // the comparison is only worth something if Ansible did what the playbook says
    assertThat(seen)
        .contains(
            "x,0,0,root,/root,/bin/bash True",
            "example.org ssh-ed25519 " + KEY_A + " a comment",
            "HASHED ssh-ed25519 " + KEY_A,
            "replace.org ssh-ed25519 " + KEY_B,
            "* tzdata/Areas: Europe",
            "* ploytest/flag: true")
        .doesNotContain("gone.org");

    TestbedRun.Result again = TestbedRun.in(dir, withPloy).run(PLAYBOOK);
    assertThat(again.changed()).as(again.console()).isZero();

    TestbedRun.Result password = TestbedRun.in(dir, withPloy).run(PASSWORD);
    assertThat(password.changed()).as(password.console()).isEqualTo(1);
    assertThat(withPloy.out("grep -A2 'Name: ploytest/secret' /var/cache/debconf/passwords.dat"))
        .contains("Value: s3cret-Pa55");
    TestbedRun.Result passwordAgain = TestbedRun.in(dir, withPloy).run(PASSWORD);
    assertThat(passwordAgain.changed()).as(passwordAgain.console()).isZero();
    assertThat(password.console() + password.task("Answer a password question").data())
        .doesNotContain("s3cret-Pa55");
  }

  /** What the playbook may change on a host, for check mode to leave as it is. */
  private static final String STATE =
      "ls -la /srv; cat /srv/known_hosts; debconf-show tzdata ploytest 2>&1 | sort;"
          + " ls /var/cache/debconf";

  private static final String HOSTILE =
      """
      - hosts: all
        gather_facts: false
        vars:
          evil: "$(touch pwned) `touch pwned`"
        tasks:
          - name: A key named like an option
            ansible.builtin.getent: {database: passwd, key: "--help", fail_key: false}
            register: option_key
          - name: A key with shell syntax
            ansible.builtin.getent: {database: passwd, key: "{{ evil }}", fail_key: false}
          - name: A package named like an option
            ansible.builtin.debconf: {name: "--help", question: x/y, vtype: string, value: v}
            ignore_errors: true
          - name: A value with a second selection on a new line
            ansible.builtin.debconf:
              name: ploytest
              question: ploytest/q
              vtype: string
              value: "a\\nploytest ploytest/injected string x"
            ignore_errors: true
          - name: A question with shell syntax
            ansible.builtin.debconf: {name: ploytest, question: "q {{ evil }}", vtype: string, value: v}
            ignore_errors: true
          - name: A value with shell syntax
            ansible.builtin.debconf: {name: ploytest, question: ploytest/q, vtype: string, value: "{{ evil }}"}
          - name: A fragment directory with shell syntax
            ansible.builtin.file: {path: "/srv/evil {{ evil }}", state: directory}
          - name: A fragment named with shell syntax
            ansible.builtin.copy: {dest: "/srv/evil {{ evil }}/-rf {{ evil }}", content: "{{ evil }}\\n"}
          - name: Assemble hostile names
            ansible.builtin.assemble:
              src: "/srv/evil {{ evil }}"
              dest: "/srv/assembled {{ evil }}"
              delimiter: "{{ evil }}"
          - name: A host named like an option
            ansible.builtin.known_hosts: {name: "-oProxyCommand=touch pwned", path: "/srv/kh {{ evil }}", state: absent}
          - name: A key with shell syntax
            ansible.builtin.known_hosts: {name: x.org, key: "x.org ssh-ed25519 {{ evil }}", path: "/srv/kh {{ evil }}"}
          - name: A key for another host
            ansible.builtin.known_hosts: {name: x.org, key: "y.org ssh-ed25519 AAAA", path: /srv/kh2}
            ignore_errors: true
          - name: Two keys in one
            ansible.builtin.known_hosts: {name: x.org, key: "x.org ssh-ed25519 AAAA\\nz.org ssh-rsa BBBB", path: /srv/kh2}
            ignore_errors: true
      """;

  @Test
  void hostileValuesStayLiteralOrFailCleanly() throws Exception {
    TargetHost host = Testbed.fresh("compatmods-hostile");
    host.out("mkdir -p /srv");
    TestbedRun.Result run = TestbedRun.in(dir, host).run(HOSTILE);
    assertThat(run.task("A key named like an option").data().get("ansible_facts"))
        .isEqualTo(Map.of("getent_passwd", java.util.Collections.singletonMap("--help", null)));
    for (String refused :
        List.of(
            "A package named like an option",
            "A value with a second selection on a new line",
            "A question with shell syntax",
            "A key for another host",
            "Two keys in one")) {
      assertThat(run.status(refused)).as(refused).isEqualTo(Status.FAILED);
    }
    String evil = "$(touch pwned) `touch pwned`";
    assertThat(run.status("Assemble hostile names")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("cat '/srv/assembled " + evil + "'")).isEqualTo(evil + "\n");
    assertThat(host.out("cat '/srv/kh " + evil + "'"))
        .isEqualTo("x.org ssh-ed25519 " + evil + "\n");
    assertThat(host.out("debconf-show ploytest")).contains("ploytest/q: " + evil);
    assertThat(host.out("debconf-show ploytest")).doesNotContain("injected");
    assertThat(host.out("find / -xdev -name pwned 2>/dev/null | wc -l").strip()).isEqualTo("0");
    assertThat(host.sh("test -e /srv/kh2").ok()).isFalse();
  }
}
