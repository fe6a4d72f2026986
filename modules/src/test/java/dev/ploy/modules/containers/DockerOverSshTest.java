package dev.ploy.modules.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker_image, docker_container and docker_compose against a docker engine running inside a real
 * Debian target. Images are built from busybox (no registry): a web server answering on port 80.
 */
class DockerOverSshTest {
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void host() {
    host = Testbed.withDocker("docker");
    host.out(
        """
        set -e
        mkdir -p /srv/site/www /srv/maintenance
        cp /bin/busybox /srv/site/busybox
        echo 'site v1' > /srv/site/www/index.html
        echo 'back soon' > /srv/maintenance/index.html
        cat > /srv/site/Dockerfile <<'EOF'
        FROM scratch
        COPY busybox /bin/busybox
        COPY www /www
        ENV GREETING=from-image
        CMD ["/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"]
        EOF
        """);
  }

  /** Each test starts from a docker with no containers and no site image. */
  @BeforeEach
  void clean() {
    host.out(
        "docker rm -f $(docker ps -aq) >/dev/null 2>&1; docker image rm -f site:1 >/dev/null 2>&1;"
            + " echo 'site v1' > /srv/site/www/index.html; rm -rf /srv/stack /srv/shop; true");
  }

  private TestbedRun.Result run(boolean check, String tasks) throws Exception {
    return TestbedRun.in(dir, host)
        .check(check)
        .run("- hosts: all\n  gather_facts: false\n  tasks:\n" + tasks.indent(4));
  }

  private static String page() {
    return host.out("curl -s --retry 20 --retry-delay 1 --retry-all-errors http://127.0.0.1/");
  }

  private static String image() {
    return """
        - name: image
          community.docker.docker_image:
            name: site
            tag: "1"
            source: build
            build: {path: /srv/site}
        """;
  }

  private static String container(String greeting, String state) {
    return """
        - name: container
          community.docker.docker_container:
            name: web
            image: site:1
            state: %s
            published_ports: ["80:80"]
            env: {GREETING: "%s"}
            restart_policy: unless-stopped
        """
        .formatted(state, greeting);
  }

  private static String containerId() {
    return host.out("docker inspect --format '{{.Id}}' web").strip();
  }

