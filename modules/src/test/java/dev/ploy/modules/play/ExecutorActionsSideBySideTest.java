package dev.ploy.modules.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.AnsibleRun;
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
 * wait_for_connection, pause, group_by and add_host run by ansible-playbook 2.14 against one fresh
 * host and by ploy against another: each host keeps what its tool registered (the results, less the
 * instants a pause started and stopped) and what later plays saw of the hosts and groups the first
 * play made (the new host reached through its own variables), and these must be the same. The tasks
 * report the same statuses and check mode on ploy's host writes nothing.
 */
class ExecutorActionsSideBySideTest {
  private static final String PLAYBOOK =
      """
      - hosts: all
        gather_facts: false
        tasks:
          - name: Wait for the connection
            ansible.builtin.wait_for_connection:
              timeout: 30
            register: waited
          - name: Pause zero
            ansible.builtin.pause:
              seconds: 0
            register: zero
          - name: Pause one
            ansible.builtin.pause:
              seconds: 1
            register: one
          - name: Pause with a prompt
            ansible.builtin.pause:
              seconds: 1
              prompt: "Look at $(this); it's {{ 'templated' }}"
              echo: false
            register: prompted
          - name: Group by a key
            ansible.builtin.group_by:
              key: "os {{ 'debian' }}"
              parents: [linux]
            register: grouped
          - name: Add a host
            ansible.builtin.add_host:
              name: extra
              groups: [added, more]
              ansible_host: "{{ ansible_host }}"
              ansible_port: "{{ ansible_port }}"
              ansible_ssh_private_key_file: "{{ ansible_ssh_private_key_file }}"
              color: "it's $(blue)"
            register: added
          - name: What was registered
            ansible.builtin.copy:
              dest: /tmp/registered.txt
              content: |
                {{ waited | combine({'elapsed': waited.elapsed | default('') is number}) | to_json(sort_keys=true) }}
                {{ zero | combine({'start': '', 'stop': ''}) | to_json }}
                {{ one | combine({'start': '', 'stop': ''}) | to_json }}
                {{ prompted | combine({'start': '', 'stop': ''}) | to_json }}
                {{ grouped | to_json }}
                {{ added | combine({'add_host': {'host_vars': {'ansible_port': added.add_host.host_vars.ansible_port == ansible_port}}}, recursive=True) | to_json }}
      - hosts: added
        gather_facts: false
        tasks:
          - name: What the added host sees
            ansible.builtin.copy:
              dest: /tmp/added.txt
              content: |
                {{ inventory_hostname }} {{ group_names }} {{ color }} {{ groups['added'] }}
                {{ groups['os-debian'] | length }} {{ groups['linux'] | length }} {{ groups['more'] }}
                {{ groups.keys() | difference(['testbed']) | sort }}
      - hosts: os-debian
        gather_facts: false
        tasks:
          - name: What the grouped host sees
            ansible.builtin.copy:
              dest: /tmp/grouped.txt
              content: "{{ group_names | difference(['testbed']) }}\\n"
      """;

  private static final String STATE = "cat /tmp/registered.txt /tmp/added.txt /tmp/grouped.txt";

  @TempDir Path dir;

  @Test
  void laterPlaysSeeTheSameHostsGroupsAndResults() throws Exception {
    SideBySide both = SideBySide.fresh(dir, "actions-sbs");
    AnsibleRun.ansiblePlaybook();
    both.withAnsible().out("touch /tmp/registered.txt /tmp/added.txt /tmp/grouped.txt");
    both.withPloy().out("touch /tmp/registered.txt /tmp/added.txt /tmp/grouped.txt");

    TestbedRun.Result check = both.checkPloyChangesNothing(PLAYBOOK, STATE);
    assertThat(check.status("Wait for the connection")).isEqualTo(Status.SKIPPED);

    String ansible = AnsibleRun.run(dir, both.withAnsible(), PLAYBOOK, Duration.ofMinutes(3));
    TestbedRun.Result ploy = TestbedRun.in(dir, both.withPloy()).run(PLAYBOOK);
    assertThat(ploy.failed()).as(ploy.console()).isZero();
    String seen = both.assertSame(Map.of("what each play kept", STATE));
    assertThat(seen)
        .contains("{\"changed\": false, \"elapsed\": true, \"failed\": false}")
        .contains("\"stdout\": \"Paused for 1.0 seconds\"")
        .contains("extra ['added', 'more'] it's $(blue) ['extra']\n1 1 ['extra']\n")
        .contains("['added', 'all', 'linux', 'more', 'os-debian', 'ungrouped']")
        .contains("\n[\"linux\", \"os-debian\"]\n");

    // the statuses ansible-playbook printed, task by task, are ploy's
    Map<String, Status> statuses = new LinkedHashMap<>();
    statuses.put("Wait for the connection", Status.OK);
    statuses.put("Pause zero", Status.OK);
    statuses.put("Pause one", Status.OK);
    statuses.put("Pause with a prompt", Status.OK);
    statuses.put("Group by a key", Status.CHANGED);
    statuses.put("Add a host", Status.CHANGED);
    String host = both.withAnsible().name();
    statuses.forEach(
        (task, status) -> {
          assertThat(section(ansible, task))
              .as(ansible)
              .contains("\n" + status.name().toLowerCase() + ": [" + host + "]");
          assertThat(ploy.status(both.withPloy().name(), task))
              .as(ploy.console())
              .isEqualTo(status);
        });
    // the pauses wait a second (Ansible 2.14 waits one for seconds: 0 too) and say so as
    // ansible-playbook does, but for its "(ctrl+C then 'C' = continue early...)": ploy reads no
    // keys, Ctrl-C stops the run
    for (String task : new String[] {"Pause zero", "Pause one", "Pause with a prompt"}) {
      assertThat(section(ploy.console(), task).replace(both.withPloy().name(), "HOST"))
          .isEqualTo(
              section(ansible, task)
                  .replace(host, "HOST")
                  .replace("(ctrl+C then 'C' = continue early, ctrl+C then 'A' = abort)\r\n", ""));
    }
    assertThat(section(ansible, "Pause with a prompt"))
        .contains(
            "Pausing for 1 seconds (output is hidden)\n",
            "[Pause with a prompt]\nLook at $(this); it's templated (output is hidden):\n");
  }

  /** What ansible-playbook printed for a task: from its TASK line to the next blank line. */
  private static String section(String output, String task) {
    int start = output.indexOf("TASK [" + task + "] ");
    assertThat(start).as(output).isNotNegative();
    int end = output.indexOf("\n\n", start);
    return output.substring(start, end < 0 ? output.length() : end);
  }
}
