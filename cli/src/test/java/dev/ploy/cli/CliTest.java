package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ploy command as a user runs it: output, exit codes, strategies, on local hosts. */
class CliTest {
  @TempDir Path base;

  private static Path fixture(String name) throws Exception {
    return Path.of(CliTest.class.getResource("/cli/" + name).toURI());
  }

  private PloyRun ploy(String... args) {
    return PloyRun.of(args);
  }

  /** ploy on the fixture inventory hosts.ini: {@code options}, then the fixture playbook. */
  private PloyRun onHosts(String playbook, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("-i", fixture("hosts.ini").toString()));
    args.addAll(List.of(options));
    args.add(fixture(playbook).toString());
    return PloyRun.of(args.toArray(String[]::new));
  }

  @Test
  void aRunWhereAllIsWellExitsZeroWithARecap() throws Exception {
    PloyRun run = onHosts("ok.yml");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("TASK [all fine]")
        .contains("\"msg\": \"demo on web1\"")
        .contains("PLAY RECAP")
        .containsPattern("db1 +: ok=1 +changed=0 +unreachable=0 +failed=0");
  }

  @Test
  void badPlaybooksExitFiveListingEveryProblemBeforeAnyHost() throws Exception {
    PloyRun run = onHosts("broken.yml");
    assertThat(run.code()).isEqualTo(5);
    assertThat(run.err())
        .contains(
            "broken.yml:4:7: unknown module or task keyword 'ansible.builtin.shel'; did you mean 'shell'?")
        // a wrong argument is found by Ansible only when the task runs: a warning beside the errors
        .contains("[WARNING]: ")
        .contains("broken.yml:9:")
        .contains("backup")
        .contains("(the task fails if it runs, as in Ansible)");
    assertThat(run.out()).doesNotContain("PLAY [");
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(process.waitFor()).isZero();
  }

  @Test
  void rolesInstallFetchesRolesFromGitAndTheirTasksRun() throws Exception {
    Path repo = base.resolve("shared/greeter.git");
    Files.createDirectories(repo.resolve("tasks"));
    Files.writeString(
        repo.resolve("tasks/main.yml"), "- debug:\n    msg: hello from the shared role\n");
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "role");
    git(repo, "tag", "v1.0");
    Path requirements = base.resolve("requirements.yml");
    Files.writeString(
        requirements,
        "roles:\n  - src: "
            + repo
            + "\n    scm: git\n    version: v1.0\n    name: greeter\n"
            + "collections:\n  - community.general\n");
    Path roles = base.resolve("roles");

    PloyRun first = ploy("roles", "install", "-r", requirements.toString(), "-p", roles.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("1 collection(s) skipped")
        .containsPattern(
            "- greeter \\(v1.0, commit [0-9a-f]{12}\\) was installed in .*roles/greeter");
    PloyRun second =
        ploy("roles", "install", "-r", requirements.toString(), "-p", roles.toString());
    assertThat(second.out()).contains("- greeter (v1.0) is already installed, skipping");

    Path playbook = base.resolve("site.yml");
    Files.writeString(playbook, "- hosts: localhost\n  gather_facts: false\n  roles: [greeter]\n");
    PloyRun run = ploy(playbook.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("hello from the shared role");

    Files.writeString(requirements, "roles:\n  - src: geerlingguy.nginx\n");
    PloyRun bad = ploy("roles", "install", "-r", requirements.toString(), "-p", roles.toString());
    assertThat(bad.code()).isEqualTo(5);
    assertThat(bad.err())
        .contains("requirements.yml:2:5: 'geerlingguy.nginx' is not a git repository");
  }

  @Test
  void badOptionsExitFive() throws Exception {
    assertThat(ploy("--host-key-checking", "sometimes", fixture("ok.yml").toString()).code())
        .isEqualTo(5);
    assertThat(ploy("-e", "@/nonexistent.yml", fixture("ok.yml").toString()).code()).isEqualTo(5);
  }

  @Test
  void serialBatchesRunOnceAndAFailedHostGivesExitTwo() throws Exception {
    PloyRun run = onHosts("strategy.yml", "-e", "base=" + base);
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(sorted(base.resolve("batches")))
        .containsExactly("web1 web1,web2", "web2 web1,web2", "web3 web3,web4", "web4 web3,web4");
    assertThat(Files.readAllLines(base.resolve("once"))).containsExactly("once", "once");
    assertThat(sorted(base.resolve("after"))).containsExactly("web1", "web2", "web4");
    assertThat(run.out())
        .contains("fatal: [web3]: FAILED!")
        .contains("web3 is broken")
        .containsPattern("web3 +: ok=2 +changed=2 +unreachable=0 +failed=1")
        .containsPattern("db1 +: ok=1 +changed=0");
  }

  @Test
  void listingsAndSyntaxCheckContactNoHost() throws Exception {
    PloyRun hosts = onHosts("strategy.yml", "--list-hosts");
    assertThat(hosts.code()).isZero();
    assertThat(hosts.out()).contains("web1").contains("web4").contains("db1");
    PloyRun tasks = onHosts("strategy.yml", "--list-tasks");
    assertThat(tasks.out()).contains("Record the batch").contains("db works");
    PloyRun syntax = ploy("--syntax-check", fixture("strategy.yml").toString());
    assertThat(syntax.code()).isZero();
  }

  @Test
  void listHostsTemplatesThePatternAsTheRunDoes() throws Exception {
    Path playbook =
        Files.writeString(
            base.resolve("templated.yml"),
            "- hosts: '{{ target }}'\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n");
    PloyRun run =
        ploy(
            "-i",
            fixture("hosts.ini").toString(),
            "-e",
            "target=db1",
            "--list-hosts",
            playbook.toString());
    assertThat(run.code()).as(run.err()).isZero();
    // as ansible-playbook 2.14 lists it
    assertThat(run.out())
        .contains("play #1 (db1): db1")
        .contains("pattern: ['db1']")
        .contains("hosts (1):\n      db1\n");
  }

  @Test
  void limitNarrowsTheHosts() throws Exception {
    PloyRun run = onHosts("ok.yml", "-l", "web*:!web2");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("web1")
        .contains("web3")
        .doesNotContain("web2 ")
        .doesNotContain("db1");
  }

  @Test
  void jsonOutputIsMachineReadable() throws Exception {
    PloyRun run = onHosts("ok.yml", "--output", "json", "-l", "db1");
    assertThat(run.code()).isZero();
    assertThat(run.out().strip())
        .startsWith("{")
        .endsWith("}")
        .contains("\"db1\"")
        .contains("\"stats\"");
  }

  @Test
  void vvShowsArgumentsAndVvvCommandsButNeverForNoLogTasks() throws Exception {
    PloyRun run = onHosts("verbose.yml", "-vvv");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("<db1> EXEC ")
        .contains("echo shown-on-vvv")
        .contains("\"module_args\"")
        .doesNotContain("s3cret-value")
        .contains("supervisorctl -p '********' status")
        .doesNotContain("pa55-word-never-shown");
    PloyRun quiet = onHosts("verbose.yml");
    assertThat(quiet.out()).doesNotContain("EXEC").doesNotContain("module_args");
  }

  private static List<String> sorted(Path file) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.sort(null);
    return lines;
  }

  @Test
  void extraVarsFilesAreReadAsVariablesNeverAsCommandLineArguments() throws Exception {
    Path vars = base.resolve("vars.yml");
    Files.writeString(vars, "foo: bar\nx: \"--help\"\n");
    Path json = base.resolve("more.json");
    Files.writeString(json, "{\"y\": \"--version\"}");
    Path playbook = base.resolve("site.yml");
    Files.writeString(
        playbook,
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
            + "    - debug:\n        msg: \"{{ foo }} {{ x }} {{ y }}\"\n");
    PloyRun run = ploy("-e", "@" + vars, "--extra-vars=@" + json, playbook.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("\"msg\": \"bar --help --version\"").doesNotContain("Usage:");
  }

  /**
   * As ansible-inventory 2.14 prints it: json.dumps(sort_keys=True, indent=4, ensure_ascii=False).
   */
  @Test
  void inventoryHostWritesJsonAsAnsibleInventory() throws Exception {
    Path hosts = base.resolve("hosts");
    Files.writeString(hosts, "h1 v=\"é€😀\" f=1.5 n=-7 e=1e100\n");
    PloyRun run = ploy("inventory", "-i", hosts.toString(), "--host", "h1");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(
            """
            {
                "e": 1e+100,
                "f": 1.5,
                "n": -7,
                "v": "é€😀"
            }
            """);
  }

  @Test
  void noArgumentIsExpandedFromAFile() throws Exception {
    Path args = base.resolve("args");
    Files.writeString(args, "--help\n");
    PloyRun run = ploy("@" + args);
    assertThat(run.out()).doesNotContain("Usage:");
    assertThat(run.err()).contains("@" + args);
    assertThat(run.code()).isNotZero();
  }

  @Test
  void theLogFileHoldsTheRunAtDebugLevelButNothingNoLogHides() throws Exception {
    Path playbook = base.resolve("site.yml");
    Files.writeString(
        playbook,
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
            + "    - name: say hello\n      command: echo hello-from-the-target\n"
            + "    - name: keep a secret\n      command: echo s3cr3t-value\n      no_log: true\n");
    Path log = base.resolve("logs/run.log");
    PloyRun run = ploy("--log-file", log.toString(), playbook.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).doesNotContain("EXEC");
    String text = Files.readString(log);
    assertThat(text)
        .contains("[localhost] start TASK [say hello]")
        .containsPattern("\\[localhost\\] end \\[say hello\\] CHANGED in \\d+ ms")
        .containsPattern("EXEC .*echo hello-from-the-target")
        .contains("hello-from-the-target\"")
        .contains("[localhost] start TASK [keep a secret]")
        .contains("RECAP [localhost] ok=2 changed=2")
        .doesNotContain("s3cr3t-value");

    Path fromEnvironment = base.resolve("env.log");
    PloyRun again =
        PloyRun.of(Map.of("PLOY_LOG_FILE", fromEnvironment.toString()), playbook.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Files.readString(fromEnvironment)).contains("start TASK [say hello]");
  }
}
