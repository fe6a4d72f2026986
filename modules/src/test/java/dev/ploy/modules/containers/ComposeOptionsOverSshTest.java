package dev.ploy.modules.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker_compose_v2's env_files, profiles and dependencies act on Debian 12's docker-compose 1.29
 * (the testbed has no Compose v2 plugin): the env file's values reach the containers, a profile's
 * service is brought up, dependencies: false leaves a service's dependency down. Check mode
 * predicts the run and creates nothing; a second run changes nothing; a hostile env file path stays
 * a path.
 */
class ComposeOptionsOverSshTest {
  private static final String SETUP =
      """
      set -e
      mkdir -p /srv/site/www /srv/stack
      cp /bin/busybox /srv/site/busybox
      cat > /srv/site/Dockerfile <<'EOF'
      FROM scratch
      COPY busybox /bin/busybox
      COPY www /www
      CMD ["/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"]
      EOF
      docker build -q -t site:1 /srv/site >/dev/null
      cat > /srv/stack/docker-compose.yml <<'EOF'
      version: "3.9"
      services:
        db:
          image: site:1
        app:
          image: site:1
          depends_on: [db]
          environment:
            GREETING: "${GREETING:-none}"
        extra:
          image: site:1
          profiles: [debug]
      EOF
      echo GREETING=hello > /srv/stack/prod.env
      """;

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: up
            community.docker.docker_compose_v2:
              project_src: /srv/stack
              env_files: [/srv/stack/prod.env]
              profiles: [debug]
              services: [app, extra]
              dependencies: false
      """;

  private static final String HOSTILE =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: hostile env file
            docker_compose_v2:
              project_src: /srv/stack
              env_files: ["/srv/$(touch pwned) `touch pwned`; x.env"]
            ignore_errors: true
      """;

  private static final String CONTAINERS = "docker ps -a --format '{{.Names}}' | sort";

  @TempDir Path dir;

  @Test
  void envFilesProfilesAndDependenciesActOnDockerCompose129() throws Exception {
    TargetHost host = Testbed.withDocker("compose-options");
    host.out(SETUP);

    TestbedRun.Result check = TestbedRun.in(dir, host).check(true).run(PLAYBOOK);
    assertThat(check.status("up")).as(check.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out(CONTAINERS)).as("check mode creates nothing").isEmpty();

    TestbedRun.Result run = TestbedRun.in(dir, host).run(PLAYBOOK);
    assertThat(run.status("up")).as(run.console()).isEqualTo(Status.CHANGED);
    assertThat(host.out(CONTAINERS))
        .as("the profile's service is up, the dependency left down")
        .isEqualTo("stack_app_1\nstack_extra_1\n");
    assertThat(host.out("docker inspect -f '{{json .Config.Env}}' stack_app_1"))
        .contains("\"GREETING=hello\"");

    TestbedRun.in(dir, host).run(PLAYBOOK).assertConverged();

    TestbedRun.Result hostile = TestbedRun.in(dir, host).run(HOSTILE);
    assertThat(hostile.status("hostile env file")).as(hostile.console()).isEqualTo(Status.FAILED);
    assertThat(hostile.task("hostile env file").data().get("msg"))
        .asString()
        .startsWith("env_files: /srv/$(touch pwned) `touch pwned`; x.env is not a file");
    assertThat(host.out("find / -xdev -name pwned")).isEmpty();
  }
}
