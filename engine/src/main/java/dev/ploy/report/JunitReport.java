package dev.ploy.report;

import dev.ploy.report.RunRecord.Cell;
import dev.ploy.report.RunRecord.Row;
import dev.ploy.report.RunRecord.Snapshot;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as JUnit XML, the format CI servers (Jenkins, GitLab, GitHub's test reporters) read: one
 * testsuite per playbook, one testcase per host and task, named as ansible-core's junit callback
 * names them ({@code [host] play: task}, the task's file:line as classname). Changed and ok pass
 * (so does a failure ignore_errors turned into a warning, as in the callback), failed is a failure
 * with the message, unreachable an error (the callback leaves unreachable hosts out), skipped
 * skipped.
 */
public final class JunitReport {
  private JunitReport() {}

  public static String render(Snapshot run) {
    Map<String, List<String>> suites = new LinkedHashMap<>();
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Long> nanos = new LinkedHashMap<>();
    for (Row row : run.rows()) {
      List<String> cases = suites.computeIfAbsent(row.playbook(), k -> new ArrayList<>());
      int[] count = counts.computeIfAbsent(row.playbook(), k -> new int[4]);
      for (Cell cell : row.cells().values()) {
        cases.add(testcase(row, cell));
        nanos.merge(row.playbook(), cell.nanos(), Long::sum);
        count[0]++;
        switch (kind(cell)) {
          case "failure" -> count[1]++;
          case "error" -> count[2]++;
          case "skipped" -> count[3]++;
          default -> {}
        }
      }
    }
    int[] total = new int[4];
    counts.values().forEach(c -> java.util.Arrays.setAll(total, i -> total[i] + c[i]));
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuites name=\"ploy\"")
        .append(" tests=\"")
        .append(total[0])
        .append("\" failures=\"")
        .append(total[1])
        .append("\" errors=\"")
        .append(total[2])
        .append("\" time=\"")
        .append(seconds(run.nanos()))
        .append("\">\n");
    String timestamp =
        DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
            run.started().atOffset(ZoneOffset.UTC).withNano(0));
    suites.forEach(
        (playbook, cases) -> {
          int[] count = counts.get(playbook);
          xml.append("  <testsuite name=\"")
              .append(Xml.attribute(playbook))
              .append("\" tests=\"")
              .append(count[0])
              .append("\" failures=\"")
              .append(count[1])
              .append("\" errors=\"")
              .append(count[2])
              .append("\" skipped=\"")
              .append(count[3])
              .append("\" time=\"")
              .append(seconds(nanos.getOrDefault(playbook, 0L)))
              .append("\" timestamp=\"")
              .append(timestamp)
              .append("\">\n");
          cases.forEach(xml::append);
          xml.append("  </testsuite>\n");
        });
    xml.append("</testsuites>\n");
    return xml.toString();
  }

  private static String testcase(Row row, Cell cell) {
    StringBuilder xml = new StringBuilder("    <testcase name=\"");
    xml.append(Xml.attribute("[" + cell.host() + "] " + row.play() + ": " + row.title()))
        .append("\" classname=\"")
        .append(Xml.attribute(row.location().isEmpty() ? row.play() : row.location()))
        .append("\" time=\"")
        .append(seconds(cell.nanos()))
        .append("\">");
    String kind = kind(cell);
    switch (kind) {
      case "failure", "error" ->
          xml.append("\n      <")
              .append(kind)
              .append(" message=\"")
              .append(Xml.attribute(cell.message()))
              .append("\" type=\"")
              .append(kind.equals("failure") ? "failure" : "unreachable")
              .append("\">")
              .append(Xml.escape(cell.output()))
              .append("</")
              .append(kind)
              .append(">\n    ");
      case "skipped" ->
          xml.append("\n      <skipped message=\"")
              .append(Xml.attribute(cell.message()))
              .append("\">")
              .append(Xml.escape(cell.message()))
              .append("</skipped>\n    ");
      default ->
          xml.append("\n      <system-out>")
              .append(Xml.escape(cell.output()))
              .append("</system-out>\n    ");
    }
    return xml.append("</testcase>\n").toString();
  }

  /** failure, error, skipped, or pass. */
  private static String kind(Cell cell) {
    return switch (cell.status()) {
      case OK, CHANGED -> "pass";
      case FAILED -> cell.ignored() ? "pass" : "failure";
      case UNREACHABLE -> "error";
      case SKIPPED -> "skipped";
    };
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", Math.max(0, nanos) / 1e9);
  }
}
