package dev.ploy.requirements;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs from real git repositories made in a temporary directory (git on the control node). */
class RoleInstallerTest {
  @TempDir Path base;
  Path repo;
  Path roles;
  String firstCommit;

  private String git(Path dir, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.strip();
  }

  private void commit(String tasks, String message) throws Exception {
    Files.createDirectories(repo.resolve("tasks"));
    Files.writeString(repo.resolve("tasks/main.yml"), tasks);
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", message);
  }

  @BeforeEach
  void makeRepository() throws Exception {
    repo = base.resolve("src/web.git");
    Files.createDirectories(repo);
    git(repo, "init", "-q", "-b", "main");
    commit("- debug: msg=one\n", "one");
    firstCommit = git(repo, "rev-parse", "HEAD");
    git(repo, "tag", "v1");
    commit("- debug: msg=two\n", "two");
    git(repo, "tag", "v2");
    git(repo, "branch", "stable", "v1");
    roles = base.resolve("roles");
  }

  private Requirement role(String version) {
    return new Requirement("web", repo.toString(), Optional.ofNullable(version), null);
  }

  private RoleInstaller.Result install(String version, boolean force) {
    return new RoleInstaller(roles, force).install(List.of(role(version))).get(0);
  }

  private String tasks() throws IOException {
    return Files.readString(roles.resolve("web/tasks/main.yml"));
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> names = Files.list(roles)) {
      return names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  @Test
  void installsATagWithoutGitMetadataAndSkipsItTheSecondTime() throws Exception {
    RoleInstaller.Result first = install("v1", false);
    assertThat(first.outcome()).as(first.message()).isEqualTo(RoleInstaller.Outcome.INSTALLED);
    assertThat(tasks()).isEqualTo("- debug: msg=one\n");
    assertThat(roles.resolve("web/.git")).doesNotExist();
    assertThat(RoleInstaller.readInfo(roles.resolve("web")).orElseThrow())
        .containsEntry("version", "v1")
        .containsEntry("src", repo.toString())
        .containsEntry("commit", firstCommit);
    long written = Files.getLastModifiedTime(roles.resolve("web/tasks/main.yml")).toMillis();

    RoleInstaller.Result again = install("v1", false);
    assertThat(again.outcome()).isEqualTo(RoleInstaller.Outcome.ALREADY_INSTALLED);
    assertThat(again.message()).isEqualTo("web (v1) is already installed, skipping");
    assertThat(Files.getLastModifiedTime(roles.resolve("web/tasks/main.yml")).toMillis())
        .isEqualTo(written);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void branchesCommitsAndTheDefaultBranchResolve() throws Exception {
    assertThat(install(null, false).outcome()).isEqualTo(RoleInstaller.Outcome.INSTALLED);
    assertThat(tasks()).contains("two");
    assertThat(install("stable", true).outcome()).isEqualTo(RoleInstaller.Outcome.REPLACED);
    assertThat(tasks()).contains("one");
    assertThat(install(firstCommit.substring(0, 10), true).outcome())
        .isEqualTo(RoleInstaller.Outcome.REPLACED);
    assertThat(tasks()).contains("one");
  }

  @Test
  void anotherVersionIsKeptWithoutForceAndReplacedWithIt() throws Exception {
    install("v1", false);
    RoleInstaller.Result kept = install("v2", false);
    assertThat(kept.outcome()).isEqualTo(RoleInstaller.Outcome.KEPT_OTHER_VERSION);
    assertThat(kept.message()).contains("at v1").contains("ask for").contains("--force");
    assertThat(tasks()).contains("one");

    RoleInstaller.Result replaced = install("v2", true);
    assertThat(replaced.outcome()).isEqualTo(RoleInstaller.Outcome.REPLACED);
    assertThat(tasks()).contains("two");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aFailureLeavesTheInstalledRoleWholeAndTheOthersGoOn() throws Exception {
    install("v1", false);
    Requirement missing = new Requirement("web", repo.toString(), Optional.of("v9"), null);
    Requirement nowhere =
        new Requirement("gone", base.resolve("nowhere.git").toString(), Optional.empty(), null);
    Requirement fine = new Requirement("other", repo.toString(), Optional.of("v2"), null);
    List<RoleInstaller.Result> results =
        new RoleInstaller(roles, true).install(List.of(missing, nowhere, fine));

    assertThat(results)
        .extracting(RoleInstaller.Result::outcome)
        .containsExactly(
            RoleInstaller.Outcome.FAILED,
            RoleInstaller.Outcome.FAILED,
            RoleInstaller.Outcome.INSTALLED);
    assertThat(results.get(0).message()).contains("no branch, tag or commit 'v9'");
    assertThat(results.get(1).message()).contains("cannot clone");
    assertThat(tasks()).contains("one");
    assertThat(roles.resolve("gone")).doesNotExist();
    assertThat(roles.resolve("other/tasks/main.yml")).exists();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aRoleNotInstalledFromRequirementsIsNotOverwritten() throws Exception {
    Files.createDirectories(roles.resolve("web/tasks"));
    Files.writeString(roles.resolve("web/tasks/main.yml"), "# local work\n");
    RoleInstaller.Result result = install("v1", false);
    assertThat(result.outcome()).isEqualTo(RoleInstaller.Outcome.FAILED);
    assertThat(result.message()).contains("was not installed from a requirements file");
    assertThat(tasks()).isEqualTo("# local work\n");
  }

  /** A repository of one role, with the given files, committed and tagged v1. */
  private Path roleRepository(String name, java.util.Map<String, String> files) throws Exception {
    Path dir = base.resolve("src/" + name + ".git");
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    for (var file : files.entrySet()) {
      Files.createDirectories(dir.resolve(file.getKey()).getParent());
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "first");
    git(dir, "tag", "v1");
    return dir;
  }

  @Test
  void installsWhatAnInstalledRoleDependsOnOnceAndWarnsOfUnknownNames() throws Exception {
    Path common = roleRepository("common", java.util.Map.of("tasks/main.yml", "- debug: msg=c\n"));
    Path tls = roleRepository("tls", java.util.Map.of("tasks/main.yml", "- debug: msg=t\n"));
    Path app =
        roleRepository(
            "app",
            java.util.Map.of(
                "tasks/main.yml",
                "- debug: msg=a\n",
                "meta/main.yml",
                "dependencies:\n"
                    + "  - role: base\n"
                    + "    src: "
                    + common
                    + "\n"
                    + "    version: v1\n"
                    + "    vars: {x: 1}\n"
                    + "  - web\n"
                    + "  - role: monitoring\n",
                "meta/requirements.yml",
                "- src: " + tls + "\n  version: v1\n"));
    Requirement wanted = new Requirement("app", app.toString(), Optional.of("v1"), null);

    List<RoleInstaller.Result> first = new RoleInstaller(roles, false).install(List.of(wanted));
    assertThat(first)
        .extracting(RoleInstaller.Result::outcome)
        .containsExactly(
            RoleInstaller.Outcome.INSTALLED,
            RoleInstaller.Outcome.INSTALLED,
            RoleInstaller.Outcome.INSTALLED,
            RoleInstaller.Outcome.MISSING_DEPENDENCY,
            RoleInstaller.Outcome.MISSING_DEPENDENCY);
    assertThat(Files.readString(roles.resolve("base/tasks/main.yml")))
        .isEqualTo("- debug: msg=c\n");
    assertThat(roles.resolve("tls/tasks/main.yml")).exists();
    assertThat(first.get(3).message())
        .contains("app depends on role 'web'")
        .contains("git repository");
    assertThat(first.get(4).message()).contains("'monitoring'");

    // web now comes from another requirement: installed first, it is no longer missing.
    Requirement web = role("v1");
    List<RoleInstaller.Result> again =
        new RoleInstaller(roles, false).install(List.of(web, wanted));
    assertThat(again)
        .extracting(RoleInstaller.Result::outcome)
        .containsExactly(
            RoleInstaller.Outcome.INSTALLED,
            RoleInstaller.Outcome.ALREADY_INSTALLED,
            RoleInstaller.Outcome.ALREADY_INSTALLED,
            RoleInstaller.Outcome.ALREADY_INSTALLED,
            RoleInstaller.Outcome.MISSING_DEPENDENCY);

    Path other = base.resolve("other-roles");
    assertThat(new RoleInstaller(other, false, false).install(List.of(wanted)))
        .extracting(RoleInstaller.Result::outcome)
        .containsExactly(RoleInstaller.Outcome.INSTALLED);
    assertThat(other.resolve("base")).doesNotExist();
  }
}
