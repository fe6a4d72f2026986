package dev.ploy.modules.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.HostStats;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's quickstart playbook (playbooks/quickstart.yml: facts, directories and files in a
 * loop, a template with a loop, a handler), pointed at two SSH hosts instead of localhost and run
 * as deploy with sudo: the first run changes, the second changes nothing and notifies no handler.
 */
class QuickstartOverSshTest {
  private static List<TargetHost> hosts;
  private static String playbook;
  private static String template;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    hosts = Testbed.fresh("e2e-qs-1", "e2e-qs-2");
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("playbooks/quickstart.yml"))) {
      root = root.getParent();
    }
    String quickstart = Files.readString(root.resolve("playbooks/quickstart.yml"));
    String hostsLine = "  hosts: \"{{ target | default('localhost') }}\"\n";
    assertThat(quickstart).contains(hostsLine);
    playbook =
        quickstart.replace(hostsLine, "  hosts: all\n  remote_user: deploy\n  become: true\n");
    template = Files.readString(root.resolve("playbooks/templates/proxy.conf.j2"));
  }

  @Test
  void theQuickstartConvergesOverSshAndASecondRunChangesNothing() throws Exception {
    TestbedRun.Result first =
        TestbedRun.in(dir, hosts).file("templates/proxy.conf.j2", template).run(playbook);
    assertThat(first.exitCode()).as(first.console()).isEqualTo(RunOutcome.OK);
    for (TargetHost host : hosts) {
      HostStats stats = first.stats(host.name());
      // directories, index pages, proxy.conf, and the handler
      assertThat(stats.changed()).as(first.console()).isEqualTo(4);
      assertThat(first.status(host.name(), "Reload the proxy")).isEqualTo(Status.CHANGED);
      assertThat(String.valueOf(first.task(host.name(), "Say where we are").data().get("msg")))
          .startsWith(host.name() + " runs Debian 12");
      String conf = host.out("cat /tmp/ploy-quickstart/proxy.conf");
      assertThat(conf)
          .startsWith("# Managed by ploy for " + host.name() + "; do not edit.\n")
          .contains("    listen 8081;\n    server_name blog.example.test;\n")
          .contains("    listen 8082;\n    server_name shop.example.test;\n")
          .contains("    root /tmp/ploy-quickstart/shop;\n")
          .contains("# sites: blog shop");
      assertThat(
              host.out(
                  "cat /tmp/ploy-quickstart/blog/index.html /tmp/ploy-quickstart/shop/index.html"))
          .isEqualTo("<h1>Blog</h1>\n<h1>Shop</h1>\n");
      assertThat(
              host.out("stat -c '%U %a' /tmp/ploy-quickstart/blog /tmp/ploy-quickstart/proxy.conf"))
          .isEqualTo("root 755\nroot 644\n");
      assertThat(host.out("cat /tmp/ploy-quickstart/reloaded-by")).contains("proxy.conf changed");
    }
    assertThat(first.console()).contains("RUNNING HANDLER");

    TestbedRun.Result second =
        TestbedRun.in(dir, hosts).file("templates/proxy.conf.j2", template).run(playbook);
    assertThat(second.exitCode()).as(second.console()).isEqualTo(RunOutcome.OK);
    for (TargetHost host : hosts) {
      assertThat(second.stats(host.name()).changed()).as(second.console()).isZero();
      assertThat(second.byHost().get(host.name())).doesNotContainKey("Reload the proxy");
    }
  }
}
