package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.FreshHosts;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** copy, template, file, command and shell on real Debian hosts over SSH, as deploy with sudo. */
class FilesOverSshTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        remote_user: deploy
        become: true
        vars:
          sites: [{name: blog, port: 8081}, {name: shop, port: 8082}]
        tasks:
          - name: Application directory
            ansible.builtin.file:
              path: /srv/app
              state: directory
              owner: www-data
              group: www-data
              mode: "0750"
          - name: Nested directory
            ansible.builtin.file:
              path: /srv/nested/a
              state: directory
              owner: www-data
              mode: "0700"
          - name: Environment file
            ansible.builtin.copy:
              dest: /srv/app/.env
              content: "SECRET=s3cr3t\\n"
              owner: www-data
              mode: "0600"
          - name: Site configuration
            ansible.builtin.template:
              src: site.conf.mustache
              dest: /srv/app/site.conf
              validate: grep -q listen %s
          - name: Static files
            ansible.builtin.copy:
              src: static/
              dest: /srv/app/static
          - name: Current link
            ansible.builtin.file:
              src: /srv/app
              dest: /srv/current
              state: link
          - name: Marker made once
            ansible.builtin.shell: echo made > /srv/app/marker
            args:
              creates: /srv/app/marker
      """;

  @RegisterExtension static final FreshHosts hosts = FreshHosts.named("files-check", "files-run");

  @TempDir Path dir;

  private TestbedRun on(TargetHost host) throws Exception {
    return TestbedRun.in(dir, host)
        .file(
            "site.conf.mustache",
            "{{#sites}}server { listen {{ port }}; server_name {{ name }}; }\n{{/sites}}")
        .file("static/css/app.css", "body { color: black; }\n")
        .file("static/index.html", "<h1>hello</h1>\n");
  }

  @Test
  void checkModeOnAFreshHostPredictsAndChangesNothing() throws Exception {
    String before =
        hosts.fresh().out("ls -la /srv; test -e /srv/app && echo present || echo absent");
    TestbedRun.Result check = on(hosts.fresh()).check(true).run(PLAYBOOK);
    assertThat(check.failed()).isZero();
    assertThat(check.changed()).isEqualTo(7);
    // creates: names a file that is not there, so the command would run: changed, as Ansible's
    assertThat(check.status("Marker made once")).isEqualTo(Status.CHANGED);
    assertThat(hosts.fresh().out("ls -la /srv; test -e /srv/app && echo present || echo absent"))
        .isEqualTo(before);
    assertThat(check.console())
        .contains("+SECRET=s3cr3t")
        .contains("+server { listen 8081; server_name blog; }")
        .contains("+state: directory")
        .contains("+mode: 0750");
  }

  @Test
  void aRunConvergesAndASecondChangesNothing() throws Exception {
    TestbedRun.Result first = on(hosts.used()).run(PLAYBOOK);
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.changed()).isEqualTo(7);
    assertThat(hosts.used().out("stat -c '%U %G %a' /srv/app /srv/app/.env"))
        .isEqualTo("www-data www-data 750\nwww-data root 600\n");
    // as Ansible's file module: a parent it makes gets the task's mode and owner too
    assertThat(hosts.used().out("stat -c '%n %U %a' /srv/nested /srv/nested/a"))
        .isEqualTo("/srv/nested www-data 700\n/srv/nested/a www-data 700\n");
    assertThat(hosts.used().out("cat /srv/app/site.conf"))
        .isEqualTo(
            "server { listen 8081; server_name blog; }\nserver { listen 8082; server_name shop; }\n");
    assertThat(hosts.used().out("cat /srv/app/static/css/app.css"))
        .isEqualTo("body { color: black; }\n");
    assertThat(hosts.used().out("readlink /srv/current")).isEqualTo("/srv/app\n");
    assertThat(hosts.used().out("ls -a /srv/app | grep -c ploy-tmp || true").strip())
        .isEqualTo("0");
    // copy and template report the file they wrote as Ansible's do (ansible-core's template
    // target asserts these keys): its ids, owner and group read after the write, its md5sum
    assertThat(first.task("Environment file").data())
        .containsEntry("owner", "www-data")
        .containsEntry("group", "root")
        .containsEntry("uid", 33L)
        .containsEntry("gid", 0L)
        .containsEntry("md5sum", "0e8d6db7bfb97e6cdc41176e4a59f3ad")
        .containsEntry("size", 14L);
    assertThat(first.task("Site configuration").data())
        .containsKeys("owner", "group", "uid", "gid", "md5sum", "checksum", "mode", "src");

    TestbedRun.Result again = on(hosts.used()).run(PLAYBOOK);
    again.assertConverged();
    assertThat(again.task("Site configuration").data())
        .containsEntry("path", "/srv/app/site.conf")
        .containsEntry("owner", "root")
        .containsEntry("uid", 0L)
        .containsEntry("gid", 0L)
        .doesNotContainKey("md5sum");
    fileReportsThePathAsAnsibleDoesAndHardLinksIntoADirectory(first);
  }

  /** Runs after {@link #aRunConvergesAndASecondChangesNothing}'s runs, on its host. */
  private void fileReportsThePathAsAnsibleDoesAndHardLinksIntoADirectory(TestbedRun.Result first)
      throws Exception {
    // as ansible-core 2.14's file module (recorded with ansible-playbook -v): the path's own
    // uid, gid, owner, group, mode, state and size after the change; links and touch say dest
    assertThat(first.task("Application directory").data())
        .containsEntry("path", "/srv/app")
        .containsEntry("uid", 33L)
        .containsEntry("gid", 33L)
        .containsEntry("owner", "www-data")
        .containsEntry("group", "www-data")
        .containsEntry("mode", "0750")
        .containsEntry("state", "directory")
        .containsEntry("size", 4096L);
    assertThat(first.task("Current link").data())
        .containsEntry("dest", "/srv/current")
        .containsEntry("src", "/srv/app")
        .containsEntry("mode", "0777")
        .containsEntry("state", "link")
        .containsEntry("size", 8L)
        .doesNotContainKey("path");

    TestbedRun.Result more =
        on(hosts.used())
            .run(
                """
                - hosts: all
                  remote_user: deploy
                  become: true
                  tasks:
                    - name: Hard link asked at a directory
                      ansible.builtin.file: {src: /srv/app/.env, dest: /srv/app/static, state: hard}
                    - name: Mode only checked
                      ansible.builtin.file: {path: /srv/app/.env, mode: "0644", owner: "0"}
                      check_mode: true
                """);
    assertThat(more.failed()).as(more.console()).isZero();
    // as Ansible: the link is made in the directory, named as its source
    assertThat(more.task("Hard link asked at a directory").data())
        .containsEntry("dest", "/srv/app/static/.env")
        .containsEntry("state", "hard")
        .containsEntry("uid", 33L)
        .containsEntry("mode", "0600");
    assertThat(hosts.used().out("stat -c '%h %U' /srv/app/static/.env")).isEqualTo("2 www-data\n");
    // check mode reports the path as it is, not as it would be (Ansible's add_path_info)
    assertThat(more.status("Mode only checked")).isEqualTo(Status.CHANGED);
    assertThat(more.task("Mode only checked").data())
        .containsEntry("mode", "0600")
        .containsEntry("owner", "www-data")
        .containsEntry("uid", 33L)
        .containsEntry("state", "hard");
    assertThat(hosts.used().out("stat -c '%a %U' /srv/app/.env")).isEqualTo("600 www-data\n");
  }
}
