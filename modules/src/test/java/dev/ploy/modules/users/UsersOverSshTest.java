package dev.ploy.modules.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.Play;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** group, user and authorized_key on real Debian hosts over SSH, as deploy with sudo. */
class UsersOverSshTest {
  static final String HOSTILE =
      "it's \"Alice\" $(touch /tmp/pwned) `touch /tmp/pwned2`; * -x ünïcödé";
  static final String HASH = "$6$saltsalt$Wm0z7p6LQcd2oT2l8oG0mQ0m3Yq2Ui6QbQyq/8oY7b9l0pJv1m0dUeZx";
  static final String KEY_A =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";
  static final String KEY_B =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbB ops@bastion";

  private static final String PLAYBOOK =
      Play.onAll()
          .asDeploy()
          .tasks(
              """
      - name: Deployers group
        ansible.builtin.group:
          name: deployers
          gid: 2001
      - name: Alice
        ansible.builtin.user:
          name: alice
          uid: 1500
          group: deployers
          groups: adm,sudo
          shell: /bin/bash
          comment: "{{ hostile }}"
          password: "{{ hash }}"
          generate_ssh_key: true
          ssh_key_type: ed25519
          ssh_key_file: .ssh/id_ed25519
        register: alice
      - name: Deploy may be reached by ops
        ansible.posix.authorized_key:
          user: deploy
          key: "{{ key_b }}"
          key_options: 'no-port-forwarding,from="10.0.0.1"'
      """);

  @RegisterExtension static final FreshHosts hosts = FreshHosts.named("users-check", "users-run");

  @TempDir Path dir;

  private TestbedRun on(TargetHost host) {
    return TestbedRun.in(dir, host)
        .vars(Map.of("hostile", HOSTILE, "hash", HASH, "key_a", KEY_A, "key_b", KEY_B));
  }

  private static String accounts(TargetHost host) {
    return host.out(
        "cat /etc/passwd /etc/group /etc/shadow; cat /home/deploy/.ssh/authorized_keys;"
            + " ls -a /home");
  }

