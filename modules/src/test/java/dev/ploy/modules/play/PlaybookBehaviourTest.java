package dev.ploy.modules.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.run.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real playbooks run on this machine through the local connection, with the real modules. */
class PlaybookBehaviourTest {
  @TempDir Path base;

  private Map<String, Object> vars() {
    return Map.of("base", base.toString());
  }

  @Test
  void variablesFollowAnsiblesPrecedence() throws Exception {
    LocalRun.Result run = LocalRun.run("precedence.yml", Map.of("by_extra", "extra"));
    assertThat(run.exitCode()).isZero();
    assertThat(
            run.task("Task vars win over play vars, extra vars win over all")
                .data()
                .get("ansible_facts"))
        .isEqualTo(Map.of("summary", "all-group from-group from-host all play task extra"));
    assertThat(
            run.task("precedence : Role sees its defaults under everything else")
                .data()
                .get("ansible_facts"))
        .isEqualTo(Map.of("seen_in_role", "default/all/play/role-var"));
    assertThat(run.task("Lazy templating sees the latest value").data().get("ansible_facts"))
        .isEqualTo(Map.of("greeting", "hello play-lazy"));
  }

  @Test
  void addHostAndGroupByChangeTheInventoryForLaterPlays() throws Exception {
    LocalRun.Result run = LocalRun.run("inventory_changes.yml", Map.of());
    assertThat(run.task("The changes are visible at once").status()).isEqualTo(Status.OK);
    assertThat(run.task("Text that is no mapping fails").ignored()).isTrue();
    assertThat(run.task("Group the host by a key").status()).isEqualTo(Status.CHANGED);
    assertThat(run.task("Group it again").status()).isEqualTo(Status.OK);
    // changed_when judges the executor's own actions too
    assertThat(run.task("A new group judged unchanged").status()).isEqualTo(Status.OK);
    assertThat(run.task("A fact judged changed").status()).isEqualTo(Status.CHANGED);
    assertThat(run.task("On the added host").data().get("ansible_facts"))
        .isEqualTo(Map.of("seen", "added from add_host"));
    assertThat(run.task("On the grouped host").data().get("ansible_facts"))
        .isEqualTo(Map.of("seen", "localhost in judged,kind-local,machines,web"));
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void handlersRunOnceWhenNotifiedByAChange() throws Exception {
    LocalRun.Result run = LocalRun.run("handlers.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readAllLines(base.resolve("handler.log"))).containsExactly("run");
    assertThat(Files.readAllLines(base.resolve("listener.log"))).containsExactly("listened");
    assertThat((String) run.task("After the flush").data().get("stdout")).contains("handler.log");

    LocalRun.Result again = LocalRun.run("handlers.yml", vars());
    assertThat(again.stats().changed()).isZero();
    assertThat(Files.readAllLines(base.resolve("handler.log"))).containsExactly("run");
  }

  @Test
  void blocksLoopsRegistersAndConditions() throws Exception {
    LocalRun.Result run = LocalRun.run("blocks.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(run.taskNames()).doesNotContain("Never runs", "Tagged never");
    assertThat(run.task("Rescue sees the failure").data().get("ansible_facts"))
        .isEqualTo(Map.of("rescued_msg", "non-zero return code"));
    assertThat(run.task("Always runs").status()).isEqualTo(Status.OK);
    assertThat(run.task("Registered loop results are usable").data().get("ansible_facts"))
        .isEqualTo(Map.of("outputs", List.of("nginx-0", "postgresql-1", "redis-2")));
    assertThat(run.task("Skipped by a false condition").status()).isEqualTo(Status.SKIPPED);
    assertThat(run.task("Runs when a list of conditions all hold").status()).isEqualTo(Status.OK);
    assertThat(run.task("failed_when reads the result").status()).isEqualTo(Status.FAILED);
    assertThat(run.task("failed_when reads the result").ignored()).isTrue();
    assertThat(run.task("Until retries").data().get("stdout")).isEqualTo("3");
    assertThat(Files.readAllLines(base.resolve("included.log"))).containsExactly("one", "two");
    assertThat(run.stats().rescued()).isEqualTo(1);
    assertThat(run.stats().ignored()).isEqualTo(1);
  }

  @Test
  void fileModulesConvergeAndCheckModeChangesNothing() throws Exception {
    Files.writeString(base.resolve("obsolete"), "old");
    LocalRun.Result check = LocalRun.run("files.yml", vars(), true, Set.of());
    assertThat(check.exitCode()).isZero();
    assertThat(listing()).containsExactly("obsolete");
    // a command whose creates guard says it would run is reported changed, not run, as Ansible's
    assertThat(check.stats().changed()).isEqualTo(8);
    assertThat(check.task("Command guarded by creates").status()).isEqualTo(Status.CHANGED);

    LocalRun.Result first = LocalRun.run("files.yml", vars());
    assertThat(first.exitCode()).isZero();
    assertThat(first.stats().changed()).isEqualTo(8);
    assertThat(Files.readString(base.resolve("conf/env"))).isEqualTo("NAME=localhost\n");
    assertThat(Files.getPosixFilePermissions(base.resolve("conf/env")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(base.resolve("conf/static.txt"))).isEqualTo("static content\n");
    assertThat(Files.readString(base.resolve("tree/sub/two.txt"))).isEqualTo("two\n");
    assertThat(Files.readString(base.resolve("conf/sites.conf")))
        .contains("server { listen 8081; server_name blog.example.test; }")
        .contains("# names: blog, shop <&>")
        .contains("# no extra sites");
    assertThat(Files.readSymbolicLink(base.resolve("sites.conf")))
        .isEqualTo(base.resolve("conf/sites.conf"));
    assertThat(base.resolve("obsolete")).doesNotExist();

    LocalRun.Result second = LocalRun.run("files.yml", vars());
    assertThat(second.exitCode()).isZero();
    assertThat(second.stats().changed()).isZero();

    LocalRun.Result checkAgain = LocalRun.run("files.yml", vars(), true, Set.of());
    assertThat(checkAgain.stats().changed()).isZero();
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> files = Files.list(base)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private String mode(String name) throws Exception {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(base.resolve(name)));
  }

  @Test
  void moduleDefaultsApplyUnderTheTasksOwnArgumentsInnermostFirst() throws Exception {
    LocalRun.Result run = LocalRun.run("module_defaults.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(mode("a")).isEqualTo("rw-r-----");
    assertThat(mode("b")).isEqualTo("rw-------");
    assertThat(Files.readString(base.resolve("settings.conf"))).isEqualTo("debug = false\n");
    assertThat(mode("c")).isEqualTo("rw-r--r--");
    assertThat(mode("d")).isEqualTo("rwx------");
    assertThat(mode("e")).isEqualTo("rw-r--r--");
    assertThat(LocalRun.run("module_defaults.yml", vars()).stats().changed()).isZero();
  }

  @Test
  void fileWithDiffPeekOnlyTellsWhetherThePathLooksBinary() throws Exception {
    // ansible-core's file target calls file with its internal _diff_peek
    LocalRun.Result run = LocalRun.run("diff_peek.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(run.task("Peek at the text").status()).isEqualTo(Status.OK);
    assertThat(run.task("Peek at the text").data())
        .containsEntry("appears_binary", false)
        .containsEntry("path", base.resolve("text").toString())
        .doesNotContainKey("warnings");
    assertThat(run.task("Peek at the binary").data()).containsEntry("appears_binary", true);
    assertThat(run.task("Peek at nothing").data()).containsEntry("appears_binary", false);
    assertThat(base.resolve("missing")).doesNotExist();
  }

  @Test
  void anArgumentPloyDoesNotHonourRunsTheTaskWithAWarningNamingIt() throws Exception {
    LocalRun.Result run = LocalRun.run("not_honoured.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(base.resolve("a"))).isEqualTo("a\n");
    assertThat(run.task("An SELinux type on a host without SELinux").data().get("warnings"))
        .asList()
        .singleElement()
        .asString()
        .contains("module copy")
        .contains("'setype'")
        .contains("not honoured");
  }

  @Test
  void anErrorPloyRaisesKeepsAnsiblesBareMessageAndSaysApartWhereTheTaskIs() throws Exception {
    LocalRun.Result run = LocalRun.run("error_messages.yml", vars());
    var loop = run.task("A loop over lists of which one is empty");
    assertThat(loop.message())
        .isEqualTo("with_together requires at least one element in each list");
    assertThat(loop.where())
        .startsWith("task 'A loop over lists of which one is empty' at ")
        .endsWith("error_messages.yml:6:7");
    var argument = run.task("An undefined variable in an argument");
    assertThat(argument.message())
        .startsWith("argument 'path': 'nowhere' is undefined")
        .doesNotContain("error_messages.yml");
    assertThat(argument.where()).endsWith("error_messages.yml:10:7");
  }

  @Test
  void commandIgnoresAnExecutableWithAnsiblesWarning() throws Exception {
    LocalRun.Result run = LocalRun.run("command_executable.yml", vars());
    assertThat(run.exitCode()).isZero();
    var result = run.task("A command given an executable");
    assertThat(result.data().get("stdout")).isEqualTo("/dev/null");
    assertThat(result.data().get("warnings"))
        .asList()
        .singleElement()
        .asString()
        .contains("'executable' is no longer supported")
        .contains("Not using '/bogus'");
  }

  @Test
  void changedWhenAndFailedWhenSeeTheAttemptUnderUntil() throws Exception {
    LocalRun.Result run = LocalRun.run("until_attempts.yml", vars());
    assertThat(run.exitCode()).isZero();
    var result = run.task("Retried until the second attempt");
    assertThat(result.status()).isEqualTo(Status.CHANGED);
    assertThat(result.data()).containsEntry("attempts", 2);
    // as Ansible: when the retries run out, failed_when's verdict decides (failed_when_result)
    var exhausted = run.task("Retries run out but failed_when says it did not fail");
    assertThat(exhausted.status()).isEqualTo(Status.CHANGED);
    assertThat(exhausted.data()).containsEntry("failed_when_result", false);
  }

  @Test
  void setFactInALoopIsSeenByTheNextItem() throws Exception {
    LocalRun.Result run = LocalRun.run("loop_set_fact.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(run.task("Show them").data().get("collected")).isEqualTo(List.of("a", "b", "c"));
  }

  @Test
  void includeVarsFailsWithAnsiblesMessageKey() throws Exception {
    LocalRun.Result run = LocalRun.run("include_vars_unknown.yml", vars());
    assertThat(run.task("A directory with a file without extension").data().get("message"))
        .asString()
        .contains("does not have a valid extension: json, yml, yaml");
    assertThat(run.task("A file that is not there").data().get("message"))
        .asString()
        .startsWith("Could not find file on the Ansible Controller.");
  }

  @Test
  void includeVarsInARoleSearchesTheRolesOwnDirectory() throws Exception {
    LocalRun.Result run = LocalRun.run("include_vars_role.yml", vars());
    assertThat(run.exitCode()).isZero();
    assertThat(run.task("vars_search : A vars file under the role's own directory").data())
        .containsEntry("ansible_facts", Map.of("from_role_root", true));
  }

  @Test
  void ansibleHostIsTheInventoryNameWhenNothingSetsIt() throws Exception {
    LocalRun.Result run = LocalRun.run("ansible_host.yml", vars());
    assertThat(run.task("Read the address").data().get("ansible_facts"))
        .isEqualTo(Map.of("address", "localhost"));
    assertThat(run.task("A play var sets it").data().get("ansible_facts"))
        .isEqualTo(Map.of("address", "127.0.0.1"));
  }
}
