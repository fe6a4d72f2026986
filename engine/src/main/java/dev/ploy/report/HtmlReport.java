package dev.ploy.report;

import dev.ploy.report.RunRecord.Cell;
import dev.ploy.report.RunRecord.Row;
import dev.ploy.report.RunRecord.Snapshot;
import dev.ploy.run.HostStats;
import dev.ploy.run.Status;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run as one self-contained HTML page (--report FILE.html): the recap, a host x task grid of
 * statuses with durations, and under it each task with its failures and diffs folded in a {@code
 * <details>}. No script, no font, no image, nothing fetched: the file alone is the report. It is
 * built from what the console heard, so no_log results appear censored.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
      h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.2em 0 .4em}
      .meta{color:#555;margin:0}
      table{border-collapse:collapse}
      .recap td,.recap th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:right}
      .recap th{text-align:left}
      .wrap{display:inline-block;max-width:100%;overflow:auto;max-height:85vh;\
      border:1px solid #ccc}
      .grid{font:11px/1.2 ui-monospace,monospace}
      .grid th,.grid td{border:1px solid #fff;padding:1px 3px;text-align:center;min-width:2.2em}
      .grid thead th{position:sticky;top:0;background:#eee;z-index:1}
      .grid thead tr+tr th{top:1.5em}
      .grid th.h{position:sticky;left:0;background:#f6f6f6;text-align:left;z-index:2;\
      white-space:nowrap}
      .grid thead th.h{z-index:3;background:#eee}
      .grid th.h.failed{background:#f19a9a}.grid th.h.unreachable{background:#c59ad8}
      .grid th.p{text-align:left;white-space:nowrap;overflow:hidden;max-width:40em}
      .ok{background:#b8e0b8}.changed{background:#f5d88a}.failed{background:#f19a9a;font-weight:bold}
      .unreachable{background:#c59ad8;font-weight:bold}.skipped{background:#cfe3ea;color:#567}
      .ignored{background:#f7c38f}.none{background:#f3f3f3}
      .legend span{display:inline-block;padding:0 8px;margin-right:4px;border-radius:3px}
      ol.tasks{padding-left:3em}ol.tasks li{margin:.2em 0}
      summary{cursor:pointer}.count{color:#555}
      pre{background:#f7f7f7;color:#222;border:1px solid #e3e3e3;padding:6px;margin:.3em 0 .6em;\
      overflow:auto;max-height:30em;white-space:pre-wrap}
      .result{color:#555}.add{color:#146c14}.del{color:#a31515}.hunk{color:#1b6f8a}
      h4{margin:.5em 0 0;font-size:1em}
      """;

  private static final int FOLD_RECAP_OVER = 20;

  private HtmlReport() {}

  public static String render(Snapshot run) {
    StringBuilder html = new StringBuilder(64 * 1024 + run.rows().size() * run.hosts().size() * 90);
    String title =
        run.rows().isEmpty() ? "ploy report" : "ploy report: " + run.rows().get(0).playbook();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(Xml.escape(title))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style></head><body>\n<h1>")
        .append(Xml.escape(title))
        .append("</h1>\n<p class=\"meta\">started ")
        .append(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                run.started().atOffset(ZoneOffset.UTC).withNano(0)))
        .append(" UTC, took ")
        .append(duration(run.nanos()))
        .append(", ")
        .append(run.hosts().size())
        .append(run.hosts().size() == 1 ? " host, " : " hosts, ")
        .append(run.rows().size())
        .append(run.rows().size() == 1 ? " task" : " tasks");
    if (run.interruptedBy() != null) {
      html.append(", <b>interrupted by ").append(Xml.escape(run.interruptedBy())).append("</b>");
    }
    html.append("</p>\n");
    grid(html, run);
    recap(html, run.recap());
    tasks(html, run);
    html.append("</body></html>\n");
    return html.toString();
  }

  /** The PLAY RECAP; folded when there are many hosts, so the grid stays the first thing seen. */
  private static void recap(StringBuilder html, Map<String, HostStats> recap) {
    int[] hosts = new int[4];
    recap.values().forEach(s -> hosts[worst(s)]++);
    html.append("<h2>Recap</h2>\n<details")
        .append(recap.size() <= FOLD_RECAP_OVER ? " open" : "")
        .append("><summary>")
        .append(recap.size())
        .append(recap.size() == 1 ? " host: " : " hosts: ");
    String[] words = {"ok", "changed", "unreachable", "failed"};
    for (int i = 0; i < words.length; i++) {
      html.append(i == 0 ? "" : ", ").append(hosts[i]).append(' ').append(words[i]);
    }
    html.append("</summary>\n<table class=\"recap\"><tr><th>host</th><th>ok</th>")
        .append("<th>changed</th><th>unreachable</th><th>failed</th><th>skipped</th>")
        .append("<th>rescued</th><th>ignored</th></tr>\n");
    recap.forEach(
        (host, s) -> {
          html.append("<tr><th class=\"")
              .append(words[worst(s)])
              .append("\">")
              .append(Xml.escape(host))
              .append("</th>");
          for (int n : RecapCounts.of(s).values()) {
            html.append("<td>").append(n).append("</td>");
          }
          html.append("</tr>\n");
        });
    html.append("</table></details>\n");
  }

  /** A host's recap as one word's index: 0 ok, 1 changed, 2 unreachable, 3 failed. */
  private static int worst(HostStats s) {
    return s.failed() > 0 ? 3 : s.unreachable() > 0 ? 2 : s.changed() > 0 ? 1 : 0;
  }

  private static void grid(StringBuilder html, Snapshot run) {
    html.append("<h2>Hosts \u00d7 tasks</h2>\n<p class=\"legend\">");
    for (String kind : List.of("ok", "changed", "failed", "unreachable", "skipped", "ignored")) {
      html.append("<span class=\"").append(kind).append("\">").append(kind).append("</span>");
    }
    html.append(
            " each cell: the task's time on the host in seconds; the task's name in its column's"
                + " title, and below with its failures and diffs</p>\n")
        .append("<div class=\"wrap\"><table class=\"grid\" id=\"grid\"><thead><tr><th class=\"h\">")
        .append("play</th>");
    List<Row> rows = run.rows();
    for (int i = 0; i < rows.size(); ) {
      int span = 1;
      while (i + span < rows.size() && samePlay(rows.get(i), rows.get(i + span))) {
        span++;
      }
      html.append("<th class=\"p\" colspan=\"")
          .append(span)
          .append("\" title=\"")
          .append(Xml.attribute(rows.get(i).play()))
          .append("\">")
          .append(Xml.escape(rows.get(i).play()))
          .append("</th>");
      i += span;
    }
    html.append("</tr>\n<tr><th class=\"h\">host \\ task</th>");
    for (int i = 0; i < rows.size(); i++) {
      html.append("<th title=\"")
          .append(Xml.attribute(label(rows.get(i))))
          .append("\"><a href=\"#t")
          .append(i + 1)
          .append("\">")
          .append(i + 1)
          .append("</a></th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (String host : run.hosts()) {
      html.append("<tr><th class=\"h")
          .append(rowKind(rows, host))
          .append("\">")
          .append(Xml.escape(host))
          .append("</th>");
      for (int i = 0; i < rows.size(); i++) {
        Cell cell = rows.get(i).cells().get(host);
        if (cell == null) {
          html.append("<td class=\"none\"></td>");
          continue;
        }
        html.append("<td class=\"")
            .append(kind(cell))
            .append("\" title=\"")
            .append(Xml.attribute(host + " \u00b7 " + (i + 1) + ". " + rows.get(i).title()))
            .append(": ")
            .append(word(cell))
            .append(", ")
            .append(duration(cell.nanos()))
            .append("\">")
            .append(compact(cell.nanos()))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table></div>\n");
  }

  /** A host's name in the grid is marked when it failed or was unreachable somewhere. */
  private static String rowKind(List<Row> rows, String host) {
    boolean unreachable = false;
    for (Row row : rows) {
      Cell cell = row.cells().get(host);
      if (cell != null && cell.status() == Status.FAILED && !cell.ignored()) {
        return " failed";
      }
      unreachable |= cell != null && cell.status() == Status.UNREACHABLE;
    }
    return unreachable ? " unreachable" : "";
  }

  private static void tasks(StringBuilder html, Snapshot run) {
    html.append("<h2>Tasks</h2>\n<ol class=\"tasks\">\n");
    List<Row> rows = run.rows();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      List<Cell> shown = new ArrayList<>();
      int[] counts = new int[Status.values().length];
      Cell slowest = null;
      for (Cell cell : row.cells().values()) {
        counts[cell.status().ordinal()]++;
        if (slowest == null || cell.nanos() > slowest.nanos()) {
          slowest = cell;
        }
        if (!cell.diff().isEmpty()
            || cell.status() == Status.FAILED
            || cell.status() == Status.UNREACHABLE) {
          shown.add(cell);
        }
      }
      StringBuilder summary = new StringBuilder(Xml.escape(label(row)));
      summary.append(" <span class=\"count\">");
      for (Status status : Status.values()) {
        if (counts[status.ordinal()] > 0) {
          summary.append(' ').append(status.word()).append('=').append(counts[status.ordinal()]);
        }
      }
      if (slowest != null) {
        summary
            .append(" \u00b7 slowest ")
            .append(duration(slowest.nanos()))
            .append(" on ")
            .append(Xml.escape(slowest.host()));
      }
      if (!row.location().isEmpty()) {
        summary.append(" \u00b7 ").append(Xml.escape(row.location()));
      }
      summary.append("</span>");
      html.append("<li id=\"t").append(i + 1).append("\">");
      if (shown.isEmpty()) {
        html.append(summary).append("</li>\n");
        continue;
      }
      html.append("<details><summary>").append(summary).append("</summary>\n");
      for (Cell cell : shown) {
        html.append("<h4 class=\"")
            .append(kind(cell))
            .append("\">")
            .append(Xml.escape(cell.host()))
            .append(": ")
            .append(word(cell))
            .append("</h4>\n");
        if (!cell.message().isEmpty()) {
          html.append("<pre>").append(Xml.escape(cell.message())).append("</pre>\n");
        }
        if (cell.status() == Status.FAILED || cell.status() == Status.UNREACHABLE) {
          // the result as the console's fatal line shows it: rc, stdout, stderr...
          html.append("<pre class=\"result\">")
              .append(Xml.escape(cell.output()))
              .append("</pre>\n");
        }
        if (!cell.diff().isEmpty()) {
          html.append("<pre class=\"diff\">").append(diff(cell.diff())).append("</pre>\n");
        }
      }
      html.append("</details></li>\n");
    }
    html.append("</ol>\n");
  }

  private static String diff(String unified) {
    StringBuilder out = new StringBuilder();
    for (String line : unified.split("\n", -1)) {
      String kind =
          line.startsWith("+++") || line.startsWith("---")
              ? null
              : line.startsWith("+")
                  ? "add"
                  : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : null;
      if (kind == null) {
        out.append(Xml.escape(line));
      } else {
        out.append("<span class=\"")
            .append(kind)
            .append("\">")
            .append(Xml.escape(line))
            .append("</span>");
      }
      out.append('\n');
    }
    return out.toString().stripTrailing();
  }

  private static boolean samePlay(Row a, Row b) {
    return a.play().equals(b.play()) && a.playbook().equals(b.playbook());
  }

  private static String label(Row row) {
    return (row.handler() ? "HANDLER " : "") + row.play() + ": " + row.title();
  }

  private static String kind(Cell cell) {
    if (cell.status() == Status.FAILED && cell.ignored()) {
      return "ignored";
    }
    return switch (cell.status()) {
      case OK -> "ok";
      case CHANGED -> "changed";
      case FAILED -> "failed";
      case UNREACHABLE -> "unreachable";
      case SKIPPED -> "skipped";
    };
  }

  private static String word(Cell cell) {
    return cell.status() == Status.FAILED && cell.ignored()
        ? "failed (ignored)"
        : cell.status().word();
  }

  /** A duration in a cell: at most four characters (0.3, 12, 4m). */
  static String compact(long nanos) {
    long tenths = (Math.max(0, nanos) + 50_000_000L) / 100_000_000L;
    if (tenths < 100) {
      return tenths / 10 + "." + tenths % 10;
    }
    long seconds = (Math.max(0, nanos) + 500_000_000L) / 1_000_000_000L;
    return seconds < 100 ? Long.toString(seconds) : seconds / 60 + "m";
  }

  static String duration(long nanos) {
    double seconds = Math.max(0, nanos) / 1e9;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.2f s", seconds);
    }
    long whole = (long) seconds;
    return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
  }
}
