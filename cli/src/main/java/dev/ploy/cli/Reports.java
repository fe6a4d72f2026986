package dev.ploy.cli;

import dev.ploy.report.ConsoleReporter;
import dev.ploy.report.HtmlReport;
import dev.ploy.report.JsonReporter;
import dev.ploy.report.JunitReport;
import dev.ploy.report.LiveProgress;
import dev.ploy.report.LogReporter;
import dev.ploy.report.RunRecord;
import dev.ploy.run.RunListener;
import dev.ploy.run.RunOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who hears a playbook run and what is written after it: the console (with its live progress line
 * on a terminal) or a report on standard output ({@code --output json|junit}), a report to a file
 * ({@code --output FORMAT=FILE}), the HTML report ({@code --report FILE.html}) and the log.
 */
final class Reports {
  private final PrintStream out;
  private final String format;
  private final Path outputFile;
  private final Path htmlFile;
  private final JsonReporter json;
  private final RunRecord record;
  private final LiveProgress progress;
  private final RunListener listener;

  private Reports(
      PrintStream out,
      String format,
      Path outputFile,
      Path htmlFile,
      RunListener console,
      LiveProgress progress,
      boolean logging) {
    this.out = out;
    this.format = format;
    this.outputFile = outputFile;
    this.htmlFile = htmlFile;
    this.json = "json".equals(format) ? new JsonReporter() : null;
    this.record = "junit".equals(format) || htmlFile != null ? new RunRecord() : null;
    this.progress = progress;
    List<RunListener> all = new ArrayList<>();
    if (console != null) {
      all.add(progress != null ? progress : console);
    }
    if (json != null) {
      all.add(json);
    }
    if (record != null) {
      all.add(record);
    }
    if (logging) {
      all.add(new LogReporter());
    }
    this.listener = all.size() == 1 ? all.get(0) : RunListener.all(all);
  }

  /**
   * The reports {@code --output} ({@code json}, {@code junit}, either {@code =FILE}) and {@code
   * --report} ask for. A report without a file replaces the console output on standard output.
   */
  static Reports of(
      String output,
      Path html,
      RunOptions options,
      PrintStream out,
      Map<String, String> environment,
      boolean logging)
      throws UsageException {
    String format = null;
    Path file = null;
    if (output != null) {
      int equals = output.indexOf('=');
      format = equals < 0 ? output : output.substring(0, equals);
      if (equals >= 0) {
        if (equals == output.length() - 1) {
          throw new UsageException("--output " + output + ": give a file after '='");
        }
        file = Path.of(output.substring(equals + 1));
      }
      if (!format.equals("json") && !format.equals("junit")) {
        throw new UsageException(
            "--output takes json or junit, optionally =FILE, not '" + output + "'");
      }
    }
    boolean terminal = System.console() != null;
    boolean consoleShown = format == null || file != null;
    RunListener console = null;
    LiveProgress progress = null;
    if (consoleShown) {
      boolean color = terminal && !environment.containsKey("NO_COLOR");
      console = new ConsoleReporter(out, options.verbosity(), color);
      if (LiveProgress.wanted(terminal, environment)) {
        progress =
            new LiveProgress(console, out, System::nanoTime, LiveProgress.columns(environment));
      }
    }
    return new Reports(out, format, file, html, console, progress, logging);
  }

  RunListener listener() {
    return listener;
  }

  /** The live progress line while the run lasts: closing it erases the line. */
  AutoCloseable progress() {
    return progress == null ? () -> {} : progress.ticking();
  }

  /** Writes the reports once the run is over (interrupted or not). */
  void finish() throws IOException {
    String text = null;
    if (json != null) {
      text = json.toJson() + "\n";
    } else if ("junit".equals(format)) {
      text = JunitReport.render(record.snapshot());
    }
    if (text != null) {
      if (outputFile == null) {
        out.print(text);
        out.flush();
      } else {
        Files.writeString(outputFile, text, StandardCharsets.UTF_8);
      }
    }
    if (htmlFile != null) {
      Files.writeString(htmlFile, HtmlReport.render(record.snapshot()), StandardCharsets.UTF_8);
    }
  }
}
