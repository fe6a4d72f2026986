package dev.ploy.modules.hostile;

import static dev.ploy.modules.hostile.TaskTable.failed;
import static dev.ploy.modules.hostile.TaskTable.row;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Values that start with '-' in every module family, each argument that reaches a command: the task
 * fails with a clear message, or the value is taken literally. Nothing runs as an option (a {@code
 * --reference=} owner copies nobody's owner, {@code --upload-pack=} runs nothing), and paths of
 * type path expand {@code ~} and {@code $VAR} as Ansible does on the target.
 */
class OptionValuesTest {
  static final List<Row> ROWS =
      List.of(
          // files: owner and group are looked up, and reach chown/chgrp only after "--"
          failed(
              "file owner --reference",
              "file: {path: /srv/t/f, owner: '{{ ref }}'}",
              "chown failed: failed to look up user --reference=/srv/t/ref"),
          failed(
              "file owner --help",
              "file: {path: /srv/t/f, owner: '{{ help }}'}",
              "failed to look up user --help"),
          failed(
              "file group --reference",
              "file: {path: /srv/t/f, group: '{{ ref }}'}",
              "chgrp failed: failed to look up group --reference=/srv/t/ref"),
          failed(
              "file recurse owner -rf",
              "file: {path: /srv/t/d, state: directory, recurse: true, owner: '{{ rf }}'}",
              "failed to look up user -rf"),
          failed(
              "link owner --help",
              "file: {path: /srv/t/l, src: /srv/t/f, state: link, owner: '{{ help }}'}",
              "failed to look up user --help"),
          row(
              "link to a file named --help",
              "file: {path: /srv/t/l2, src: '{{ help }}', state: link, force: true}",
              Status.CHANGED),
          row(
              "copy into a relative directory -rf",
              "copy: {content: x, dest: '{{ rf }}/copied'}",
              Status.CHANGED),
          failed(
              "copy owner --help",
              "copy: {content: x, dest: /srv/t/c, owner: '{{ help }}'}",
              "failed to look up user --help"),
          failed(
              "copy group --reference",
              "copy: {content: x, dest: /srv/t/c, group: '{{ ref }}'}",
              "failed to look up group --reference=/srv/t/ref"),
          failed(
              "unarchive owner --reference",
              "unarchive: {src: /srv/t/a.tgz, remote_src: true, dest: /srv/t/x, owner: '{{ ref }}'}",
              "failed to look up user --reference=/srv/t/ref"),
          failed(
              "private key owner --help",
              "openssl_privatekey: {path: /srv/t/k.pem, size: 2048, owner: '{{ help }}'}",
              "failed to look up user --help"),
          refused(
              "unarchive exclude -d",
              "unarchive: {src: /srv/t/a.tgz, remote_src: true, dest: /srv/t/x, exclude: ['{{ rf }}']}",
              "exclude"),
          // system: a relative file named like an option is a file
          row(
              "sysctl file -rf.conf",
              "sysctl: {name: vm.swappiness, value: '10', sysctl_file: '{{ rf }}.conf', reload: false}",
              Status.CHANGED),
          // commands: chdir is a directory, even one named like an option
          row(
              "command chdir -rf",
              "command: {cmd: pwd, chdir: '{{ rf }}'}\nbecome: false",
              Status.CHANGED),
          // users: names go after "--", useradd/groupadd refuse them as names
          failed("user --help", "user: {name: '{{ help }}'}", "--help"),
          failed("group -rf", "group: {name: '{{ rf }}'}", "-rf"),
          failed("user group --help", "user: {name: alice, group: '{{ help }}'}", "--help"),
          failed(
              "authorized_key user --help",
              "authorized_key: {user: '{{ help }}', key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA x'}",
              "--help"),
          // packages, services: their names are checked as names; source, web, containers, net:
          // refused when they would be options
          failed("apt name --help", "apt: {name: '{{ help }}'}", "not a Debian package name"),
          failed("apt names", "apt: {name: [curl, '{{ rf }}']}", "not a Debian package name"),
          failed(
              "systemd --help",
              "systemd: {name: '{{ help }}', state: started}",
              "not a systemd unit name"),
          failed(
              "service -rf",
              "service: {name: '{{ rf }}', state: started}",
              "not a systemd unit name"),
          refused("git repo --upload-pack", "git: {repo: '{{ upload }}', dest: /srv/t/g}", "repo"),
          refused(
              "git version --help",
              "git: {repo: /srv/t/none, dest: /srv/t/g, version: '{{ help }}'}",
              "version"),
          refused(
              "git remote -rf",
              "git: {repo: /srv/t/none, dest: /srv/t/g, remote: '{{ rf }}'}",
              "remote"),
          refused("apache2_module --help", "apache2_module: {name: '{{ help }}'}", "name"),
          failed(
              "docker_container name --rm",
              "docker_container: {name: '{{ rm }}', image: busybox}",
              "is not a container name"),
          refused(
              "docker_container image --privileged",
              "docker_container: {name: web, image: '{{ privileged }}'}",
              "image"),
          refused("docker_image --help", "docker_image: {name: '{{ help }}'}", "name"),
          refused(
              "docker_compose services",
              "docker_compose: {project_src: /srv/t, services: ['{{ help }}']}",
              "services"),
          refused(
              "wait_for host --help",
              "wait_for: {host: '{{ help }}', port: 22, timeout: 1}",
              "host"),
          // net: a URL is curl's URL, never its option
          failed(
              "get_url url --help",
              "get_url: {url: '{{ help }}', dest: /srv/t/gu}",
              "Could not resolve host: --help"),
          failed(
              "uri url --help",
              "uri: {url: '{{ help }}', dest: /srv/t/uri}",
              "Could not resolve host: --help"),
          failed("hostname --help", "hostname: {name: '{{ help }}'}", "not a valid host name"),
          failed("timezone --help", "timezone: {name: '{{ help }}'}", "--help"),
          // scheduling: a job is text; a user is crontab's -u argument
          row(
              "cron job --help",
              "cron: {name: dash, job: '{{ help }}', cron_file: /srv/t/cronf, user: root}",
              Status.CHANGED),
          failed(
              "cron user --help", "cron: {name: dash, job: 'true', user: '{{ help }}'}", "--help"),
          // users: settings passed after their option are its argument, never an option
          failed(
              "user shell --help",
              "user: {name: ushell, shell: '{{ help }}'}",
              "useradd: invalid shell '--help'"),
          row(
              "user comment --help",
              "user: {name: ucomment, comment: '{{ help }}'}",
              Status.CHANGED),
          failed(
              "user comment subst",
              "user: {name: ucsub, comment: '{{ sub }}'}",
              "comment must not contain ':' or a newline"),
          failed(
              "user home -rf",
              "user: {name: uhome, home: '{{ rf }}'}",
              "useradd: invalid home directory '-rf'"),
          failed(
              "user groups --help",
              "user: {name: ugroups, groups: ['{{ help }}']}",
              "Group --help does not exist"),
          // tempfile: the directory is -p's argument, the template an operand after --
          row("tempfile path -rf", "tempfile: {path: '{{ rf }}'}\nbecome: false", Status.CHANGED),
          row(
              "tempfile prefix --help",
              "tempfile: {path: /srv/t/tf, prefix: '{{ help }}'}",
              Status.CHANGED),
          row(
              "tempfile suffix subst",
              "tempfile: {path: /srv/t/tf, suffix: '{{ semi }}'}",
              Status.CHANGED),
          failed("apt deb -rf.deb", "apt: {deb: '{{ rf }}.deb'}", "could not find '-rf.deb'"),
          failed(
              "certbot domains --help",
              "certbot: {domains: ['{{ help }}'], webroot: /srv/t}",
              "'--help' is not a domain name"),
          // names that become file paths may not leave their directory
          failed(
              "timezone traversal",
              "timezone: {name: ../../etc/shadow}",
              "is not a time zone name"),
          failed(
              "certbot cert_name traversal",
              "certbot: {domains: [a.example], cert_name: ../../etc, webroot: /srv/t}",
              "cannot be a directory name"),
          failed(
              "apt_repository filename traversal",
              "apt_repository: {repo: 'deb http://deb.example/ x main', filename: ../../etc/x}",
              "filename must be a plain file name"),
          failed(
              "cron_file traversal",
              "cron: {name: t, job: 'true', user: root, cron_file: ../passwd}",
              "leaves /etc/cron.d"),
          // firewall and site TLS: values ufw, iptables or the server's configuration would
          // read as options or directives
          failed(
              "ufw port --help",
              "ufw: {rule: allow, port: '{{ help }}'}",
              "to_port '--help' is not a port"),
          failed(
              "ufw interface -rf",
              "ufw: {rule: allow, direction: in, interface: '{{ rf }}'}",
              "interface '-rf' is not an interface name"),
          failed(
              "iptables chain --help",
              "iptables: {chain: '{{ help }}', jump: ACCEPT}",
              "argument 'chain' of module iptables cannot start with '-'"),
          failed(
              "iptables negated source --help",
              "iptables: {chain: INPUT, source: '!{{ help }}', jump: ACCEPT}",
              "source '!--help' is not a valid value"),
          failed(
              "nginx_site certificate with a directive",
              "nginx_site: {name: t, content: 'server { listen 443 ssl; }',"
                  + " tls_certificate: '/a.crt;{{ semi }}', tls_key: /a.key}",
              "is not a plain absolute path"),
          // paths of type path expand ~, ~user and $VAR on the target, as Ansible's do
          row("tilde", "file: {path: ~/exp-tilde, state: touch}", Status.CHANGED),
          row("home variable", "file: {path: $HOME/exp-var, state: touch}", Status.CHANGED),
          row("other user", "file: {path: ~deploy/exp-user, state: touch}", Status.CHANGED),
          row("unset variable", "file: {path: /srv/t/$NOPE, state: touch}", Status.CHANGED),
          row("copy to tilde", "copy: {content: x, dest: ~/exp-copy}", Status.CHANGED),
          row(
              "remote archive from a variable",
              "unarchive: {src: $HOME/a.tgz, remote_src: true, dest: ~deploy}",
              Status.CHANGED));

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    host = Testbed.fresh("options");
    host.sh(
        "set -e; mkdir -p /srv/t/d /srv/t/src /srv/t/x; touch /srv/t/f /srv/t/d/inner"
            + "; touch /srv/t/ref; chown nobody:nogroup /srv/t/ref"
            + "; echo hi > /srv/t/src/m; tar -czf /srv/t/a.tgz -C /srv/t/src m"
            + "; cp /srv/t/a.tgz /root/a.tgz"
            + "; mkdir -p /home/deploy/-rf /srv/t/tf; chown deploy: /home/deploy/-rf");
  }

  @Test
  void everyValueStartingWithADashFailsCleanlyOrIsTakenLiterally() throws Exception {
    String playbook = TaskTable.playbook(TaskTable.DEPLOY_BECOMING_ROOT, ROWS);
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .vars(
                Map.of(
                    "ref", "--reference=/srv/t/ref",
                    "help", "--help",
                    "rf", "-rf",
                    "rm", "--rm",
                    "privileged", "--privileged",
                    "upload", "--upload-pack=touch /tmp/pwned",
                    "sub", "$(touch /tmp/pwned);x\n`touch /tmp/pwned`",
                    "semi", "$(id);x`id`"))
            .run(playbook);

    TaskTable.check(run, ROWS);
    // nothing ran as an option: no owner copied, no option-driven program ran
    assertThat(host.out("stat -c %U:%G /srv/t/f /srv/t/d/inner /srv/t/x/m 2>&1"))
        .isEqualTo("root:root\nroot:root\nroot:root\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    assertThat(host.sh("test -e /srv/t/c || test -e /srv/t/gu || test -e /srv/t/uri").rc())
        .isNotZero();
    assertThat(host.sh("getent passwd -- --help || getent group -- -rf || id alice").rc())
        .isNotZero();
    // literal values
    assertThat(host.out("readlink /srv/t/l2")).isEqualTo("--help\n");
    assertThat(run.task("command chdir -rf").data().get("stdout")).isEqualTo("/home/deploy/-rf");
    assertThat(host.out("grep -c -- ' root --help$' /srv/t/cronf")).isEqualTo("1\n");
    assertThat(host.out("cat /home/deploy/-rf.conf")).isEqualTo("vm.swappiness=10\n");
    assertThat(host.out("cat /home/deploy/-rf/copied")).isEqualTo("x");
    assertThat(host.out("getent passwd ucomment | cut -d: -f5")).isEqualTo("--help\n");
    assertThat(host.sh("getent passwd ushell || getent passwd uhome || getent passwd ugroups").rc())
        .isNotZero();
    // tempfile: the prefix and suffix are the name's, taken literally
    assertThat(host.out("ls -A /srv/t/tf | grep -c -e '^--help........$' || true"))
        .isEqualTo("1\n");
    assertThat(host.out("ls -A /srv/t/tf | grep -c -F -e '$(id);x`id`' || true")).isEqualTo("1\n");
    assertThat(host.out("ls -A /home/deploy/-rf | grep -c '^ansible\\.' || true")).isEqualTo("1\n");
    // names that would leave their directory wrote nothing
    assertThat(host.sh("test -e /etc/x.list || grep -q ' root true$' /etc/passwd").rc())
        .isNotZero();
    // expansion where the module runs: become's HOME is root's
    assertThat(
            host.sh(
                    "test -f /root/exp-tilde && test -f /root/exp-var && test -f"
                        + " /home/deploy/exp-user && test -f '/srv/t/$NOPE' && test -f /root/exp-copy"
                        + " && test -f /home/deploy/m")
                .rc())
        .isZero();
  }

  @Test
  void checkModeFailsForAnUnknownOwnerOrGroupAsTheRunWould() throws Exception {
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .check(true)
            .run(
                """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: directory
                      ignore_errors: true
                      file: {path: /srv/t/check-d, state: directory, owner: nosuchuser}
                    - name: copy
                      ignore_errors: true
                      copy: {content: x, dest: /srv/t/check-c, group: nosuchgroup}
                    - name: known owner
                      copy: {content: x, dest: /srv/t/check-k, owner: deploy, group: '0'}
                    - name: absent
                      file: {path: /srv/t/check-a, state: absent, owner: nosuchuser}
                """);
    assertThat(run.task("directory").status()).as(run.console()).isEqualTo(Status.FAILED);
    assertThat(run.task("directory").message())
        .isEqualTo("chown failed: failed to look up user nosuchuser");
    assertThat(run.task("copy").status()).isEqualTo(Status.FAILED);
    assertThat(run.task("copy").message())
        .isEqualTo("chgrp failed: failed to look up group nosuchgroup");
    assertThat(run.task("known owner").status()).isEqualTo(Status.CHANGED);
    assertThat(run.task("absent").status()).isEqualTo(Status.OK);
    assertThat(host.sh("test -e /srv/t/check-d || test -e /srv/t/check-c").rc()).isNotZero();
  }

  /** Refused before the module runs: the argument would be an option of the command. */
  private static Row refused(String name, String task, String argument) {
    return new Row(name, task, Status.FAILED, "argument '" + argument + "' of module ");
  }
}
