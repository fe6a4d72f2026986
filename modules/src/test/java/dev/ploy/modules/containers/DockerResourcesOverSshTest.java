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
 * docker_volume against a docker engine inside a fresh Debian target: check mode predicts exactly
 * and touches nothing, the run changes, a second run changes nothing, --diff shows the change,
 * hostile values stay data.
 */
class DockerResourcesOverSshTest {
  /** A value that would run commands if a shell ever read it, with a newline and quotes. */
  static final String SUB = "$(touch /tmp/pwned);x\n`touch /tmp/pwned`'\"";

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.withDocker("docker-res");
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
}
