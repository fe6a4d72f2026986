package dev.ploy.modules.hostile;

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
 * Hostile values in docker_container, docker_image and docker_compose arguments, against a docker
 * engine inside a real target: values starting with '-', and with ';', {@code $(...)}, backticks
 * and a newline. One container takes them all literally (its command, environment, labels and a
 * bind mount); paths and ports named like options fail cleanly; nothing runs as an option or shell.
 */
class DockerValuesOverSshTest {
  static final List<Row> ROWS =
      List.of(
          new Row(
              "image",
              "community.docker.docker_image: {name: site, tag: '1', source: build,"
                  + " build: {path: /srv/site}}",
              Status.CHANGED,
              null),
          new Row(
              "container",
              "community.docker.docker_container:\n"
                  + "  name: hostile\n"
                  + "  image: site:1\n"
                  + "  entrypoint: [/bin/busybox]\n"
                  + "  command: [echo, '{{ help }}', '{{ sub }}']\n"
                  + "  env: {EVIL: '{{ sub }}', DASH: '{{ help }}'}\n"
                  + "  labels: {evil: '{{ sub }}', dash: '{{ rf }}'}\n"
                  + "  volumes: ['/srv/{{ semi }}:/data:ro']",
              Status.CHANGED,
              null),
          new Row(
              "container ports -rf",
              "community.docker.docker_container: {name: p1, image: site:1, ports: ['{{ rf }}']}",
              Status.FAILED,
              "published_ports: '-rf' is not [IP:][HOST_PORT:]CONTAINER_PORT"),
          new Row(
              "container volumes -rf",
              "community.docker.docker_container: {name: v1, image: site:1, volumes: ['{{ rf }}']}",
              Status.FAILED,
              "volumes: '-rf' is not SOURCE:/PATH[:MODE]"),
          new Row(
              "container entrypoint --privileged",
              "community.docker.docker_container: {name: e1, image: site:1,"
                  + " entrypoint: ['{{ privileged }}']}",
              Status.FAILED,
              "exec: \"--privileged\": executable file not found"),
          new Row(
              "image build path -rf",
              "community.docker.docker_image: {name: b1, source: build, build: {path: '{{ rf }}'}}",
              Status.FAILED,
              "path \"./-rf\" not found"),
          new Row(
              "image load_path -rf",
              "community.docker.docker_image: {name: l1, source: load, load_path: '{{ rf }}'}",
              Status.FAILED,
              "open -rf: no such file or directory"),
          new Row(
              "compose project_src -rf",
              "community.docker.docker_compose: {project_src: '{{ rf }}'}",
              Status.FAILED,
              "project_name: '-rf' is not a compose project name"));

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    host = Testbed.withDocker("docker-values");
    host.out(
        """
        set -e
        mkdir -p /srv/site
        cp /bin/busybox /srv/site/busybox
        printf 'FROM scratch\\nCOPY busybox /bin/busybox\\n' > /srv/site/Dockerfile
        """);
  }

  @Test
  void hostileValuesFailCleanlyOrAreTakenLiterally() throws Exception {
    String playbook =
        TaskTable.playbook(
            """
                - hosts: all
                  gather_facts: false
                  tasks:
                """,
            ROWS);
    TestbedRun.Result run =
        TestbedRun.in(dir, host)
            .vars(
                Map.of(
                    "help", "--help",
                    "rf", "-rf",
                    "privileged", "--privileged",
                    "sub", "$(touch /tmp/pwned);x\n`touch /tmp/pwned`",
                    "semi", "$(touch /tmp/pwned);x`touch /tmp/pwned`"))
            .run(playbook);

    TaskTable.check(run, ROWS);
    String sub = "$(touch /tmp/pwned);x\n`touch /tmp/pwned`";
    // nothing ran as shell, on the target or in a container
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    // the container holds every value as given, and its command received them as arguments
    assertThat(host.out("docker inspect -f '{{range .Config.Cmd}}{{println .}}{{end}}' hostile"))
        .isEqualTo("echo\n--help\n" + sub + "\n\n");
    assertThat(host.out("docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' hostile"))
        .contains("EVIL=" + sub + "\n", "DASH=--help\n");
    assertThat(host.out("docker inspect -f '{{index .Config.Labels \"evil\"}}' hostile"))
        .isEqualTo(sub + "\n");
    assertThat(host.out("docker inspect -f '{{index .Config.Labels \"dash\"}}' hostile"))
        .isEqualTo("-rf\n");
    assertThat(
            host.out(
                "docker inspect -f '{{range .Mounts}}{{.Source}} {{.Destination}} {{.RW}}{{end}}'"
                    + " hostile"))
        .isEqualTo("/srv/$(touch /tmp/pwned);x`touch /tmp/pwned` /data false\n");
    assertThat(host.out("docker logs hostile")).isEqualTo("--help " + sub + "\n");
    // an entrypoint named like an option is the program, never docker's --privileged
    assertThat(
            host.out(
                "docker inspect -f '{{json .Config.Entrypoint}} {{.HostConfig.Privileged}}' e1"))
        .isEqualTo("[\"--privileged\"] false\n");
    // the refused ones made nothing
    assertThat(host.out("docker ps -a --format '{{.Names}}' | sort")).isEqualTo("e1\nhostile\n");
    assertThat(host.out("docker images --format '{{.Repository}}'")).isEqualTo("site\n");
  }
}
