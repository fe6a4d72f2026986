package dev.ploy.modules.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * community.docker.docker_compose as the runbooks use it (a stack brought up with remove_orphans, a
 * maintenance stack stopped, an old one taken down) run by ansible-playbook against one fresh
 * docker host and by ploy against another: the containers, their states, commands and environment
 * must be the same (not compose's configuration hashes: they hash the image's id, and each host
 * built its own image); ploy's check mode predicts the changes and touches nothing, a second run
 * changes nothing.
 *
 * <p>The collection's module imports the Python compose library on the target: Debian's
 * docker-compose package (1.29, python3-compose with python3-docker) gives it, so ansible's host
 * needs nothing more than ploy's. docker_compose_v2 has no counterpart in ansible-core 2.14's
 * community.docker (Debian's ansible 7.7 ships community.docker 3.4, before the module came), so it
 * has no side-by-side test.
 */
class DockerComposeSideBySideTest {
  /** An image built from busybox, a stack with an orphan, a stack to stop, one to take down. */
  private static final String SETUP =
      """
      set -e
      mkdir -p /srv/box /srv/shop /srv/maint /srv/old
      cp /bin/busybox /srv/box/busybox
      printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nCMD ["/bin/busybox", "sleep", "3600"]\\n' \\
        > /srv/box/Dockerfile
      docker build -q -t box /srv/box >/dev/null
      printf 'version: "2"\\nservices:\\n  web:\\n    image: box\\n  orphan:\\n    image: box\\n' \\
        > /srv/shop/docker-compose.yml
      (cd /srv/shop && docker-compose -p shop up -d)
      cat > /srv/shop/docker-compose.yml <<'EOF'
      version: "2"
      services:
        web:
          image: box
          environment:
            GREETING: "it's $$(id); --"
        worker:
          image: box
          command: ["/bin/busybox", "sleep", "7200"]
      EOF
      printf 'version: "2"\\nservices:\\n  page:\\n    image: box\\n' > /srv/maint/docker-compose.yml
      (cd /srv/maint && docker-compose up -d)
      printf 'version: "2"\\nservices:\\n  gone:\\n    image: box\\n' > /srv/old/docker-compose.yml
      (cd /srv/old && docker-compose -p old up -d)
      """;

  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: The stack runs
            community.docker.docker_compose:
              project_src: /srv/shop
              project_name: shop
              remove_orphans: true
          - name: The maintenance stack stopped
            community.docker.docker_compose:
              project_src: /srv/maint
              stopped: true
          - name: The old stack taken down
            community.docker.docker_compose:
              project_src: /srv/old
              project_name: old
              state: absent
      """;

  /** The compose containers of a host, one line each, and the projects' networks. */
  private static final String STATE =
      """
      docker ps -a --filter label=com.docker.compose.project --format \
        '{{.Names}} {{.State}} {{.Image}} {{.Command}}' | sort
      for c in $(docker ps -aq --filter label=com.docker.compose.service=web); do
        docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$c" | grep GREETING
      done
      docker network ls --format '{{.Name}}' | grep -v -x -e bridge -e host -e none | sort
      """;

  @TempDir Path dir;

  @Test
  void ansibleAndPloyLeaveTheSameStacks() throws Exception {
    List<TargetHost> hosts = Testbed.withDocker("compose-sbs-ansible", "compose-sbs-ploy");
    SideBySide both = SideBySide.of(dir, hosts);
    both.withAnsible().aptInstall("python3-docker");
    for (TargetHost host : hosts) {
      host.out(SETUP);
    }
    assertThat(both.withPloy().out(STATE)).isEqualTo(both.withAnsible().out(STATE));

    TestbedRun.Result check = both.checkPloyChangesNothing(PLAYBOOK, STATE);
    assertThat(check.changed()).as(check.console()).isEqualTo(3);
    both.run(PLAYBOOK, Duration.ofMinutes(5));
    String seen = both.assertSame(Map.of("compose containers and networks", STATE));
    assertThat(seen)
        .contains("shop_web_1 running box ")
        .contains("shop_worker_1 running box ")
        .contains("maint_page_1 exited box ")
        .contains("GREETING=it's $(id); --")
        .doesNotContain("orphan")
        .doesNotContain("old_");
    both.assertPloyConvergedAndCheckAgrees(PLAYBOOK);
  }
}