  @Test
  void imageAndContainerConvergeAndAChangeRecreates() throws Exception {
    TestbedRun.Result check = run(true, image() + container("hello", "started"));
    assertThat(check.status("image")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.status("container")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(host.sh("docker image inspect site:1").rc()).isNotZero();

    TestbedRun.Result first = run(false, image() + container("hello", "started"));
    assertThat(first.changed()).as(first.console()).isEqualTo(2);
    assertThat(page()).contains("site v1");
    assertThat(host.out("docker inspect --format '{{json .Config.Env}}' web"))
        .contains("GREETING=hello");
    String id = containerId();
    TestbedRun.Result again = run(false, image() + container("hello", "started"));
    assertThat(again.changed()).as(again.console()).isZero();

    // a changed setting: check mode shows it and touches nothing, the run recreates
    TestbedRun.Result predicted = run(true, container("bonjour", "started"));
    assertThat(predicted.status("container")).isEqualTo(Status.CHANGED);
    assertThat(predicted.console())
        .contains("env GREETING: hello")
        .contains("env GREETING: bonjour");
    assertThat(containerId()).isEqualTo(id);
    assertThat(run(false, container("bonjour", "started")).changed()).isOne();
    assertThat(containerId()).isNotEqualTo(id);
    assertThat(run(false, container("bonjour", "started")).changed()).isZero();

    // a new image under the same tag recreates the container too
    host.out("echo 'site v2' > /srv/site/www/index.html && docker build -q -t site:1 /srv/site");
    TestbedRun.Result newImage = run(false, container("bonjour", "started"));
    assertThat(newImage.status("container")).as(newImage.console()).isEqualTo(Status.CHANGED);
    assertThat(page()).contains("site v2");

    assertThat(run(false, container("bonjour", "stopped")).changed()).isOne();
    assertThat(host.out("docker inspect --format '{{.State.Status}}' web")).contains("exited");
    assertThat(run(false, container("bonjour", "stopped")).changed()).isZero();
    assertThat(run(true, container("bonjour", "started")).changed()).isOne();
    assertThat(host.out("docker inspect --format '{{.State.Status}}' web")).contains("exited");
    assertThat(run(false, container("bonjour", "started")).changed()).isOne();

    assertThat(run(false, container("bonjour", "absent")).changed()).isOne();
    assertThat(host.sh("docker inspect web").rc()).isNotZero();
    assertThat(run(false, container("bonjour", "absent")).changed()).isZero();
  }

  @Test
  void hostileValuesStayData() throws Exception {
    TestbedRun.Result name =
        run(
            false,
            """
            - name: container
              docker_container: {name: "x; touch /tmp/pwned", image: "site:1"}
            """);
    assertThat(name.status("container")).isEqualTo(Status.FAILED);
    assertThat(name.task("container").message()).contains("is not a container name");

    run(false, image());
    TestbedRun.Result env =
        run(
            false,
            """
            - name: container
              docker_container:
                name: quoted
                image: site:1
                state: present
                env: {X: "$(touch /tmp/pwned)'\\"`touch /tmp/pwned`"}
                command: ["/bin/busybox", "sh", "-c", "echo $X"]
            """);
    assertThat(env.status("container")).as(env.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out("docker inspect --format '{{json .Config.Env}}' quoted"))
        .contains("X=$(touch /tmp/pwned)'\\\"`touch /tmp/pwned`");
    assertThat(host.sh("test -e /tmp/pwned").rc()).isNotZero();
    run(false, "- docker_container: {name: quoted, state: absent}\n");
  }

  @Test
  void composeStackWithAMaintenancePageDuringTheUpdate() throws Exception {
    run(false, image());
    TestbedRun.Result file =
        run(
            false,
            """
            - file: {path: /srv/stack, state: directory}
            - copy:
                dest: /srv/stack/docker-compose.yml
                content: |
                  version: "3"
                  services:
                    app:
                      image: site:1
                      ports: ["80:80"]
                      restart: always
            """);
    assertThat(file.failed()).as(file.console()).isZero();
    String stack = "- name: stack\n  community.docker.docker_compose: {project_src: /srv/stack}\n";
    TestbedRun.Result check = run(true, stack);
    assertThat(check.status("stack")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("service app").contains("created");
    assertThat(host.out("docker ps -aq --filter label=com.docker.compose.project=stack | wc -l"))
        .isEqualToIgnoringWhitespace("0");
    TestbedRun.Result up = run(false, stack);
    assertThat(up.status("stack")).as(up.console()).isEqualTo(Status.CHANGED);
    assertThat(page()).contains("site");
    TestbedRun.Result again = run(false, stack);
    assertThat(again.changed()).as(again.console()).isZero();

    // the update of runbook 000: stack stopped, maintenance page up, new image, page down, stack up
    String maintenance =
        """
        - name: stack stopped
          community.docker.docker_compose: {project_src: /srv/stack, stopped: true}
        - name: maintenance page
          community.docker.docker_container:
            name: maintenance
            image: site:1
            published_ports: ["80:80"]
            volumes: ["/srv/maintenance:/www:ro"]
        """;
    TestbedRun.Result down = run(false, maintenance);
    assertThat(down.status("stack stopped")).as(down.console()).isEqualTo(Status.CHANGED);
    assertThat(down.status("maintenance page")).isEqualTo(Status.CHANGED);
    assertThat(page()).contains("back soon");
    assertThat(run(false, maintenance).changed()).isZero();

    host.out("echo 'site v3' > /srv/site/www/index.html && docker build -q -t site:1 /srv/site");
    String back =
        """
        - name: maintenance page removed
          community.docker.docker_container: {name: maintenance, state: absent}
        - name: stack
          community.docker.docker_compose: {project_src: /srv/stack}
        """;
    TestbedRun.Result predicted = run(true, back);
    assertThat(predicted.status("stack")).isEqualTo(Status.CHANGED);
    assertThat(predicted.console()).contains("service app").contains("recreated");
    assertThat(page()).contains("back soon");
    TestbedRun.Result restored = run(false, back);
    assertThat(restored.changed()).as(restored.console()).isEqualTo(2);
    assertThat(page()).contains("site v3");
    assertThat(run(false, back).changed()).isZero();

    TestbedRun.Result removed =
        run(false, "- name: stack\n  docker_compose: {project_src: /srv/stack, state: absent}\n");
    assertThat(removed.status("stack")).isEqualTo(Status.CHANGED);
    assertThat(host.out("docker ps -aq --filter label=com.docker.compose.project=stack | wc -l"))
        .isEqualToIgnoringWhitespace("0");
    assertThat(
            run(
                    false,
                    "- name: stack\n  docker_compose: {project_src: /srv/stack, state: absent}\n")
                .changed())
        .isZero();
  }

  @Test
  void theDockerAppRoleUpdatesBehindTheMaintenancePage() throws Exception {
    run(false, image());
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("roles/docker_app"))) {
      root = root.getParent();
    }
    Files.createSymbolicLink(dir.resolve("roles"), root.resolve("roles"));
    String play =
        """
        - hosts: all
          roles:
            - role: docker_app
              docker_app_name: shop
              docker_app_image: site:1
              docker_app_env: {COLOR: %s}
              docker_app_maintenance_image: site:1
              docker_app_maintenance_root: /www
        """;
    TestbedRun.Result first = TestbedRun.in(dir, host).run(play.formatted("blue"));
    assertThat(first.failed()).as(first.console()).isZero();
    assertThat(first.status("docker_app : The stack runs the new configuration or image"))
        .isEqualTo(Status.CHANGED);
    assertThat(page()).contains("site");
    assertThat(host.out("stat -c %a /srv/shop/docker-compose.yml")).contains("600");
    assertThat(host.out("sh -n /usr/local/sbin/shop-update && crontab -l"))
        .contains("0 4 * * * /usr/local/sbin/shop-update");
    TestbedRun.Result second = TestbedRun.in(dir, host).run(play.formatted("blue"));
    assertThat(second.changed()).as(second.console()).isZero();

    TestbedRun.Result update = TestbedRun.in(dir, host).run(play.formatted("green"));
    assertThat(update.failed()).as(update.console()).isZero();
    assertThat(update.status("docker_app : The maintenance page is up")).isEqualTo(Status.CHANGED);
    assertThat(update.status("docker_app : The stack runs the new configuration or image"))
        .isEqualTo(Status.CHANGED);
    assertThat(host.out("docker ps --format '{{.Names}}'")).doesNotContain("shop-maintenance");
    assertThat(host.out("docker inspect --format '{{json .Config.Env}}' shop_app_1"))
        .contains("COLOR=green");
    assertThat(page()).contains("site");
    assertThat(TestbedRun.in(dir, host).run(play.formatted("green")).changed()).isZero();

    run(false, "- docker_compose: {project_src: /srv/shop, project_name: shop, state: absent}\n");
  }
}
