package dev.ploy.modules.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.modules.testbed.TargetHost;
import dev.ploy.modules.testbed.Testbed;
import dev.ploy.modules.testbed.TestbedRun;
import dev.ploy.run.RunOutcome;
import dev.ploy.run.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data from a target is never templated on the control node (issue 15, item 1): a file on the
 * target holding a pipe lookup, read with command and registered, then used in debug, set_fact
 * (also cacheable), a loop, hostvars, vars indirection and copy content, prints and is written as
 * its literal text, and the lookup never runs; the same for facts, slurp and find results. Compared
 * with ansible-playbook 2.14, which prints the same literal text.
 */
class UnsafeOverSshTest {
  private static final String SUM = "{{ 7*7 }}";
  private static TargetHost host;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    host = Testbed.fresh("unsafe");
  }

  private String payload() {
    return "{{ lookup('pipe', 'touch " + dir.resolve("ploy-pwned") + "') }}";
  }

  private static String msg(TestbedRun.Result run, String task) {
    return String.valueOf(run.task(task).data().get("msg"));
  }

  @Test
  void registeredOutputIsPrintedStoredAndWrittenLiterally() throws Exception {
    host.out(
        "printf '%s\\n' \""
            + payload().replace("\"", "\\\"")
            + "\" > /root/payload.txt && printf '%s\\n' '"
            + SUM
            + "' > /root/sum.txt && mkdir -p /root/found && touch '/root/found/"
            + SUM
            + "'");
    String playbook =
        """
        - hosts: all
          gather_facts: false
          vars:
            indirect: "{{ r.stdout }}"
          tasks:
            - name: read the payload
              command: cat /root/payload.txt
              register: r
            - name: read the sum
              command: cat /root/sum.txt
              register: s
            - name: debug payload
              debug:
                msg: "{{ r.stdout }}"
            - name: debug sum
              debug:
                msg: "{{ s.stdout }} {{ s.stdout | upper }} {{ s.stdout | length }}"
            - name: store
              set_fact:
                fr: "{{ r.stdout }}"
                fs: "{{ s.stdout }}"
            - name: store cacheable
              set_fact:
                cr: "{{ r.stdout }}"
                cs: "{{ s.stdout }}"
                cacheable: true
            - name: stored
              debug:
                msg: "{{ fr }}|{{ fs }}|{{ cr }}|{{ cs }}"
            - name: loop
              debug:
                msg: "{{ item }}"
              loop: "{{ r.stdout_lines + s.stdout_lines }}"
            - name: loop stored
              set_fact:
                looped: "{{ looped | default([]) + [item] }}"
              loop: "{{ s.stdout_lines }}"
            - name: hostvars
              debug:
                msg: "{{ hostvars[inventory_hostname].r.stdout }}|{{ hostvars[inventory_hostname].fs }}|{{ looped[0] }}"
            - name: indirection
              debug:
                msg: "{{ indirect }}"
            - name: task vars
              debug:
                msg: "{{ tv }}"
              vars:
                tv: "{{ s.stdout }}"
            - name: write
              copy:
                content: "{{ r.stdout }}\\n{{ s.stdout }}\\n{{ cs }}\\n"
                dest: /root/written.txt
            - name: slurp
              slurp:
                src: /root/sum.txt
              register: sl
            - name: decode
              set_fact:
                decoded: "{{ sl.content | b64decode | trim }}"
            - name: decoded
              debug:
                msg: "{{ decoded }}"
            - name: find
              find:
                paths: /root/found
              register: found
            - name: found
              debug:
                msg: "{{ found.files[0].path }}"
            - name: stat
              stat:
                path: "{{ found.files[0].path }}"
              register: st
            - name: stated
              debug:
                msg: "{{ st.stat.path }}"
            - name: assert on target text
              assert:
                that: "{{ r.stdout }}"
              ignore_errors: true
            - name: environment from target text
              command: echo ran
              environment: "{{ r.stdout }}"
        """;
    TestbedRun.Result run = TestbedRun.in(dir, host).run(playbook);
    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.OK);
    assertThat(dir.resolve("ploy-pwned")).as("the lookup ran on the control node").doesNotExist();

    assertThat(msg(run, "debug payload")).isEqualTo(payload());
    assertThat(msg(run, "debug sum")).isEqualTo(SUM + " {{ 7*7 }} 9");
    assertThat(msg(run, "stored")).isEqualTo(payload() + "|" + SUM + "|" + payload() + "|" + SUM);
    List<?> items = (List<?>) run.task("loop").data().get("results");
    assertThat(items).hasSize(2);
    assertThat(((Map<?, ?>) items.get(0)).get("msg")).hasToString(payload());
    assertThat(((Map<?, ?>) items.get(1)).get("msg")).hasToString(SUM);
    assertThat(msg(run, "hostvars")).isEqualTo(payload() + "|" + SUM + "|" + SUM);
    assertThat(msg(run, "indirection")).isEqualTo(payload());
    assertThat(msg(run, "task vars")).isEqualTo(SUM);
    assertThat(host.out("cat /root/written.txt"))
        .isEqualTo(payload() + "\n" + SUM + "\n" + SUM + "\n");
    assertThat(msg(run, "decoded")).isEqualTo(SUM);
    assertThat(msg(run, "found")).isEqualTo("/root/found/" + SUM);
    assertThat(msg(run, "stated")).isEqualTo("/root/found/" + SUM);
    assertThat(msg(run, "assert on target text"))
        .contains("Conditional is marked as unsafe, and cannot be evaluated");
    assertThat(run.status("environment from target text")).isEqualTo(Status.CHANGED);
    assertThat(run.console())
        .contains("\"msg\": \"" + payload() + "\"")
        .contains("(item=" + SUM + ")")
        .doesNotContain("\"msg\": \"49");
  }

  @Test
  void gatheredFactsAreNotTemplated() throws Exception {
    // pam_env puts /etc/environment into the SSH session: ansible_env comes from the target
    host.out("echo 'PLOY_SUM=" + SUM + "' >> /etc/environment");
    String playbook =
        """
        - hosts: all
          gather_facts: true
          tasks:
            - name: env
              debug:
                msg: "{{ ansible_env.PLOY_SUM }}|{{ ansible_facts.env.PLOY_SUM }}|{{ hostvars[inventory_hostname].ansible_env.PLOY_SUM }}"
            - name: store
              set_fact:
                e: "{{ ansible_env.PLOY_SUM }}"
                h: "{{ ansible_hostname }}"
            - name: stored
              debug:
                msg: "{{ e }}|{{ h == ansible_hostname }}"
        """;
    TestbedRun.Result run = TestbedRun.in(dir, host).run(playbook);
    assertThat(run.exitCode()).as(run.console()).isEqualTo(RunOutcome.OK);
    assertThat(msg(run, "env")).isEqualTo(SUM + "|" + SUM + "|" + SUM);
    assertThat(msg(run, "stored")).isEqualTo(SUM + "|True");
  }
}