  @Test
  void checkModeOnAFreshHostPredictsAndChangesNothing() throws Exception {
    String before = accounts(hosts.fresh());
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).isEqualTo(3);
    assertThat(accounts(hosts.fresh())).isEqualTo(before);
    assertThat(check.console())
        .contains("+gid: 2001")
        .contains("+uid: 1500")
        .contains("+group: deployers")
        .contains("+groups: adm,sudo")
        .contains("+password: changed")
        .contains("+no-port-forwarding,from=\"10.0.0.1\" " + KEY_B)
        .doesNotContain(HASH);
  }

  @Test
  void aRunConvergesAndASecondChangesNothing() throws Exception {
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).as(first.console()).isEqualTo(3);
    assertThat(first.console()).doesNotContain(HASH);
    assertThat(hosts.used().out("getent passwd alice"))
        .isEqualTo("alice:x:1500:2001:" + HOSTILE + ":/home/alice:/bin/bash\n");
    assertThat(hosts.used().out("test -e /tmp/pwned || test -e /tmp/pwned2 || echo clean"))
        .isEqualTo("clean\n");
    assertThat(hosts.used().out("getent shadow alice | cut -d: -f2")).isEqualTo(HASH + "\n");
    assertThat(hosts.used().out("id -Gn alice")).isEqualTo("deployers adm sudo\n");
    assertThat(hosts.used().out("stat -c '%U %a' /home/alice/.ssh /home/alice/.ssh/id_ed25519"))
        .isEqualTo("alice 700\nalice 600\n");
    Map<String, Object> alice = first.task("Alice").data();
    assertThat(alice)
        .containsEntry("name", "alice")
        .containsEntry("uid", 1500L)
        .containsEntry("group", 2001L)
        .containsEntry("home", "/home/alice")
        .containsEntry("shell", "/bin/bash")
        .containsEntry("comment", HOSTILE)
        .containsEntry("password", "NOT_LOGGING_PASSWORD");
    assertThat((String) alice.get("ssh_public_key")).startsWith("ssh-ed25519 ");
    assertThat(hosts.used().out("tail -1 /home/deploy/.ssh/authorized_keys"))
        .isEqualTo("no-port-forwarding,from=\"10.0.0.1\" " + KEY_B + "\n");
    assertThat(hosts.used().out("stat -c '%U %a' /home/deploy/.ssh/authorized_keys"))
        .isEqualTo("deploy 600\n");

    on(hosts.used()).run(PLAYBOOK).assertConverged();

    // changes to an existing account show as a before/after of its fields
    TestbedRun.Result modify =
        on(hosts.used())
            .run(
                Play.onAll()
                    .asDeploy()
                    .tasks(
                        """
                - name: Alice changes
                  ansible.builtin.user:
                    name: alice
                    shell: /bin/sh
                    groups: [adm]
                    password_lock: true
                    expires: 1893456000
                - name: Deployers renumbered
                  ansible.builtin.group:
                    name: deployers
                    gid: 2002
                - name: Alice's keys, exclusively
                  ansible.posix.authorized_key:
                    user: alice
                    key: "{{ key_a }}\\n{{ key_b }}"
                    exclusive: true
                - name: One of them removed
                  ansible.posix.authorized_key:
                    user: alice
                    key: "{{ key_b }}"
                    state: absent
                """));
    assertThat(modify.failed()).as(modify.console()).isZero();
    assertThat(modify.changed()).isEqualTo(4);
    assertThat(modify.console())
        .contains("-shell: /bin/bash")
        .contains("+shell: /bin/sh")
        .contains("-groups: adm,sudo")
        .contains("+groups: adm")
        .contains("+password_lock: true")
        .contains("-expires: never")
        .contains("+expires: 2030-01-01")
        .contains("-gid: 2001")
        .contains("+gid: 2002");
    assertThat(hosts.used().out("getent shadow alice | cut -d: -f8")).isEqualTo("21915\n");
    assertThat(hosts.used().out("getent group deployers | cut -d: -f3")).isEqualTo("2002\n");
    assertThat(hosts.used().out("getent shadow alice | cut -d: -f2")).isEqualTo("!" + HASH + "\n");
    assertThat(hosts.used().out("cat /home/alice/.ssh/authorized_keys")).isEqualTo(KEY_A + "\n");
    assertThat(hosts.used().out("stat -c '%U %a' /home/alice/.ssh/authorized_keys"))
        .isEqualTo("alice 600\n");
  }

  @Test
  void badValuesFailClearlyAndAbsentRemoves() throws Exception {
    TargetHost host = hosts.used();
    TestbedRun.Result bad =
        on(host)
            .run(
                Play.onAll()
                    .asDeploy()
                    .tasks(
                        """
                - name: Comment with a newline
                  ansible.builtin.user:
                    name: bob
                    comment: "line one\\n$(touch /tmp/pwned3)"
                  ignore_errors: true
                - name: Unknown group
                  ansible.builtin.user:
                    name: bob
                    group: no-such-group
                  ignore_errors: true
                - name: Bob
                  ansible.builtin.user:
                    name: bob
                - name: Bob goes
                  ansible.builtin.user:
                    name: bob
                    state: absent
                    remove: true
                - name: Temporary group goes
                  ansible.builtin.group:
                    name: temp-group
                    state: absent
                """));
    assertThat(bad.status("Comment with a newline")).isEqualTo(Status.FAILED);
    assertThat(bad.task("Comment with a newline").data().get("msg").toString())
        .contains("must not contain ':' or a newline");
    assertThat(bad.task("Unknown group").data().get("msg").toString())
        .contains("Group no-such-group does not exist");
    assertThat(bad.status("Bob")).isEqualTo(Status.CHANGED);
    assertThat(bad.status("Bob goes")).isEqualTo(Status.CHANGED);
    assertThat(bad.status("Temporary group goes")).isEqualTo(Status.OK);
    assertThat(host.sh("getent passwd bob").rc()).isEqualTo(2);
    assertThat(host.out("test -e /home/bob || test -e /tmp/pwned3 || echo gone"))
        .isEqualTo("gone\n");
  }

  @Test
  void localLooksInTheLocalFilesAndWarnsAsAnsibleDoes() throws Exception {
    // ansible-core 2.14's user target, "Ensure warnings were displayed properly"
    TargetHost host = hosts.used();
    TestbedRun.Result run =
        on(host)
            .run(
                """
                - hosts: all
                  remote_user: deploy
                  become: true
                  tasks:
                    - name: Root is local
                      ansible.builtin.user:
                        name: root
                        local: true
                      register: root_local
                    - name: Carol is not local yet
                      ansible.builtin.user:
                        name: carol
                        local: true
                      register: carol_local
                    - name: Append without groups
                      ansible.builtin.user:
                        name: carol
                        append: true
                      register: carol_append
                    - name: Carol goes
                      ansible.builtin.user:
                        name: carol
                        state: absent
                        local: true
                    - ansible.builtin.assert:
                        that:
                          - root_local is not changed
                          - root_local['warnings'] is not defined
                          - carol_local is changed
                          - carol_local['warnings'] | length == 1
                          - carol_local['warnings'] | first is search('may already exist')
                          - carol_append is not changed
                          - carol_append['warnings'] is search("'append' is set, but no 'groups'")
                """);
    assertThat(run.failed()).as(run.console()).isZero();
    assertThat(run.console()).doesNotContain("not honoured");
    assertThat(host.sh("getent passwd carol").rc()).isEqualTo(2);
  }

  @Test
  void umaskSetsTheNewHomesMode() throws Exception {
    TargetHost host = hosts.used();
    String playbook =
        """
        - hosts: all
          remote_user: deploy
          become: true
          tasks:
            - name: Dave
              ansible.builtin.user:
                name: dave
                umask: "027"
            - name: Hostile umask
              ansible.builtin.user:
                name: erin
                umask: "022; touch /tmp/pwned5\n-o"
              ignore_errors: true
            - name: Umask and local
              ansible.builtin.user:
                name: erin
                umask: "022"
                local: true
              ignore_errors: true
        """;
    TestbedRun.Result check = on(host).check(true).run(playbook);
    assertThat(check.status("Dave")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("getent passwd dave").rc()).isEqualTo(2);
    TestbedRun.Result run = on(host).run(playbook);
    assertThat(run.status("Dave")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("stat -c %a /home/dave")).isEqualTo("750\n");
    assertThat(run.task("Hostile umask").data().get("msg").toString())
        .contains("three or four octal digits");
    assertThat(run.task("Umask and local").data().get("msg").toString())
        .isEqualTo("'umask' can not be used with 'local'");
    assertThat(host.out("getent passwd erin; test -e /tmp/pwned5 || echo clean"))
        .isEqualTo("clean\n");
    assertThat(on(host).run(playbook).status("Dave")).isEqualTo(Status.OK);
  }
}
