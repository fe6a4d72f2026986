package dev.ploy.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybookLoaderTest {
  /** Modules with real specs and no behaviour: the loader only reads their declarations. */
  private static Module declared(ModuleSpec spec) {
    return new Module() {
      @Override
      public ModuleSpec spec() {
        return spec;
      }

      @Override
      public Plan plan(Target target, Args args) {
        return Plan.ok();
      }
    };
  }

  private final ModuleRegistry modules =
      new ModuleRegistry(
          List.of(
              declared(
                  ModuleSpec.builder("command")
                      .arg(Arg.str("cmd", "the command"))
                      .arg(Arg.path("chdir", "where"))
                      .freeForm("cmd")
                      .build()),
              declared(
                  ModuleSpec.builder("copy")
                      .arg(Arg.path("src", "source"))
                      .arg(Arg.path("dest", "destination").required())
                      .build()),
              declared(
                  ModuleSpec.builder("debug")
                      .arg(Arg.raw("msg", "message"))
                      .arg(Arg.str("var", "variable"))
                      .build())));

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(PlaybookLoaderTest.class.getResource("/playbook/" + name).toURI());
  }

  @Test
  void reportsEveryProblemOfABrokenPlaybookWithItsLine() throws Exception {
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Path site = fixture("broken/site.yml");
    assertThatThrownBy(() -> loader.load(site))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e -> {
              List<String> problems = e.problems().stream().map(Problem::toString).toList();
              assertThat(problems)
                  .anyMatch(
                      p ->
                          p.contains("site.yml:5:")
                              && p.contains(
                                  "unknown module or task keyword 'ansible.builtin.copyy'")
                              && p.contains("did you mean 'copy'"))
                  .anyMatch(
                      p ->
                          p.contains("site.yml:12:")
                              && p.contains("unknown argument 'chdirr'")
                              && p.contains("did you mean 'chdir'"))
                  .anyMatch(
                      p ->
                          p.contains("site.yml:14:")
                              && p.contains("notify names no handler: 'restart nginxx'")
                              && p.contains("did you mean 'restart nginx'"))
                  .anyMatch(
                      p ->
                          p.contains("site.yml:20:")
                              && p.contains("'wehn'")
                              && p.contains("did you mean 'when'"))
                  .anyMatch(p -> p.contains("bad-yaml.yml:") && p.contains("YAML syntax error"));
            });
  }

  @Test
  void moduleDefaultsAreCheckedAndGiveRequiredArguments() throws Exception {
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Path site = fixture("defaults/site.yml");
    assertThatThrownBy(() -> loader.load(site))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e -> {
              List<String> problems = e.problems().stream().map(Problem::toString).toList();
              assertThat(problems)
                  .hasSize(3)
                  .anyMatch(p -> p.contains("site.yml:5:") && p.contains("'copyy'"))
                  .anyMatch(
                      p ->
                          p.contains("site.yml:8:")
                              && p.contains("module_defaults: unknown argument 'chdirr'"))
                  .anyMatch(p -> p.contains("site.yml:9:") && p.contains("groups"))
                  .noneMatch(p -> p.contains("missing required argument 'dest'"));
            });
  }

  @Test
  void executorActionsAreCheckedAgainstTheirDeclaredArguments() throws Exception {
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Path site = fixture("executor_actions/site.yml");
    assertThatThrownBy(() -> loader.load(site))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e -> {
              List<String> problems = e.problems().stream().map(Problem::toString).toList();
              assertThat(problems)
                  .hasSize(4)
                  .anyMatch(
                      p ->
                          p.contains("site.yml:7:")
                              && p.contains("unknown argument 'parnets'")
                              && p.contains("did you mean 'parents'"))
                  .anyMatch(
                      p ->
                          p.contains("site.yml:8:")
                              && p.contains("missing required argument 'key'"))
                  .anyMatch(
                      p -> p.contains("site.yml:16:") && p.contains("unknown argument 'depht'"))
                  .anyMatch(p -> p.contains("site.yml:19:") && p.contains("'flush_handlerz'"));
            });
  }

  @Test
  void expandsRolesWithDependenciesOnceUnlessParametersDiffer() throws Exception {
    Playbook playbook = new PlaybookLoader(modules, List.of()).load(fixture("roles-demo/site.yml"));
    Play play = playbook.plays().get(0);
    List<String> roleBlocks =
        play.tasks().stream()
            .filter(item -> item instanceof Block b && b.role() != null)
            .map(item -> ((Block) item).role().name() + ((Block) item).role().params())
            .toList();
    assertThat(roleBlocks).containsExactly("base{}", "web{}", "base{greeting=different}");
    assertThat(play.handlers()).extracting(Task::name).contains("base handler");
    assertThat(play.tasks().get(play.tasks().size() - 1)).isInstanceOf(Task.class);
  }

  @Test
  void roleDependencyCycleIsNamed() throws Exception {
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Path site = fixture("cycle/site.yml");
    assertThatThrownBy(() -> loader.load(site))
        .hasMessageContaining("role dependency cycle: a -> b -> a");
  }

  @Test
  void freeFormArgumentsAreSplit() {
    var args = FreeFormArgs.parse("chdir=/tmp ls -l 'a b'", true, "cmd");
    assertThat(args).containsEntry("chdir", "/tmp").containsEntry("cmd", "ls -l 'a b'");
    var kv = FreeFormArgs.parse("name=nginx state=\"present\"", false, null);
    assertThat(kv).containsEntry("name", "nginx").containsEntry("state", "present");
  }

  @Test
  void aRequiredArgumentFromModuleDefaultsHoldsOnlyWithinItsPlayBlockOrRole() throws Exception {
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Path site = fixture("defaults-scope/site.yml");
    assertThatThrownBy(() -> loader.load(site))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e -> {
              List<String> problems = e.problems().stream().map(Problem::toString).toList();
              // the task after the block (line 16) lacks dest; the play's, the block's and the
              // role's tasks have it from their module_defaults
              assertThat(problems).hasSize(1);
              assertThat(problems.get(0)).contains("site.yml:16:").contains("dest");
            });
  }

  private static Path write(Path dir, String name, String text) throws java.io.IOException {
    Path file = dir.resolve(name);
    java.nio.file.Files.createDirectories(file.getParent());
    return java.nio.file.Files.writeString(file, text);
  }

  @Test
  void aTaskThatTolerratesErrorsOrNamesAnAnsibleOnlyModuleFailsWhenItRuns(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path site =
        write(
            dir,
            "site.yml",
            """
            - hosts: all
              tasks:
                - name: bad on purpose
                  copy: {nope: 1}
                  ignore_errors: true
                - block:
                    - command: {cmd: x, bogus: 1}
                  rescue:
                    - debug: {msg: rescued}
                - name: windows only
                  win_file: {path: x, state: absent}
                  when: ansible_os_family == 'Windows'
            """);
    Playbook playbook = new PlaybookLoader(modules, List.of()).load(site);
    List<TaskItem> tasks = playbook.plays().get(0).tasks();
    Task bad = (Task) tasks.get(0);
    assertThat(bad.action().module()).isEqualTo("fail");
    assertThat(String.valueOf(bad.action().args().get("msg")))
        .contains("site.yml:4:")
        .contains("unknown argument 'nope'");
    assertThat(bad.keywords().toString()).contains("IGNORE_ERRORS=true");
    Task windows = (Task) tasks.get(2);
    assertThat(windows.action().module()).isEqualTo("fail");
    assertThat(String.valueOf(windows.action().args().get("msg")))
        .contains("'win_file' is an Ansible module that ploy does not have");
    assertThat(playbook.warnings().stream().map(Problem::toString))
        .anyMatch(w -> w.contains("nope") && w.contains("the task fails if it runs"))
        .anyMatch(w -> w.contains("bogus"))
        .anyMatch(w -> w.contains("win_file"));
  }

  @Test
  void aTyposModuleStillStopsThePlaybookAndARolesPythonModuleIsNamed(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    write(dir, "roles/r/library/my_mod.py", "# python\n");
    write(
        dir,
        "roles/r/tasks/main.yml",
        "- my_mod: {a: 1}\n- copyy: {dest: x}\n  ignore_errors: true\n");
    Path site = write(dir, "site.yml", "- hosts: all\n  roles: [r]\n");
    assertThatThrownBy(() -> new PlaybookLoader(modules, List.of()).load(site))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e ->
                assertThat(e.problems().stream().map(Problem::toString))
                    .anyMatch(
                        p ->
                            p.contains("'my_mod' is the role's own Python plugin")
                                && p.contains("library/my_mod.py")
                                && p.contains("cannot run Python modules"))
                    .anyMatch(p -> p.contains("'copyy'")));
  }
}
