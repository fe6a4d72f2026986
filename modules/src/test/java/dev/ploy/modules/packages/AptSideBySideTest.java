package dev.ploy.modules.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.SideBySide;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt and package without update_cache on fresh hosts whose package lists were never downloaded, as
 * a container starts: ansible-playbook 2.14's apt, missing python3-apt there, runs apt-get update
 * before installing it, so roles that install without update_cache (geerlingguy.security's
 * fail2ban) work; ploy refreshed nothing and failed with "Unable to locate package" (issue #17).
 */
class AptSideBySideTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: A package on a host that never downloaded its lists
            apt:
              name: tree
              state: present
          - name: The same through package
            package:
              name: [tree, less]
      """;

  @TempDir Path dir;

  @Test
  void aFreshHostsListsAreDownloadedBeforeInstallingAsAnsibleDoes() throws Exception {
    SideBySide sbs = SideBySide.fresh(dir, "aptlists");
    assertThat(sbs.withPloy().out("ls /var/lib/apt/lists | grep -c _Packages || true"))
        .as("the testbed's image starts without package lists")
        .isEqualTo("0\n");

    TestbedRun.Result check =
        sbs.checkPloyChangesNothing(
            PLAYBOOK, "dpkg-query -W -f='${Package} ${Status}\\n' | sort; ls /var/lib/apt/lists");
    assertThat(check.status("A package on a host that never downloaded its lists"))
        .isEqualTo(Status.CHANGED);
    assertThat(check.console()).contains("-updated: never", "+tree: (candidate after");

    TestbedRun.Result ploy = sbs.runBoth(PLAYBOOK, Duration.ofMinutes(10));
    assertThat(ploy.status("A package on a host that never downloaded its lists"))
        .isEqualTo(Status.CHANGED);
    assertThat(ploy.status("The same through package")).isEqualTo(Status.CHANGED);

    Map<String, String> probes = new LinkedHashMap<>();
    probes.put("tree and less", "dpkg-query -W -f='${Package} ${Status}\\n' tree less");
    probes.put("lists", "ls /var/lib/apt/lists | grep -c _Packages");
    sbs.assertSame(probes);
    sbs.assertPloyConvergedAndCheckAgrees(PLAYBOOK);
  }
}
