package dev.ploy.review;

import java.util.List;
import java.util.Map;

/** A plan as a person reads it: plain text for a terminal, Markdown for a pull request. */
public final class PlanSummary {
  private PlanSummary() {}

  /** Plain text: each host's changes with the state they rest on and their diffs. */
  public static String text(ReviewedPlan plan) {
    StringBuilder out = new StringBuilder();
    out.append("Plan: ")
        .append(count(plan.changes(), "change"))
        .append(" on ")
        .append(count(plan.hosts().size(), "host"))
        .append(" (ploy ")
        .append(String.join(" ", plan.arguments()))
        .append(")\n");
    plan.hosts()
        .forEach(
            (host, steps) -> {
              List<PlannedTask> changes = steps.stream().filter(PlannedTask::changes).toList();
              out.append('\n').append(host).append(": ").append(hostLine(plan, host, changes));
              out.append('\n');
              for (PlannedTask step : changes) {
                out.append("  ")
                    .append(step.action() == Step.Action.RUNS ? "runs   " : "changes")
                    .append(" [")
                    .append(step.task())
                    .append("] ")
                    .append(step.module())
                    .append(" at ")
                    .append(step.at())
                    .append('\n');
                for (String line : step.restsOn()) {
                  out.append("      from ").append(line).append('\n');
                }
                step.diff().lines().forEach(line -> out.append("      ").append(line).append('\n'));
              }
            });
    return out.toString();
  }

  /** Markdown for a pull request: a table of hosts, then each host's changes with their diffs. */
  public static String markdown(ReviewedPlan plan) {
    StringBuilder out = new StringBuilder();
    out.append("## ploy plan: ")
        .append(count(plan.changes(), "change"))
        .append(" on ")
        .append(count(plan.hosts().size(), "host"))
        .append("\n\n`ploy ")
        .append(String.join(" ", plan.arguments()).replace("`", "'"))
        .append("`\n\n| host | changes | tasks | state |\n|---|---:|---:|---|\n");
    plan.hosts()
        .forEach(
            (host, steps) ->
                out.append("| ")
                    .append(cell(host))
                    .append(" | ")
                    .append(steps.stream().filter(PlannedTask::changes).count())
                    .append(" | ")
                    .append(steps.size())
                    .append(" | ")
                    .append(cell(plan.problems().getOrDefault(host, "ok")))
                    .append(" |\n"));
    for (Map.Entry<String, List<PlannedTask>> host : plan.hosts().entrySet()) {
      List<PlannedTask> changes = host.getValue().stream().filter(PlannedTask::changes).toList();
      if (changes.isEmpty()) {
        continue;
      }
      out.append("\n### ").append(host.getKey()).append("\n");
      for (PlannedTask step : changes) {
        out.append("\n- **")
            .append(cell(step.task()))
            .append("** (`")
            .append(step.module())
            .append("`, ")
            .append(step.at())
            .append(")")
            .append(step.action() == Step.Action.RUNS ? ": runs; check mode cannot predict it" : "")
            .append('\n');
        for (String line : step.restsOn()) {
          out.append("  - from `").append(line.replace("`", "'")).append("`\n");
        }
        if (!step.diff().isEmpty()) {
          out.append("\n  ```diff\n");
          step.diff().lines().forEach(line -> out.append("  ").append(line).append('\n'));
          out.append("  ```\n");
        }
      }
    }
    return out.toString();
  }

  private static String hostLine(ReviewedPlan plan, String host, List<PlannedTask> changes) {
    String problem = plan.problems().get(host);
    String counted = changes.isEmpty() ? "no change" : count(changes.size(), "change");
    return problem == null ? counted : counted + "; " + problem;
  }

  private static String count(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
