package dev.ploy.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.expr.Unsafe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgCheckerTest {
  private final ModuleSpec spec =
      ModuleSpec.builder("copy")
          .arg(Arg.path("dest", "the dest").required().aliases("path"))
          .arg(Arg.str("content", "the content"))
          .arg(Arg.path("src", "the src"))
          .arg(Arg.mode("mode", "the mode"))
          .arg(Arg.bool("force", "the force").defaultsTo(true))
          .arg(Arg.str("state", "the state").choices("file", "absent"))
          .mutuallyExclusive("content", "src")
          .build();

  @Test
  void reportsEveryProblemAtOnce() {
    var problems =
        ArgChecker.problems(
            spec, Map.of("contnt", "x", "src", "a", "content", "b", "force", "maybe"));
    assertThat(problems)
        .anyMatch(
            p -> p.contains("unknown argument 'contnt'") && p.contains("did you mean 'content'"))
        .anyMatch(p -> p.contains("missing required argument 'dest'"))
        .anyMatch(p -> p.contains("mutually exclusive"))
        .anyMatch(p -> p.contains("'force'") && p.contains("boolean"));
  }

  @Test
  void rulesOnTemplatedValuesAreCheckedWhenTheTaskRuns() {
    ModuleSpec file =
        ModuleSpec.builder("file")
            .arg(Arg.path("path", "the path").required())
            .arg(Arg.str("state", "what").defaultsTo("file").choices("file", "link"))
            .arg(Arg.path("src", "link target"))
            .requiredIf("state", "link", "src")
            .build();
    assertThat(ArgChecker.problems(file, Map.of("path", "/x", "state", "{{ s }}"))).isEmpty();
    assertThat(ArgChecker.problems(file, Map.of("path", "/x", "state", "link", "src", "{{ s }}")))
        .isEmpty();
    assertThatThrownBy(() -> Args.bind(file, Map.of("path", "/x", "state", "link")))
        .hasMessage(
            "state is link but all of the following are missing: src (give them, or another state)");
  }

  @Test
  void aRuleOnADefaultAppliesWhenTheArgumentIsNotGiven() {
    ModuleSpec sysctl =
        ModuleSpec.builder("sysctl")
            .arg(Arg.str("name", "key").required())
            .arg(Arg.str("value", "value"))
            .arg(Arg.str("state", "state").defaultsTo("present"))
            .rule(
                ArgRule.requiredIf("state", "present", "value")
                    .saying("value is required when state is present"))
            .build();
    assertThat(ArgChecker.problems(sysctl, Map.of("name", "vm.swappiness")))
        .containsExactly("sysctl: value is required when state is present");
    assertThat(ArgChecker.problems(sysctl, Map.of("name", "vm.swappiness", "state", "absent")))
        .isEmpty();
  }

  @Test
  void templatedValuesWaitUntilRunTime() {
    assertThat(ArgChecker.problems(spec, Map.of("dest", "/x", "force", "{{ f }}"))).isEmpty();
  }

  @Test
  void unsafeTaggedValuesAreCheckedAsTheTextTheyAre() {
    assertThat(
            ArgChecker.problems(
                spec,
                Map.of(
                    "dest",
                    new Unsafe("/x"),
                    "mode",
                    new Unsafe("0644"),
                    "content",
                    new Unsafe("{{ not templated }}"))))
        .isEmpty();
    assertThat(ArgChecker.problems(spec, Map.of("dest", "/x", "force", new Unsafe("{{ f }}"))))
        .anyMatch(p -> p.contains("'force'") && p.contains("boolean"));
  }

  @Test
  void bindConvertsTypesResolvesAliasesAndFillsDefaults() throws Exception {
    Args args = Args.bind(spec, Map.of("path", "/etc/motd", "mode", 420, "state", "file"));
    assertThat(args.str("dest")).isEqualTo("/etc/motd");
    assertThat(args.str("mode")).isEqualTo("0644");
    assertThat(args.bool("force")).isTrue();
  }

  @Test
  void choicesAreEnforced() {
    assertThatThrownBy(() -> Args.bind(spec, Map.of("dest", "/x", "state", "gone")))
        .hasMessageContaining("must be one of file, absent");
  }

  @Test
  void aValueThatWouldBeAnOptionIsRefusedBeforeAnyHostAndWhenBound() {
    ModuleSpec docker =
        ModuleSpec.builder("docker_container")
            .arg(Arg.str("name", "the name").notAnOption())
            .arg(Arg.list("services", "the services").elements(ArgType.STR).notAnOption())
            .arg(Arg.str("command", "the command"))
            .build();
    assertThat(ArgChecker.problems(docker, Map.of("name", "--rm", "services", List.of("a", "-d"))))
        .anyMatch(p -> p.contains("'name'") && p.contains("cannot start with '-' ('--rm')"))
        .anyMatch(p -> p.contains("'services'") && p.contains("('-d')"));
    ModuleSpec required =
        ModuleSpec.builder("docker_image")
            .arg(Arg.str("name", "n").required().notAnOption())
            .build();
    assertThatThrownBy(() -> Args.bind(required, Map.of("name", "--help")))
        .hasMessage(
            "argument 'name' of module docker_image cannot start with '-' ('--help'): the command"
                + " it is given to would read it as an option");
    assertThat(ArgChecker.problems(docker, Map.of("name", "web-1", "command", "--help"))).isEmpty();
  }

  @Test
  void anArgumentNotHonouredIsAcceptedAndWarnedAboutOnlyWhenSetToAnotherValue() throws Exception {
    ModuleSpec lenient =
        ModuleSpec.builder("template")
            .arg(Arg.path("dest", "the dest").required())
            .notHonoured(Arg.str("setype", "SELinux type").aliases("se_type"))
            .notHonoured(Arg.bool("trim_blocks", "trimming").defaultsTo(true))
            .build();
    Map<String, Object> raw = new java.util.LinkedHashMap<>();
    raw.put("dest", "/x");
    raw.put("se_type", "etc_t");
    raw.put("trim_blocks", "yes");
    assertThat(ArgChecker.problems(lenient, raw)).isEmpty();
    Args.bind(lenient, raw);
    assertThat(ArgChecker.notHonoured(lenient, raw))
        .containsExactly(
            "module template: argument 'se_type' is accepted but not honoured by ploy; the task"
                + " runs as if it were not set");
    raw.put("trim_blocks", false);
    raw.put("se_type", null); // omitted
    assertThat(ArgChecker.notHonoured(lenient, raw))
        .singleElement()
        .asString()
        .contains("'trim_blocks'");
    assertThat(ModuleDocs.text(lenient)).contains("not honoured by ploy");
  }
}
