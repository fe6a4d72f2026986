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
 * docker_compose's pull and docker_compose_v2 against a docker engine inside a fresh target.
 *
 * <p>No registry is reachable from here, so the target runs its own: Debian's docker-registry,
 * listening on 127.0.0.1:5000 inside the target. The stack's image is localhost:5000/site:1. A new
 * release is published as an update would find it: a v2 image is built, pushed under the same tag,
 * and the target's local tag is put back on v1; only a pull can then bring v2.
 */
class ComposePullOverSshTest {
  private static final String IMAGE = "localhost:5000/site:1";

  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.withDocker("docker-compose");
    host.aptInstall("docker-registry");
    host.out(
        """
        set -e
        printf 'version: 0.1\\nstorage:\\n  filesystem:\\n    rootdirectory: /var/lib/docker-registry\\nhttp:\\n  addr: 127.0.0.1:5000\\n' \\
          > /etc/docker/registry/config.yml
        systemctl restart docker-registry
        mkdir -p /srv/site/www /srv/stack
        cp /bin/busybox /srv/site/busybox
        cat > /srv/site/Dockerfile <<'EOF'
        FROM scratch
        COPY busybox /bin/busybox
        COPY www /www
        CMD ["/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"]
        EOF
        cat > /srv/stack/docker-compose.yml <<'EOF'
        version: "3"
        services:
          app:
            image: localhost:5000/site:1
            ports: ["80:80"]
        EOF
        """);
  }

  /** Each test starts with v1 in the registry and on the target, and no stack. */
  @BeforeEach
  void v1() {
    host.out("docker rm -f $(docker ps -aq) >/dev/null 2>&1; true");
    release("v1");
    host.out("docker tag site:v1 " + IMAGE + " && docker push -q " + IMAGE + " >/dev/null");
  }

  /** Builds site:NAME whose page says NAME. */
  private static void release(String name) {
    host.out(
        "echo 'site "
            + name
            + "' > /srv/site/www/index.html && docker build -q -t site:"
            + name
            + " /srv/site >/dev/null");
  }

  /**
   * Publishes a new image under the stack's tag in the registry, leaving the target's tag alone.
   */
  private static void publish(String name) {
    release(name);
    host.out(
        "docker tag site:"
            + name
            + " "
            + IMAGE
            + " && docker push -q "
            + IMAGE
            + " >/dev/null && docker tag site:v1 "
            + IMAGE);
  }

  private static String localImage() {
    return host.out("docker image inspect -f '{{.Id}}' " + IMAGE).strip();
  }

  private static String imageOf(String name) {
    return host.out("docker image inspect -f '{{.Id}}' site:" + name).strip();
  }

  private static String page() {
    return host.out("curl -s --retry 20 --retry-delay 1 --retry-all-errors http://127.0.0.1/");
  }

  private TestbedRun.Result run(boolean check, String tasks) throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .vars(Map.of("help", "--help", "sub", "$(touch /tmp/pwned);x"))
        .run("- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks.indent(4));
  }

  @Test
  void pullFetchesTheNewImageOfAnUpdateAndRecreatesItsService() throws Exception {
    String pull = "- name: stack\n  docker_compose: {project_src: /srv/stack, pull: true}\n";
    TestbedRun.Result first = run(false, pull);
    assertThat(first.status("stack")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(page()).contains("site v1");
    run(false, pull).assertConverged();

    publish("v2");
    assertThat(localImage()).isEqualTo(imageOf("v1"));
    TestbedRun.Result predicted = run(true, pull);
    assertThat(predicted.status("stack")).as(predicted.console()).isEqualTo(Status.CHANGED);
    assertThat(predicted.console())
        .contains("image " + IMAGE)
        .contains("(pulled)")
        .contains("service app")
        .contains("recreated");
    assertThat(localImage()).as("check mode pulls nothing").isEqualTo(imageOf("v1"));
    assertThat(page()).contains("site v1");

    // without pull, the new image is not looked for
    run(false, "- docker_compose: {project_src: /srv/stack}\n").assertConverged();

    TestbedRun.Result update = run(false, pull);
    assertThat(update.status("stack")).as(update.console()).isEqualTo(Status.CHANGED);
    assertThat(localImage()).isEqualTo(imageOf("v2"));
    assertThat(page()).contains("site v2");
    run(false, pull).assertConverged();
  }

  @Test
  void pullNeverFailsOnAMissingImageAndPullOptionsAreChecked() throws Exception {
    host.out(
        "mkdir -p /srv/other && printf 'version: \"3\"\\nservices:\\n  web:\\n    image:"
            + " localhost:5000/nothere:1\\n' > /srv/other/docker-compose.yml");
    TestbedRun.Result run =
        run(
            false,
            """
            - name: never
              docker_compose: {project_src: /srv/other, pull: never}
              ignore_errors: true
            - name: always, not in the registry
              docker_compose: {project_src: /srv/other, pull: always}
              ignore_errors: true
            - name: a bad policy
              docker_compose: {project_src: /srv/other, pull: sometimes}
              ignore_errors: true
            """);
    assertThat(run.task("never").message())
        .contains("image localhost:5000/nothere:1 is not on the target");
    assertThat(run.task("always, not in the registry").message())
        .contains("cannot ask the registry for image localhost:5000/nothere:1");
    assertThat(run.task("a bad policy").message()).contains("is not one of");
    assertThat(host.out("docker ps -aq | wc -l").strip()).isEqualTo("0");
  }

  @Test
  void composeV2FallsBackToDockerCompose1WithTheSameSemantics() throws Exception {
    assertThat(host.sh("docker compose version").rc())
        .as("Debian 12 has no Compose v2 plugin: this test proves the docker-compose fallback")
        .isNotZero();
    String up =
        """
        - name: stack
          community.docker.docker_compose_v2:
            project_src: /srv/stack
            state: %s
            pull: always
        """;
    TestbedRun.Result check = run(true, up.formatted("present"));
    assertThat(check.status("stack")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("service app").contains("created, running");
    assertThat(host.out("docker ps -aq | wc -l").strip()).isEqualTo("0");
    TestbedRun.Result first = run(false, up.formatted("present"));
    assertThat(first.status("stack")).as(first.console()).isEqualTo(Status.CHANGED);
    assertThat(page()).contains("site v1");
    run(false, up.formatted("present")).assertConverged();

    publish("v3");
    TestbedRun.Result update = run(false, up.formatted("present"));
    assertThat(update.console()).contains("(pulled)");
    assertThat(page()).contains("site v3");
    run(false, up.formatted("present")).assertConverged();

    TestbedRun.Result stop = run(false, up.formatted("stopped"));
    assertThat(stop.status("stack")).as(stop.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("docker ps -q | wc -l").strip()).isEqualTo("0");
    run(false, up.formatted("stopped")).assertConverged();
    assertThat(run(false, up.formatted("restarted")).status("stack")).isEqualTo(Status.CHANGED);
    assertThat(page()).contains("site v3");

    TestbedRun.Result removal = run(true, up.formatted("absent"));
    assertThat(removal.status("stack")).isEqualTo(Status.CHANGED);
    assertThat(host.out("docker ps -aq | wc -l").strip()).isEqualTo("1");
    assertThat(run(false, up.formatted("absent")).changed()).isOne();
    assertThat(host.out("docker ps -aq | wc -l").strip()).isEqualTo("0");
    run(false, up.formatted("absent")).assertConverged();

    TestbedRun.Result hostile =
        run(
            false,
            """
            - name: option as a service
              docker_compose_v2: {project_src: /srv/stack, services: ["{{ help }}"]}
              ignore_errors: true
            - name: shell in the directory
              docker_compose_v2: {project_src: "/srv/{{ sub }}"}
              ignore_errors: true
            """);
    assertThat(hostile.status("option as a service")).isEqualTo(Status.FAILED);
    assertThat(hostile.task("shell in the directory").message()).contains("is not a directory");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
  }
}
