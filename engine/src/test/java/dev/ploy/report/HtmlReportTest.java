package dev.ploy.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.diff.Diff;
import dev.ploy.playbook.Task;
import dev.ploy.run.HostStats;
import dev.ploy.run.TaskResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  /**
   * A run of {@code hosts} x {@code tasks} made of events alone: mostly ok, one cell in seven
   * changed with a diff, one host failing at the last task, one unreachable from the start.
   */
  static RunRecord run(int hostCount, int taskCount) {
    Runs.FakeClock clock = new Runs.FakeClock();
    RunRecord record = Runs.record(clock);
    List<String> hosts = Runs.hosts(hostCount);
    record.playbookStart(Runs.playbook());
    record.playStart(Runs.play("site"), hosts);
    Map<String, HostStats> stats = new LinkedHashMap<>();
    hosts.forEach(h -> stats.put(h, new HostStats()));
    for (int t = 0; t < taskCount; t++) {
      Task task = Runs.task("task number " + t, "copy", 3 + t * 4);
      List<String> running = t == 0 ? hosts : hosts.subList(1, hosts.size());
      record.taskStart(task.displayName(), task, false, running);
      for (int h = 0; h < running.size(); h++) {
        clock.advance(0.001 * (h % 50));
        String host = running.get(h);
        TaskResult result;
        if (t == 0 && h == 0) {
          result = TaskResult.unreachable("ssh: connect to host 127.0.0.1 port 2299 refused");
        } else if (t == taskCount - 1 && h == running.size() - 1) {
          result = TaskResult.failed("the service <b>would not</b> start");
        } else if ((t + h) % 7 == 3) {
          result =
              Runs.changed(
                  new Diff(
                      "/etc/app/" + t + ".conf", "port = 80\n", "port = " + (8000 + h) + "\n"));
        } else {
          result = Runs.ok();
        }
        record.hostResult(host, task, result);
      }
    }
    record.recap(stats);
    return record;
  }

  @Test
  void theGridHasACellPerHostAndTaskAndFailuresAndDiffsAreFoldedUnderTheirTask() {
    String html = HtmlReport.render(run(5, 3).snapshot());
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(count(html, "<td class=\"(ok|changed|failed|unreachable|skipped|ignored)\""))
        .isEqualTo(1 + 4 * 3);
    assertThat(count(html, "<td class=\"none\"")).isEqualTo(2);
    assertThat(html)
        .contains("<h2>Recap</h2>")
        .contains("<li id=\"t3\"><details><summary>site: task number 2")
        .contains("the service &lt;b&gt;would not&lt;/b&gt; start")
        .contains("<span class=\"del\">-port = 80</span>")
        .contains("<span class=\"add\">+port = 8003</span>")
        .contains("ssh: connect to host 127.0.0.1 port 2299 refused")
        .contains("<pre class=\"result\">{&quot;changed&quot;: false, &quot;msg&quot;: &quot;ssh:");
  }

  @Test
  void theFileNeedsNothingFromOutside() {
    String html = HtmlReport.render(run(5, 3).snapshot());
    assertThat(html)
        .doesNotContainPattern("(?i)<script|<link|<img|<iframe|src=|@import|url\\(")
        .doesNotContainPattern("(?i)href=\"(?!#)");
  }

  @Test
  void twoHundredHostsByAHundredTasksRenderQuicklyIntoAFileABrowserOpens() {
    RunRecord record = run(200, 100);
    // CPU time, not wall time: the machines this runs on are shared and often loaded
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    String html = HtmlReport.render(record.snapshot());
    long millis = (threads.getCurrentThreadCpuTime() - start) / 1_000_000;
    assertThat(count(html, "<td class=")).isEqualTo(200 * 100);
    // 20,000 cells with their titles: about 2 MB, rendered in well under a second of CPU
    // (the bound is generous for a cold JVM)
    assertThat(html.length()).isLessThan(4_000_000);
    assertThat(millis).as("CPU ms").isLessThan(3_000);
  }

  @Test
  void cellsShowTheirTimeInAtMostFourCharacters() {
    assertThat(HtmlReport.compact(0)).isEqualTo("0.0");
    assertThat(HtmlReport.compact(1_260_000_000L)).isEqualTo("1.3");
    assertThat(HtmlReport.compact(12_400_000_000L)).isEqualTo("12");
    assertThat(HtmlReport.compact(600_000_000_000L)).isEqualTo("10m");
    assertThat(HtmlReport.duration(75_000_000_000L)).isEqualTo("1 min 15 s");
  }

  static int count(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
