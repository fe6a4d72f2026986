package dev.ploy.review;

import dev.ploy.expr.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan made by {@code ploy plan} for {@code ploy apply}: the command line it was made with, the
 * inputs it was made from, and every host's steps in the order they run, each with the probed state
 * it rests on. Written and read as JSON.
 *
 * @param arguments the plan's command line (playbooks and options), given again to apply it
 * @param directory the directory it was made in, which relative paths are read from
 * @param inputs the files it was made from, with their checksums
 * @param hosts each host's steps, in the order they run
 * @param problems each host whose planning failed or that was unreachable, with why
 */
public record ReviewedPlan(
    List<String> arguments,
    String directory,
    Inputs inputs,
    Map<String, List<PlannedTask>> hosts,
    Map<String, String> problems) {

  /** The format's name and version, the file's first key. */
  public static final String FORMAT = "ploy-plan/1";

  public ReviewedPlan {
    arguments = List.copyOf(arguments);
    Map<String, List<PlannedTask>> copy = new LinkedHashMap<>();
    hosts.forEach((host, steps) -> copy.put(host, List.copyOf(steps)));
    hosts = copy;
    problems = new LinkedHashMap<>(problems);
  }

  /** How many steps change a host, over all hosts. */
  public int changes() {
    return hosts.values().stream()
        .mapToInt(steps -> (int) steps.stream().filter(PlannedTask::changes).count())
        .sum();
  }

  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("arguments", arguments);
    json.put("directory", directory);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("roots", inputs.roots());
    in.put("files", inputs.files());
    json.put("inputs", in);
    Map<String, Object> all = new LinkedHashMap<>();
    hosts.forEach((host, steps) -> all.put(host, steps.stream().map(PlannedTask::toJson).toList()));
    json.put("hosts", all);
    json.put("problems", problems);
    return Json.write(json, Json.Format.DUMPS.indented(2).unicode()) + "\n";
  }

  /**
   * Reads a plan file's text.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static ReviewedPlan parse(String text) {
    if (!(Json.parse(text) instanceof Map<?, ?> json)) {
      throw new IllegalArgumentException("not a plan: the file holds no JSON object");
    }
    if (!FORMAT.equals(json.get("format"))) {
      throw new IllegalArgumentException(
          "not a plan of this ploy: format is " + json.get("format") + ", not " + FORMAT);
    }
    Map<?, ?> in = map(json, "inputs");
    Map<String, String> files = new LinkedHashMap<>();
    map(in, "files").forEach((k, v) -> files.put(String.valueOf(k), String.valueOf(v)));
    Map<String, List<PlannedTask>> hosts = new LinkedHashMap<>();
    map(json, "hosts")
        .forEach(
            (host, steps) -> {
              List<PlannedTask> read = new ArrayList<>();
              if (steps instanceof List<?> list) {
                for (Object step : list) {
                  if (!(step instanceof Map<?, ?> one)) {
                    throw new IllegalArgumentException("a step of host " + host + " is no object");
                  }
                  read.add(PlannedTask.fromJson(one));
                }
              }
              hosts.put(String.valueOf(host), read);
            });
    Map<String, String> problems = new LinkedHashMap<>();
    if (json.get("problems") instanceof Map<?, ?> found) {
      found.forEach((k, v) -> problems.put(String.valueOf(k), String.valueOf(v)));
    }
    return new ReviewedPlan(
        strings(json, "arguments"),
        String.valueOf(json.get("directory")),
        new Inputs(strings(in, "roots"), files),
        hosts,
        problems);
  }

  /**
   * How a host's steps now (planned again in check mode) differ from this plan's: empty when the
   * host is still as it was probed and the same changes would be made.
   */
  public List<String> drift(String host, List<PlannedTask> now) {
    List<PlannedTask> planned = hosts.get(host);
    if (planned == null) {
      return List.of("the host is not in the plan");
    }
    List<String> drift = new ArrayList<>();
    int shared = Math.min(planned.size(), now.size());
    for (int i = 0; i < shared; i++) {
      PlannedTask was = planned.get(i);
      PlannedTask is = now.get(i);
      String task = "task '" + was.task() + "' (" + was.at() + ")";
      if (!was.at().equals(is.at())) {
        drift.add(
            "the run takes another path: step "
                + (i + 1)
                + " was "
                + task
                + ", now task '"
                + is.task()
                + "' ("
                + is.at()
                + ")");
        return drift;
      }
      if (was.fingerprint().equals(is.fingerprint())) {
        continue;
      }
      List<String> lines = new ArrayList<>();
      for (String line : was.restsOn()) {
        if (!is.restsOn().contains(line)) {
          lines.add("was " + line);
        }
      }
      for (String line : is.restsOn()) {
        if (!was.restsOn().contains(line)) {
          lines.add("now " + line);
        }
      }
      if (was.action() != is.action()) {
        lines.add(0, "planned " + was.action().word() + ", now " + is.action().word());
      }
      if (lines.isEmpty()) {
        lines.add("the same state, another change planned now");
      }
      drift.add(task + ": " + String.join("; ", lines));
    }
    if (planned.size() != now.size()) {
      drift.add(
          "the run takes another path: "
              + planned.size()
              + " steps planned, "
              + now.size()
              + " now");
    }
    return drift;
  }

  /**
   * Holds a run to this plan: each host's step must be the next one planned for it, at the same
   * task, with the same fingerprint; anything else is refused before it is applied.
   */
  public PlanReview enforcer() {
    Map<String, Integer> next = new java.util.concurrent.ConcurrentHashMap<>();
    return (host, task, step) -> {
      List<PlannedTask> planned = hosts.get(host);
      if (planned == null) {
        return java.util.Optional.of("not in the reviewed plan: the host was not planned");
      }
      int index = next.merge(host, 1, Integer::sum) - 1;
      String at = task.location().toString();
      if (index >= planned.size()) {
        return java.util.Optional.of(
            "not in the reviewed plan: " + planned.size() + " steps were planned on this host");
      }
      PlannedTask expected = planned.get(index);
      if (!expected.at().equals(at) || !expected.fingerprint().equals(step.fingerprint())) {
        return java.util.Optional.of(
            "not in the reviewed plan: step "
                + (index + 1)
                + " was planned as '"
                + expected.task()
                + "' ("
                + expected.at()
                + ", "
                + expected.action().word()
                + "); now it would "
                + step.action().word()
                + " from "
                + (step.secret() ? "(no_log)" : String.join("; ", step.restsOn())));
      }
      return java.util.Optional.empty();
    };
  }

  private static Map<?, ?> map(Map<?, ?> json, String key) {
    if (json.get(key) instanceof Map<?, ?> found) {
      return found;
    }
    throw new IllegalArgumentException("not a plan: it has no " + key);
  }

  private static List<String> strings(Map<?, ?> json, String key) {
    if (json.get(key) instanceof List<?> found) {
      return found.stream().map(String::valueOf).toList();
    }
    throw new IllegalArgumentException("not a plan: it has no " + key);
  }
}
