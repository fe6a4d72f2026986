package dev.ploy.modules.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.AnsibleRun;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * community.docker's docker_volume, docker_network and docker_container_exec run by
 * ansible-playbook (with Debian's python3-docker on its host) against one fresh docker host and by
 * ploy against another, from the same starting state: the volumes, networks and connections they
 * leave must be the same.
 */
class DockerSideBySideTest {
  /** What both hosts hold first: two sleeping containers, a volume and networks to change. */
  private static final String SETUP =
      """
      set -e
      mkdir -p /srv/box
      cp /bin/busybox /srv/box/busybox
      printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nCMD ["/bin/busybox", "sleep", "3600"]\\n' \\
        > /srv/box/Dockerfile
      docker build -q -t box /srv/box >/dev/null
      docker run -d --name c1 box >/dev/null
      docker run -d --name c2 box >/dev/null
      docker volume create gone >/dev/null
      docker volume create --label color=red kept >/dev/null
      docker network create oldnet >/dev/null
      docker network connect oldnet c2
      docker network create --label tier=web swap >/dev/null
      docker network connect swap c2
      docker network create --internal reshaped >/dev/null
      docker network connect reshaped c1
      """;

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: A new volume with options and labels
            community.docker.docker_volume:
              name: data
              driver_options: {type: tmpfs, device: tmpfs, o: size=8m}
              labels: {color: blue}
          - name: A volume removed
            community.docker.docker_volume:
              name: gone
              state: absent
          - name: A volume whose labels differ, recreated
            community.docker.docker_volume:
              name: kept
              labels: {color: green}
              recreate: options-changed
          - name: A new internal network with a pool and a container
            community.docker.docker_network:
              name: appnet
              internal: true
              ipam_config:
                - subnet: 172.30.5.0/24
                  gateway: 172.30.5.1
                  iprange: 172.30.5.128/25
              labels: {tier: app}
              connected: [c1]
          - name: A network removed with its container
            community.docker.docker_network:
              name: oldnet
              state: absent
          - name: A network's containers swapped
            community.docker.docker_network:
              name: swap
              connected: [c1]
          - name: A network whose settings differ, recreated with its containers
            community.docker.docker_network:
              name: reshaped
              internal: false
              labels: {tier: db}
          - name: A command in a container
            community.docker.docker_container_exec:
              container: c1
              argv: [/bin/busybox, sh, -c, 'echo "$GREETING" > marker; echo out; echo err >&2; exit 3']
              chdir: /bin
              env: {GREETING: "it's $(not run)"}
            register: done
            ignore_errors: true
          - name: What the command said
            ansible.builtin.copy:
              dest: /srv/exec.txt
              content: "{{ done.rc }}|{{ done.stdout }}|{{ done.stderr }}|{{ done.failed }}"
            when: done is not skipped
      """;

  /** The docker objects of a host, one line each, in a stable order. */
  private static final String STATE =
      """
      cat /srv/exec.txt 2>/dev/null; echo
      docker exec c1 /bin/busybox cat /bin/marker 2>/dev/null
      for v in $(docker volume ls -q | sort); do
        docker volume inspect -f '{{.Name}} {{.Driver}} {{json .Labels}} {{json .Options}}' "$v"
      done
      for n in $(docker network ls --filter type=custom --format '{{.Name}}' | sort); do
        docker network inspect -f \
          '{{.Name}} {{.Driver}} internal={{.Internal}} {{json .IPAM.Config}} {{json .Labels}}' "$n"
        docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' "$n" | xargs -n1 | sort \
          | xargs echo "  connected:"
      done
      """;

  @TempDir Path dir;

  @Test
  void ployAndAnsibleLeaveTheSameVolumesNetworksAndExecOutput() throws Exception {
    List<TargetHost> hosts = Testbed.withDocker("docker-sbs-ploy", "docker-sbs-ansible");
    TargetHost ploy = hosts.get(0);
    TargetHost ansible = hosts.get(1);
    ansible.aptInstall("python3-docker");
    ploy.out(SETUP);
    ansible.out(SETUP);
    String before = ploy.out(STATE);
    assertThat(ansible.out(STATE)).isEqualTo(before);

    Path ansibleDir = Files.createDirectories(dir.resolve("ansible"));
    AnsibleRun.run(ansibleDir, ansible, PLAYBOOK, Duration.ofMinutes(5));

    Path ployDir = Files.createDirectories(dir.resolve("ploy"));
    TestbedRun.Result check = TestbedRun.in(ployDir, ploy).check(true).run(PLAYBOOK);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(check.changed()).as(check.console()).isEqualTo(7);
    assertThat(check.status("A command in a container")).isEqualTo(Status.SKIPPED);
    assertThat(ploy.out(STATE)).as("check mode changes nothing").isEqualTo(before);
    TestbedRun.Result run = TestbedRun.in(ployDir, ploy).run(PLAYBOOK);
    assertThat(run.status("A command in a container")).as(run.console()).isEqualTo(Status.FAILED);
    assertThat(run.status("What the command said")).isEqualTo(Status.CHANGED);

    String state = ploy.out(STATE);
    assertThat(state).isEqualTo(ansible.out(STATE));
    assertThat(state)
        .contains("data local {\"color\":\"blue\"}")
        .contains("kept local {\"color\":\"green\"}")
        .doesNotContain("gone")
        .doesNotContain("oldnet")
        .startsWith("3|out|err|True\nit's $(not run)\n");
    // the command runs (and fails) again, as the collection's module always runs it; nothing else
    // changes
    TestbedRun.Result again = TestbedRun.in(ployDir, ploy).run(PLAYBOOK);
    for (String task : again.byTask().keySet()) {
      if (!task.isEmpty() && !task.equals("A command in a container")) {
        assertThat(again.status(task)).as(again.console()).isEqualTo(Status.OK);
      }
    }
    assertThat(again.status("A command in a container")).isEqualTo(Status.FAILED);
  }
}
