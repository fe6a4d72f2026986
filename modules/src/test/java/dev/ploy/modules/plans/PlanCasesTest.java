package dev.ploy.modules.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.connection.ExecResult;
import dev.ploy.diff.Diff;
import dev.ploy.module.ArgChecker;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.Plan;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Modules' logic as data, no host needed: each file in src/test/resources/plans gives a module's
 * cases (arguments, check mode, the target's answers to its commands) and what the module must do
 * with them (changed, the diffs shown, every command sent and file uploaded, or the failure). The
 * module runs against a {@link FakeTarget}; outside check mode a changed plan is applied, as the
 * executor does. The real-host tests (*OverSshTest) stay the proof that the commands work.
 *
 * <p>A case's {@code local_files} are the controller's files (a copy's or a template's src, a
 * template as rendered); {@code files} are the target's, for downloads.
 *
 * <p>A file may name its long scripts (probes mostly) under {@code scripts}; a command that is one
 * of them is expected as {@code script: NAME}.
 *
 * <p>To record a new case, write it without {@code expect}, run this test with {@code
 * -Dploy.plans.record=true}: the files with what every case did now are written to
 * target/plan-cases; read them, then copy the cases in.
 */
class PlanCasesTest {
  private static final ModuleRegistry MODULES = ModuleRegistry.load();
  private static final boolean RECORD = Boolean.getBoolean("ploy.plans.record");

  @TestFactory
  Stream<DynamicNode> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(PlanCasesTest.class.getResource("/plans").toURI());
    List<DynamicNode> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      for (Path file : listing.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        files.add(casesOf(file));
      }
    }
    return files.stream();
  }

  @SuppressWarnings("unchecked")
  private static DynamicNode casesOf(Path file) throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
    String name = (String) doc.get("module");
    Module module =
        MODULES.find(name).orElseThrow(() -> new AssertionError(file + ": no module " + name));
    List<Map<String, Object>> cases = (List<Map<String, Object>>) doc.get("cases");
    if (RECORD) {
      record(file, doc, module, cases);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> each : cases) {
      tests.add(
          DynamicTest.dynamicTest(
              (String) each.get("name"),
              () -> {
                Map<String, Object> expected = (Map<String, Object>) each.get("expect");
                assertThat(expected).as("the case's expect (record it first)").isNotNull();
                Map<String, Object> actual = outcome(module, scripts(doc), each);
                assertThat(dump(actual)).isEqualTo(dump(expected));
              }));
    }
    return DynamicContainer.dynamicContainer(file.getFileName().toString(), tests);
  }

  /**
   * Runs one case: plan, then apply when changed outside check mode, all against a fake target. The
   * module is not told whether it runs in check mode: only what is done with its plan differs.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> outcome(
      Module module, Map<String, String> scripts, Map<String, Object> each) throws ModuleException {
    Map<String, Object> raw = (Map<String, Object>) each.getOrDefault("args", Map.of());
    List<String> problems = ArgChecker.problems(module.spec(), raw);
    boolean checkMode = Boolean.TRUE.equals(each.get("check_mode"));
    List<FakeTarget.Answer> answers = new ArrayList<>();
    for (Map<String, Object> answer :
        (List<Map<String, Object>>) each.getOrDefault("answers", List.of())) {
      answers.add(
          new FakeTarget.Answer(
              Optional.ofNullable((String) answer.get("match")).map(Pattern::compile),
              new ExecResult(
                  ((Number) answer.getOrDefault("rc", 0)).intValue(),
                  (String) answer.getOrDefault("stdout", ""),
                  (String) answer.getOrDefault("stderr", ""))));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    ((Map<String, String>) each.getOrDefault("files", Map.of()))
        .forEach((path, content) -> files.put(path, content.getBytes(StandardCharsets.UTF_8)));
    FakeTarget target =
        new FakeTarget(
            answers, files, (Map<String, String>) each.getOrDefault("local_files", Map.of()));

    Map<String, Object> outcome = new LinkedHashMap<>();
    if (!problems.isEmpty()) {
      outcome.put("failed", String.join("; ", problems));
      return outcome;
    }
    try {
      Plan plan = module.plan(target, Args.bind(module.spec(), raw));
      if (!checkMode && plan.failureWhenRun().isPresent()) {
        // as the executor does: what the plan assumed an earlier task makes is missing
        throw new ModuleException(plan.failureWhenRun().get());
      }
      outcome.put("changed", plan.changed());
      if (plan.inCheckMode() == Plan.CheckMode.SKIP) {
        outcome.put("check_mode", "skip");
      } else if (plan.inCheckMode() == Plan.CheckMode.UPKEEP) {
        outcome.put("check_mode", "upkeep");
      }
      List<Map<String, Object>> diffs = new ArrayList<>();
      for (Diff diff : plan.diffs()) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("subject", diff.subject());
        shown.put("before", diff.before());
        shown.put("after", diff.after());
        diffs.add(shown);
      }
      if (!diffs.isEmpty()) {
        outcome.put("diffs", diffs);
      }
      if (plan.changed() && !checkMode && plan.apply().isPresent()) {
        plan.apply().get().apply(target);
      }
    } catch (ModuleException e) {
      outcome.put("failed", e.getMessage());
    }
    List<Map<String, Object>> commands = new ArrayList<>();
    for (Map<String, Object> command : target.recorded()) {
      Optional<String> named =
          scripts.entrySet().stream()
              .filter(entry -> entry.getValue().equals(command.get("run")))
              .map(Map.Entry::getKey)
              .findFirst();
      if (named.isPresent()) {
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put("script", named.get());
        byName.putAll(command);
        byName.remove("run");
        commands.add(byName);
      } else {
        commands.add(command);
      }
    }
    outcome.put("commands", commands);
    if (target.reusedTokens() > 0) {
      outcome.put("reused_tokens", target.reusedTokens());
    }
    if (!target.unused().isEmpty()) {
      outcome.put("unused_answers", target.unused().size());
    }
    return outcome;
  }

  /**
   * The file's named scripts: a command that is one of them is expected as {@code script: NAME}, so
   * that a long script is written once per file rather than in every case.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String> scripts(Map<String, Object> doc) {
    Map<String, String> scripts = new LinkedHashMap<>();
    ((Map<String, String>) doc.getOrDefault("scripts", Map.of()))
        .forEach((name, script) -> scripts.put(name, script));
    return scripts;
  }

  /**
   * Writes the file to target/plan-cases with what every case does now; a multi-line script sent in
   * several cases and not named yet is named there {@code script-N}, to be renamed by hand.
   */
  @SuppressWarnings("unchecked")
  private static void record(
      Path file, Map<String, Object> doc, Module module, List<Map<String, Object>> cases)
      throws IOException {
    Map<String, String> scripts = scripts(doc);
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Map<String, Object> each : cases) {
      try {
        for (Map<String, Object> command :
            (List<Map<String, Object>>) outcome(module, scripts, each).get("commands")) {
          if (command.get("run") instanceof String script && script.contains("\n")) {
            seen.merge(script, 1, Integer::sum);
          }
        }
      } catch (ModuleException | RuntimeException e) {
        // reported below
      }
    }
    seen.forEach(
        (script, times) -> {
          if (times > 1) {
            scripts.put("script-" + (scripts.size() + 1), script);
          }
        });
    List<Map<String, Object>> recorded = new ArrayList<>();
    for (Map<String, Object> each : cases) {
      Map<String, Object> copy = new LinkedHashMap<>(each);
      try {
        copy.put("expect", outcome(module, scripts, each));
      } catch (ModuleException | RuntimeException e) {
        copy.put("expect", Map.of("error", String.valueOf(e)));
      }
      recorded.add(copy);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("module", doc.get("module"));
    if (!scripts.isEmpty()) {
      out.put("scripts", scripts);
    }
    out.put("cases", recorded);
    Path target = Path.of("target", "plan-cases", file.getFileName().toString());
    Files.createDirectories(target.getParent());
    Files.writeString(target, dump(out), StandardCharsets.UTF_8);
  }

  /** YAML with multi-line strings as literal blocks, so that scripts read as scripts. */
  static String dump(Object value) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(100);
    Representer representer =
        new Representer(options) {
          {
            this.representers.put(
                String.class,
                data -> {
                  String text = (String) data;
                  return text.contains("\n")
                      ? representScalar(Tag.STR, text, DumperOptions.ScalarStyle.LITERAL)
                      : representScalar(Tag.STR, text);
                });
          }
        };
    return new Yaml(representer, options).dump(value);
  }
}
