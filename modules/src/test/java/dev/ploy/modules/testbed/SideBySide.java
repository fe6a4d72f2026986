package dev.ploy.modules.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two fresh hosts, NAME-ansible and NAME-ploy, given the same playbook, the one by ansible-playbook
 * and the other by ploy: a side-by-side test runs both, compares what each host shows, and runs
 * ploy again to see it converged.
 */
public record SideBySide(Path dir, TargetHost withAnsible, TargetHost withPloy) {

  public static SideBySide fresh(Path dir, String name) {
    List<TargetHost> hosts = Testbed.fresh(name + "-ansible", name + "-ploy");
    return new SideBySide(dir, hosts.get(0), hosts.get(1));
  }

  /** The two hosts given, ansible-playbook's first (hosts made with other options). */
  public static SideBySide of(Path dir, List<TargetHost> hosts) {
    return new SideBySide(dir, hosts.get(0), hosts.get(1));
  }

  public List<TargetHost> hosts() {
    return List.of(withAnsible, withPloy);
  }

  /**
   * Runs the playbook (dir/playbook.yml) with ansible-playbook, then with ploy; neither may fail.
   * Returns ansible-playbook's output.
   */
  public String run(String playbook, Duration limit) throws Exception {
    String output = AnsibleRun.run(dir, withAnsible, playbook, limit);
    runPloy(playbook);
    return output;
  }

  /**
   * Runs the playbook with ansible-playbook, then with ploy; neither may fail. Returns ploy's
   * result.
   */
  public TestbedRun.Result runBoth(String playbook, Duration limit) throws Exception {
    AnsibleRun.run(dir, withAnsible, playbook, limit);
    return runPloy(playbook);
  }

  private TestbedRun.Result runPloy(String playbook) throws Exception {
    TestbedRun.Result ploy = TestbedRun.in(dir, withPloy).run(playbook);
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    return ploy;
  }

  /**
   * ploy runs the playbook in check mode first: nothing fails and what {@code state} (a command)
   * prints on its host is as it was. Returns the check run's result.
   */
  public TestbedRun.Result checkPloyChangesNothing(String playbook, String state) throws Exception {
    String untouched = withPloy.out(state);
    TestbedRun.Result check = TestbedRun.in(dir, withPloy).check(true).run(playbook);
    assertThat(check.failed()).as(check.console()).isZero();
    assertThat(withPloy.out(state)).as("check mode changes nothing").isEqualTo(untouched);
    return check;
  }

  /**
   * Fails, showing each difference, unless every probe (a name and a command) prints the same on
   * both hosts. Returns what the probes printed on ansible-playbook's host, one after the other,
   * for the test to check that Ansible did what the playbook says.
   */
  public String assertSame(Map<String, String> probes) {
    List<String> differences = new ArrayList<>();
    StringBuilder seen = new StringBuilder();
    for (Map.Entry<String, String> probe : probes.entrySet()) {
      String expected = withAnsible.out(probe.getValue());
      String actual = withPloy.out(probe.getValue());
      seen.append(expected).append('\n');
      if (!expected.equals(actual)) {
        differences.add(
            "=== "
                + probe.getKey()
                + "\n--- ansible-playbook\n"
                + expected
                + "\n+++ ploy\n"
                + actual
                + "\n");
      }
    }
    assertThat(differences)
        .as("ploy differs from ansible-playbook:\n" + String.join("\n", differences))
        .isEmpty();
    return seen.toString();
  }

  /** ploy runs the playbook again: nothing fails, nothing changes. */
  public void assertPloyConverged(String playbook) throws Exception {
    TestbedRun.in(dir, withPloy).run(playbook).assertConverged();
  }

  /** ploy runs the playbook again, then in check mode: neither fails nor changes anything. */
  public void assertPloyConvergedAndCheckAgrees(String playbook) throws Exception {
    assertPloyConverged(playbook);
    TestbedRun.in(dir, withPloy).check(true).run(playbook).assertConverged();
  }
}
