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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
  @TempDir Path dir;

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
                  ModuleSpec.builder("file")
                      .arg(Arg.path("path", "the path").required())
                      .arg(Arg.str("state", "what").defaultsTo("file").choices("file", "link"))
                      .arg(Arg.path("src", "link target"))
                      .requiredIf("state", "link", "src")
                      .build()),
              declared(
                  ModuleSpec.builder("systemd")
                      .arg(Arg.str("name", "unit"))
                      .arg(Arg.str("state", "state"))
                      .arg(Arg.bool("daemon_reload", "reload").defaultsTo(false))
                      .requiredBy("state", "name")
                      .requiredOneOf("name", "daemon_reload")
                      .build()),
              declared(
                  ModuleSpec.builder("debug")
                      .arg(Arg.raw("msg", "message"))
                      .arg(Arg.str("var", "variable"))
                      .build())));

  /** The problems loading {@code site} reports, each as file:line:column: message. */
  private List<String> problems(Path site) {
    try {
      new PlaybookLoader(modules, List.of()).load(site);
    } catch (PlaybookException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError(site + " loaded without a problem");
  }

  /** What loading {@code site} warns of, each as file:line:column: message; it must load. */
  private List<String> warnings(Path site) throws PlaybookException {
    return new PlaybookLoader(modules, List.of())
        .load(site).warnings().stream().map(Problem::toString).toList();
  }

  /** A problem that says every one of {@code parts}. */
  private static Predicate<String> saying(String... parts) {
    return problem -> Arrays.stream(parts).allMatch(problem::contains);
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(PlaybookLoaderTest.class.getResource("/playbook/" + name).toURI());
  }

  @Test
  void reportsEveryProblemOfABrokenPlaybookWithItsLine() throws Exception {
    List<String> problems = problems(fixture("broken/site.yml"));
    assertThat(problems)
        .anyMatch(
            saying(
                "site.yml:5:",
                "unknown module or task keyword 'ansible.builtin.copyy'",
                "did you mean 'copy'"))
        .anyMatch(saying("site.yml:20:", "'wehn'", "did you mean 'when'"))
        .anyMatch(saying("bad-yaml.yml:", "YAML syntax error"))
        // ansible-playbook finds these only when the task runs: warnings (see below)
        .noneMatch(saying("'chdirr'"))
        .noneMatch(saying("nginxx"));
  }

  @Test
  void problemsAnsibleFindsOnlyWhenTheTaskRunsAreWarningsAndTheTaskFailsWithThem()
      throws Exception {
    // as ansible-playbook 2.14 loads and skips them (public roles: UBUNTU22-CIS's assert without
    // that, its lineinfile with a loop indented into the arguments, cloudalchemy's command warn:)
    Path site =
        playOnAll(
            """
            tasks:
              - name: bad argument
                command: {cmd: ls, chdirr: /tmp}
                when: false
              - name: missing handler
                command: echo hi
                notify: restart nginxx
              - name: loop indented into the arguments
                file:
                  path: "{{ item }}"
                  loop: [a, b]
            handlers:
              - name: restart nginx
                command: echo restart
            """);
    Playbook playbook = new PlaybookLoader(modules, List.of()).load(site);
    assertThat(playbook.warnings().stream().map(Problem::toString))
        .anyMatch(
            saying(
                "site.yml:4:",
                "unknown argument 'chdirr'",
                "did you mean 'chdir'",
                "(the task fails if it runs, as in Ansible)"))
        .anyMatch(
            saying(
                "site.yml:6:",
                "notify names no handler: 'restart nginxx'",
                "did you mean 'restart nginx'",
                "the run ends if the task changes and so notifies it"))
        .anyMatch(saying("site.yml:12:", "unknown argument 'loop'"));
    List<TaskItem> tasks = playbook.plays().get(0).tasks();
    Task bad = (Task) tasks.get(0);
    assertThat(bad.action().module()).isEqualTo("fail");
    assertThat(String.valueOf(bad.action().args().get("msg")))
        .contains("site.yml:4:")
        .contains("unknown argument 'chdirr'");
    assertThat(bad.keywords().when()).isNotEmpty();
    // the notify is judged when the task changes (run.Recorder), the task itself is sound
    assertThat(((Task) tasks.get(1)).action().module()).isEqualTo("command");
    assertThat(((Task) tasks.get(2)).action().module()).isEqualTo("fail");
  }

  @Test
  void moduleDefaultsAreCheckedWithTheTasksTheyApplyToAndGiveRequiredArguments() throws Exception {
    List<String> problems = problems(fixture("defaults/site.yml"));
    assertThat(problems)
        .hasSize(2)
        .anyMatch(saying("site.yml:5:", "'copyy'"))
        // the command task fails with it when it runs, as in Ansible (a warning); systemd's
        // defaults apply to no task
        .noneMatch(saying("'chdirr'"))
        .noneMatch(saying("'bar'"))
        .anyMatch(saying("site.yml:9:", "groups"))
        .noneMatch(saying("missing required argument 'dest'"));
  }

  @Test
  void executorActionsAreCheckedAgainstTheirDeclaredArguments() throws Exception {
    // an unknown meta action stops ansible-playbook even under a false when; the rest are its
    // action plugins' checks, made when the task runs: warnings
    Path meta = playOnAll("tasks:\n  - meta: flush_handlerz\n");
    assertThat(problems(meta)).singleElement().matches(saying("site.yml:3:", "'flush_handlerz'"));
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Path site = fixture("executor_actions/site.yml");
    assertThat(loader.load(site).warnings())
        .extracting(Problem::toString)
        .satisfies(
            problems -> {
              assertThat(problems)
                  .hasSize(3)
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
                      p -> p.contains("site.yml:16:") && p.contains("unknown argument 'depht'"));
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
  void aRoleImportingItselfIsACycle() throws Exception {
    // import_role applies its role every time, as Ansible's: a role that imports itself with the
    // same tasks_from would never end, and is named as a cycle (it was silently dropped)
    write("roles/r/tasks/main.yml", "- import_role: {name: r}\n");
    Path site = write("site.yml", "- hosts: all\n  tasks:\n    - import_role: {name: r}\n");
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    assertThatThrownBy(() -> loader.load(site))
        .hasMessageContaining("import_role cycle: role r imports itself");
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
    List<String> warnings = warnings(fixture("defaults-scope/site.yml"));
    // the task after the block (line 16) lacks dest (it fails if it runs, as in Ansible); the
    // play's, the block's and the role's tasks have it from their module_defaults
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("site.yml:16:").contains("dest");
  }

  @Test
  void argumentsBreakingAModulesRulesAreFoundBeforeRunningWithTheirLine() throws Exception {
    List<String> warnings =
        warnings(fixture("rules/site.yml")).stream()
            .map(p -> p.substring(p.indexOf("site.yml")))
            .toList();
    String runs = " (the task fails if it runs, as in Ansible)";
    assertThat(warnings)
        .containsExactly(
            "site.yml:4:7: file: state is link but all of the following are missing: src"
                + " (give them, or another state)"
                + runs,
            "site.yml:6:7: systemd: missing parameter(s) required by 'state': name"
                + " (give them too, or leave out state)"
                + runs,
            "site.yml:8:7: systemd: one of the following is required: name,"
                + " daemon_reload (give one)"
                + runs);
  }

  @Test
  void aFileLoadedAtRunTimeTakesTheModuleDefaultsAroundItsIncludeAndDefersBadArguments()
      throws Exception {
    // ansible-playbook 2.14 runs a copy whose dest comes from the play's module_defaults in an
    // included file, and skips a task with bad arguments under a false when (conformance case
    // include-runtime-rule); ploy failed that copy for a missing dest
    write(
        "inc.yml",
        """
        - copy: {src: a}
        - command: {cmd: ls, chdirr: /tmp}
          when: false
        """);
    write("roles/r/tasks/main.yml", "- copy: {src: a}\n");
    PlaybookLoader loader = new PlaybookLoader(modules, List.of());
    Map<String, Map<String, Object>> defaults = Map.of("copy", Map.of("dest", "/tmp/x"));
    List<TaskItem> tasks = loader.loadTaskFile("inc.yml", null, dir, dir, defaults).items();
    assertThat(((Task) tasks.get(0)).action().module()).isEqualTo("copy");
    Task bad = (Task) tasks.get(1);
    assertThat(bad.action().module()).isEqualTo("fail");
    assertThat(String.valueOf(bad.action().args().get("msg"))).contains("'chdirr'");
    assertThat(bad.keywords().when()).isNotEmpty();
    // shown as Ansible shows it, "TASK [command]", not as the fail it became
    assertThat(bad.displayName()).isEqualTo("command");
    List<TaskItem> without = loader.loadTaskFile("inc.yml", null, dir, dir, Map.of()).items();
    assertThat(((Task) without.get(0)).action().module()).isEqualTo("fail");
    List<TaskItem> role =
        loader
            .loadRole(
                "r",
                Map.of(),
                "main",
                dir,
                dev.ploy.yaml.Location.of(dir.resolve("site.yml")),
                null,
                defaults)
            .items();
    assertThat(role.toString()).doesNotContain("missing required argument 'dest'");
  }

  @Test
  void aFileIncludedFromTwoPlacesIsWarnedAboutOnce() throws Exception {
    // a task's include_tasks and a handler's included the same file: its problem was printed twice
    write("inc.yml", "- command: {cmd: ls, chdirr: /tmp}\n  when: false\n");
    Path site =
        playOnAll(
            """
            tasks:
              - include_tasks: inc.yml
            handlers:
              - name: h
                include_tasks: inc.yml
            """);
    List<String> warnings = warnings(site);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("inc.yml:1:").contains("'chdirr'");
  }

  @Test
  void aRoleReachedByIncludeRoleIsCheckedAtLoadItsProblemsWarnings() throws Exception {
    // include_tasks' file was checked before the run, include_role's role was not: its task with
    // wrong arguments was never warned about, and a role it named that does not exist went unseen
    write(
        "roles/r/tasks/main.yml",
        """
        - command: {cmd: ls, chdirr: /tmp}
          when: false
        - include_role: {name: r}
          when: false
        - include_role: {name: nowhere}
          when: false
        """);
    Path site =
        playOnAll(
            """
            tasks:
              - include_role: {name: r}
            """);
    List<String> warnings = warnings(site);
    assertThat(warnings)
        .hasSize(2)
        .anyMatch(saying("main.yml:1:", "'chdirr'", "(the task fails if it runs, as in Ansible)"))
        .anyMatch(saying("main.yml:5:", "role 'nowhere' not found", "dynamic include"));
  }

  /** Writes {@code text} to {@code name} in the test's directory. */
  private Path write(String name, String text) throws java.io.IOException {
    Path file = dir.resolve(name);
    java.nio.file.Files.createDirectories(file.getParent());
    return java.nio.file.Files.writeString(file, text);
  }

  /** Writes site.yml: one play on all hosts, made of {@code play} (its keywords, not indented). */
  private Path playOnAll(String play) throws java.io.IOException {
    return write("site.yml", "- hosts: all\n" + play.indent(2));
  }

  @Test
  void aTaskThatTolerratesErrorsOrNamesAnAnsibleOnlyModuleFailsWhenItRuns() throws Exception {
    Path site =
        playOnAll(
            """
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
        .anyMatch(saying("nope", "the task fails if it runs"))
        .anyMatch(saying("bogus"))
        .anyMatch(saying("win_file"));
  }

  @Test
  void aTyposModuleStillStopsThePlaybook() throws Exception {
    write("roles/r/tasks/main.yml", "- copyy: {dest: x}\n  ignore_errors: true\n");
    Path site = playOnAll("roles: [r]\n");
    assertThat(problems(site)).anyMatch(saying("'copyy'", "did you mean 'copy'"));
  }

  @Test
  void aModuleOfTheRolesOwnLibraryIsNamedAndFailsOnlyIfItRuns() throws Exception {
    // linux-system-roles' timesync_provider is a shell script with its documentation beside it
    write("roles/r/library/my_mod.py", "# python\n");
    write("roles/r/library/sh_mod.sh", "#!/bin/sh\n");
    write("roles/r/library/sh_mod.yml", "short_description: x\n");
    write("coll/roles/c/tasks/main.yml", "- my.coll.coll_mod: {a: 1}\n");
    write("coll/plugins/modules/coll_mod.py", "# python\n");
    write("roles/r/tasks/main.yml", "- my_mod: {a: 1}\n- sh_mod: {b: 2}\n");
    Path site = playOnAll("roles: [r, " + dir.resolve("coll/roles/c") + "]\n");
    assertThat(warnings(site))
        .anyMatch(
            saying(
                "main.yml:1:3: module 'my_mod' is the role's own module",
                "library/my_mod.py",
                "ploy runs only its built-in modules",
                "the task fails if it runs"))
        .anyMatch(saying("main.yml:2:3: module 'sh_mod'", "library/sh_mod.sh;"))
        .anyMatch(saying("module 'my.coll.coll_mod'", "plugins/modules/coll_mod.py"));
    Playbook playbook = new PlaybookLoader(modules, List.of()).load(site);
    Block role = (Block) playbook.plays().get(0).tasks().get(0);
    Task shModule = (Task) role.block().get(1);
    assertThat(shModule.action().module()).isEqualTo("fail");
    assertThat(String.valueOf(shModule.action().args().get("msg"))).contains("library/sh_mod.sh");
  }

  @Test
  void expressionsAreCheckedBeforeRunning() throws Exception {
    Path site =
        playOnAll(
            """
            tasks:
              - debug: {msg: "{{ 'a' | lowr }}"}
              - debug: {msg: hi}
                when: x is defind
              - debug: {msg: "{{ 'a' | }}"}
              - block:
                  - debug: {msg: "{% for x in y %}{{ x }}"}
                when: y | lenght > 0
            """);
    assertThatThrownBy(() -> new PlaybookLoader(modules, List.of()).load(site))
        .isInstanceOfSatisfying(
            PlaybookException.class,
            e ->
                assertThat(e.problems().stream().map(Problem::toString))
                    .containsExactly(
                        "site.yml:3:7: in 'debug': no filter named 'lowr'; did you mean 'lower'?"
                            .replace("site.yml", dir.resolve("site.yml").toString()),
                        dir.resolve("site.yml")
                            + ":5:7: in 'when': no test named 'defind'; did you mean 'defined'?",
                        dir.resolve("site.yml")
                            + ":6:7: in 'debug': expected a filter or test name at end of"
                            + " expression in expression: 'a' |",
                        dir.resolve("site.yml")
                            + ":8:11: in 'debug': unexpected end of template: the block opened here needs"
                            + " '{% endfor %}'"
                            + " in expression: {% for x in y %}{{ x }}",
                        dir.resolve("site.yml")
                            + ":9:7: in 'when': no filter named 'lenght'; did you mean"
                            + " 'length'?"));
  }

  @Test
  void filtersPloyLacksWarnAndTheirTasksFailOnlyIfEvaluated() throws Exception {
    write("roles/r/filter_plugins/mine.py", "def filters(self): return {'my_filter': f}\n");
    write(
        "roles/r/tasks/main.yml",
        """
        - debug: {msg: "{{ x | my_filter }}"}
        - debug: {msg: "{{ x | json_query('a') }}"}
          when: ansible_os_family == 'RedHat'
        - debug: {msg: "{{ x | nosuch }}"}
          ignore_errors: true
        - debug: {msg: !unsafe "{{ x | nosuch }}"}
        - debug: {msg: "{{ [1] | map(*['string']) | list }}"}
        """);
    Path site = playOnAll("roles: [r]\n");
    Playbook playbook = new PlaybookLoader(modules, List.of()).load(site);
    assertThat(playbook.warnings().stream().map(Problem::toString))
        .anyMatch(w -> w.contains("filter 'my_filter' is a Python plugin") && w.contains("mine.py"))
        .anyMatch(w -> w.contains("ploy has no filter 'json_query' (Ansible has)"))
        .anyMatch(w -> w.contains("no filter named 'nosuch'") && w.contains("fails if it runs"))
        .hasSize(3);
    List<Task> tasks = tasks(playbook.plays().get(0).tasks());
    assertThat(tasks.get(2).action().module()).isEqualTo("fail");
    assertThat(tasks.get(3).action().module()).isEqualTo("debug");
  }

  private static List<Task> tasks(List<TaskItem> items) {
    List<Task> tasks = new java.util.ArrayList<>();
    for (TaskItem item : items) {
      if (item instanceof Task task) {
        tasks.add(task);
      } else if (item instanceof Block block) {
        tasks.addAll(tasks(block.block()));
      }
    }
    return tasks;
  }
}
