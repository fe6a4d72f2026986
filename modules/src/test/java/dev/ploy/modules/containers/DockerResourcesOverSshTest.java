package dev.ploy.modules.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker_volume, docker_network and docker_container_exec against a docker engine inside a fresh
 * Debian target: check mode predicts exactly and touches nothing, the run changes, a second run
 * changes nothing, --diff shows the change, hostile values stay data.
 */
class DockerResourcesOverSshTest {
  /** A value that would run commands if a shell ever read it, with a newline and quotes. */
  static final String SUB = "$(touch /tmp/pwned);x\n`touch /tmp/pwned`'\"";

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.withDocker("docker-res");
    host.out(
        """
        set -e
        mkdir -p /srv/box
        cp /bin/busybox /srv/box/busybox
        printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nCMD ["/bin/busybox", "sleep", "3600"]\\n' \\
          > /srv/box/Dockerfile
        docker build -q -t box /srv/box
        """);
  }

  /** Starts containers of the box image (they sleep), for networks to connect. */
  private static void containers(String... names) {
    for (String name : names) {
      host.out("docker run -d --name " + name + " box >/dev/null");
    }
  }

  private static String connected(String network) {
    return host.out(
        "docker network inspect -f '{{range .Containers}}{{.Name}} {{end}}' "
            + network
            + " | tr ' ' '\\n' | sort | xargs");
  }

  /** Each test starts from a docker with no containers, and none of the tests' volumes. */
  @BeforeEach
  void clean() {
    host.out(
        "docker rm -f $(docker ps -aq) >/dev/null 2>&1; docker volume prune -f >/dev/null;"
            + " docker network prune -f >/dev/null; rm -f /tmp/pwned; true");
  }

  private TestbedRun.Result run(boolean check, String tasks) throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .vars(Map.of("sub", SUB, "help", "--help"))
        .run("- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks.indent(4));
  }

  private static String volume(String state, String labels, String recreate) {
    return """
        - name: volume
          community.docker.docker_volume:
            name: data
            state: %s
            labels: %s
            driver_options: {type: tmpfs, device: tmpfs, o: size=8m}
            recreate: %s
        """
        .formatted(state, labels, recreate);
  }

  @Test
  void volumeConvergesAndIsRecreatedOnlyWhenAsked() throws Exception {
    String blue = volume("present", "{color: blue}", "never");
    TestbedRun.Result check = run(true, blue);
    assertThat(check.status("volume")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("exists: false").contains("exists: true");
    assertThat(host.sh("docker volume inspect data").rc()).isNotZero();

    TestbedRun.Result first = run(false, blue);
    assertThat(first.status("volume")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(first.task("volume").data().get("volume").toString()).contains("Name=data");
    assertThat(host.out("docker volume inspect -f '{{.Labels.color}} {{.Options.type}}' data"))
        .isEqualTo("blue tmpfs\n");
    run(false, blue).assertConverged();

    // another label: left alone unless recreate says otherwise (its creation time tells)
    run(false, volume("present", "{color: green}", "never")).assertConverged();

    String green = volume("present", "{color: green}", "options-changed");
    TestbedRun.Result predicted = run(true, green);
    assertThat(predicted.status("volume")).isEqualTo(Status.CHANGED);
    assertThat(predicted.console())
        .contains("labels.color: blue")
        .contains("labels.color: green")
        .contains("recreated");
    assertThat(host.out("docker volume inspect -f '{{.Labels.color}}' data")).isEqualTo("blue\n");
    String created = host.out("docker volume inspect -f '{{.CreatedAt}}' data");
    Thread.sleep(1100);
    assertThat(run(false, green).changed()).isOne();
    assertThat(host.out("docker volume inspect -f '{{.Labels.color}}' data")).isEqualTo("green\n");
    assertThat(host.out("docker volume inspect -f '{{.CreatedAt}}' data")).isNotEqualTo(created);
    run(false, green).assertConverged();

    String always = volume("present", "{color: green}", "always");
    assertThat(run(false, always).changed()).isOne();
    assertThat(run(false, always).changed()).isOne();

    String absent = volume("absent", "{color: green}", "never");
    TestbedRun.Result removal = run(true, absent);
    assertThat(removal.status("volume")).isEqualTo(Status.CHANGED);
    assertThat(host.sh("docker volume inspect data").rc()).isZero();
    assertThat(run(false, absent).changed()).isOne();
    assertThat(host.sh("docker volume inspect data").rc()).isNotZero();
    run(false, absent).assertConverged();
  }

  @Test
  void volumeValuesStayData() throws Exception {
    TestbedRun.Result run =
        run(
            false,
            """
            - name: shell in the name
              docker_volume: {name: "{{ sub }}"}
              ignore_errors: true
            - name: option as the name
              docker_volume: {name: "{{ help }}"}
              ignore_errors: true
            - name: option as the driver
              docker_volume: {name: v1, driver: "{{ help }}"}
              ignore_errors: true
            - name: hostile labels and options
              docker_volume:
                name: v2
                labels: {evil: "{{ sub }}", dash: "{{ help }}"}
            """);
    assertThat(run.status("shell in the name")).isEqualTo(Status.FAILED);
    assertThat(run.task("shell in the name").message()).contains("is not a volume name");
    assertThat(run.status("option as the name")).isEqualTo(Status.FAILED);
    assertThat(run.status("option as the driver")).isEqualTo(Status.FAILED);
    assertThat(run.status("hostile labels and options"))
        .as(run.console())
        .isEqualTo(Status.CHANGED);
    assertThat(host.out("docker volume inspect -f '{{.Labels.evil}}|{{.Labels.dash}}' v2"))
        .isEqualTo(SUB + "|--help\n");
    assertThat(host.out("docker volume ls -q")).isEqualTo("v2\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    run(false, "- docker_volume: {name: v2, labels: {evil: \"{{ sub }}\"}}\n").assertConverged();
  }

  private static String network(String connected, String extra) {
    return """
        - name: network
          community.docker.docker_network:
            name: appnet
            ipam_config:
              - subnet: 172.30.5.0/24
                gateway: 172.30.5.1
            labels: {tier: app}
            connected: %s
        %s"""
        .formatted(connected, extra.indent(4));
  }

  @Test
  void networkConvergesConnectsAndIsRecreatedOnAChange() throws Exception {
    containers("c1", "c2");
    String one = network("[c1]", "internal: true");
    TestbedRun.Result check = run(true, one);
    assertThat(check.status("network")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("exists: true").contains("connected.c1: true");
    assertThat(host.sh("docker network inspect appnet").rc()).isNotZero();

    TestbedRun.Result first = run(false, one);
    assertThat(first.status("network")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(
            host.out(
                "docker network inspect -f '{{.Internal}} {{range .IPAM.Config}}{{.Subnet}}"
                    + " {{.Gateway}}{{end}} {{.Labels.tier}}' appnet"))
        .isEqualTo("true 172.30.5.0/24 172.30.5.1 app\n");
    assertThat(connected("appnet")).isEqualTo("c1\n");
    String id = host.out("docker network inspect -f '{{.Id}}' appnet");
    run(false, one).assertConverged();

    // connected is the whole list: c2 in, c1 out
    String two = network("[c2]", "internal: true");
    TestbedRun.Result swap = run(true, two);
    assertThat(swap.console()).contains("connected.c2: true").contains("connected.c1: false");
    assertThat(connected("appnet")).isEqualTo("c1\n");
    assertThat(run(false, two).changed()).isOne();
    assertThat(connected("appnet")).isEqualTo("c2\n");
    run(false, two).assertConverged();

    // appends leaves the others connected
    String append = network("[c1]", "internal: true\nappends: true");
    assertThat(run(false, append).changed()).isOne();
    assertThat(connected("appnet")).isEqualTo("c1 c2\n");
    run(false, append).assertConverged();
    assertThat(host.out("docker network inspect -f '{{.Id}}' appnet")).isEqualTo(id);

    // another setting recreates the network; an empty connected keeps its containers
    String open = network("[]", "internal: false");
    TestbedRun.Result predicted = run(true, open);
    assertThat(predicted.console())
        .contains("internal: true")
        .contains("internal: false")
        .contains("recreated");
    assertThat(host.out("docker network inspect -f '{{.Id}}' appnet")).isEqualTo(id);
    assertThat(run(false, open).changed()).isOne();
    assertThat(host.out("docker network inspect -f '{{.Id}} {{.Internal}}' appnet"))
        .doesNotContain(id.strip())
        .endsWith("false\n");
    assertThat(connected("appnet")).isEqualTo("c1 c2\n");
    run(false, open).assertConverged();

    String absent = "- name: network\n  docker_network: {name: appnet, state: absent}\n";
    TestbedRun.Result removal = run(true, absent);
    assertThat(removal.console()).contains("exists: true").contains("connected.c1: true");
    assertThat(host.sh("docker network inspect appnet").rc()).isZero();
    assertThat(run(false, absent).changed()).isOne();
    assertThat(host.sh("docker network inspect appnet").rc()).isNotZero();
    run(false, absent).assertConverged();
  }

  @Test
  void networkValuesStayData() throws Exception {
    containers("c1");
    TestbedRun.Result run =
        run(
            false,
            """
            - name: shell in the name
              docker_network: {name: "{{ sub }}"}
              ignore_errors: true
            - name: option as a container
              docker_network: {name: n1, connected: ["{{ help }}"]}
              ignore_errors: true
            - name: option as the subnet
              docker_network: {name: n1, ipam_config: [{subnet: "{{ help }}"}]}
              ignore_errors: true
            - name: option as the gateway
              docker_network: {name: n1, ipam_config: [{subnet: 10.9.0.0/24, gateway: "{{ help }}"}]}
              ignore_errors: true
            - name: hostile labels and a container that is not there
              docker_network:
                name: n2
                labels: {evil: "{{ sub }}", dash: "{{ help }}"}
                connected: ["{{ sub | regex_replace('[^a-z]', '') }}"]
              ignore_errors: true
            - name: hostile labels
              docker_network:
                name: n3
                labels: {evil: "{{ sub }}", dash: "{{ help }}"}
                connected: [c1]
            """);
    assertThat(run.task("shell in the name").message()).contains("is not a network name");
    assertThat(run.status("option as a container")).isEqualTo(Status.FAILED);
    assertThat(run.task("option as the subnet").message()).contains("is not a valid CIDR");
    assertThat(run.task("option as the gateway").message()).contains("is not an address");
    assertThat(run.status("hostile labels and a container that is not there"))
        .isEqualTo(Status.FAILED);
    assertThat(run.status("hostile labels")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("docker network inspect -f '{{.Labels.evil}}|{{.Labels.dash}}' n3"))
        .isEqualTo(SUB + "|--help\n");
    assertThat(connected("n3")).isEqualTo("c1\n");
    assertThat(host.out("docker network ls -q --filter name=n1 | wc -l").strip()).isEqualTo("0");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
  }

  @Test
  void execRunsInTheContainerFailsOnANonZeroExitAndIsSkippedInCheckMode() throws Exception {
    containers("c1");
    String exec =
        """
        - name: exec
          community.docker.docker_container_exec:
            container: c1
            argv:
              - /bin/busybox
              - sh
              - -c
              - 'echo "$GREETING" > marker; echo out; echo err >&2; exit 3'
            chdir: /bin
            env: {GREETING: "{{ sub }}"}
          register: done
          ignore_errors: true
        - name: keep what it said
          copy:
            dest: /tmp/exec.txt
            content: "{{ done.rc }}|{{ done.stdout }}|{{ done.stderr }}"
          when: done is not skipped
        """;
    TestbedRun.Result check = run(true, exec);
    assertThat(check.status("exec")).as(check.console()).isEqualTo(Status.SKIPPED);
    assertThat(host.sh("docker exec c1 /bin/busybox test -e /bin/marker").rc()).isNotZero();

    // a non-zero exit fails the task, as Ansible fails a result whose rc is not 0
    TestbedRun.Result first = run(false, exec);
    assertThat(first.status("exec")).as(first.console()).isEqualTo(Status.FAILED);
    assertThat(first.task("exec").message()).isEqualTo("non-zero return code");
    assertThat(host.out("cat /tmp/exec.txt")).isEqualTo("3|out|err");
    assertThat(host.out("docker exec c1 /bin/busybox cat /bin/marker")).isEqualTo(SUB + "\n");
    String zero = exec.replace("exit 3", "exit 0");
    assertThat(run(false, zero).status("exec")).isEqualTo(Status.CHANGED);
    assertThat(run(false, zero).status("exec")).as("always changed").isEqualTo(Status.CHANGED);
    assertThat(host.out("cat /tmp/exec.txt")).isEqualTo("0|out|err");

    TestbedRun.Result words =
        run(
            false,
            """
            - name: command split as a shell would, stdin, user
              docker_container_exec:
                container: c1
                command: /bin/busybox sh -c 'cat; /bin/busybox id -u; echo "$0"' "{{ help }}"
                stdin: "{{ sub }}"
                user: "65534"
              register: said
            - name: option-like and shell words stay arguments
              docker_container_exec:
                container: c1
                argv: [/bin/busybox, echo, "{{ help }}", "{{ sub }}"]
                strip_empty_ends: false
              register: echoed
            - copy: {dest: /tmp/said.txt, content: "{{ said.stdout }}"}
            - copy: {dest: /tmp/echoed.txt, content: "{{ echoed.stdout }}"}
            """);
    assertThat(words.failed()).as(words.console()).isZero();
    assertThat(host.out("cat /tmp/said.txt")).isEqualTo(SUB + "\n65534\n--help");
    assertThat(host.out("cat /tmp/echoed.txt")).isEqualTo("--help " + SUB + "\n");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
  }

  @Test
  void execFailsOnAMissingOrStoppedContainerAndRefusesOptions() throws Exception {
    containers("c1");
    host.out("docker stop -t 0 c1 >/dev/null");
    TestbedRun.Result run =
        run(
            false,
            """
            - name: missing
              docker_container_exec: {container: nope, argv: [/bin/busybox, "true"]}
              ignore_errors: true
            - name: stopped
              docker_container_exec: {container: c1, argv: [/bin/busybox, "true"]}
              ignore_errors: true
            - name: option as the container
              docker_container_exec: {container: "{{ help }}", argv: [/bin/busybox, "true"]}
              ignore_errors: true
            - name: number in env
              docker_container_exec: {container: c1, argv: [/bin/busybox, "true"], env: {N: 1}}
              ignore_errors: true
            """);
    assertThat(run.task("missing").message()).isEqualTo("Could not find container \"nope\"");
    assertThat(run.task("stopped").message()).contains("is not running");
    assertThat(run.task("option as the container").message()).contains("cannot start with '-'");
    assertThat(run.task("number in env").message()).contains("Non-string value found for env");
  }
}
