package dev.ploy.requirements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequirementsFileTest {
  @TempDir Path dir;

  private RequirementsFile read(String text) throws Exception {
    Path file = dir.resolve("requirements.yml");
    Files.writeString(file, text);
    return RequirementsFile.read(file);
  }

  @Test
  void readsAnsibleGalaxyRoleEntries() throws Exception {
    RequirementsFile file =
        read(
            """
            roles:
              - src: https://git.example.org/ops/ansible-role-nginx.git
                scm: git
                version: v1.4
              - src: git+ssh://git@git.example.org/ops/postgres.git
                name: pg
              - git@git.example.org:ops/hardening.git,main
              - git+https://git.example.org/ops/backup.git,,backups
            collections:
              - community.general
            """);
    assertThat(file.roles())
        .extracting(Requirement::name, Requirement::repository, Requirement::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ansible-role-nginx",
                "https://git.example.org/ops/ansible-role-nginx.git",
                Optional.of("v1.4")),
            org.assertj.core.groups.Tuple.tuple(
                "pg", "ssh://git@git.example.org/ops/postgres.git", Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(
                "hardening", "git@git.example.org:ops/hardening.git", Optional.of("main")),
            org.assertj.core.groups.Tuple.tuple(
                "backups", "https://git.example.org/ops/backup.git", Optional.empty()));
    assertThat(file.roles().get(0).at().line()).isEqualTo(2);
    assertThat(file.collections()).isEqualTo(1);
  }

  @Test
  void aTopLevelListIsTheOldFormat() throws Exception {
    RequirementsFile file = read("- src: /srv/git/roles/common.git\n  version: 3f2a9c1\n");
    assertThat(file.roles()).singleElement().extracting(Requirement::name).isEqualTo("common");
  }

  @Test
  void everyProblemIsReportedWithItsLineBeforeAnythingIsCloned() {
    assertThatThrownBy(
            () ->
                read(
                    """
                    roles:
                      - name: geerlingguy.nginx
                      - src: geerlingguy.docker
                      - src: https://example.org/role.tar.gz
                      - src: https://example.org/x.git
                        scm: hg
                      - src: https://example.org/x.git
                        versoin: v1
                      - src: https://example.org/y.git
                        name: ../../etc
                      - src: https://example.org/z.git
                        version: --upload-pack=touch /tmp/owned
                      - src: https://example.org/a/common.git
                      - src: https://example.org/b/common.git
                    """))
        .isInstanceOf(RequirementsException.class)
        .hasMessageContaining("requirements.yml:2:5: a role requirement needs src:")
        .hasMessageContaining(
            "requirements.yml:3:5: 'geerlingguy.docker' is not a git repository; Galaxy names are"
                + " not looked up")
        .hasMessageContaining(
            "requirements.yml:4:5: 'https://example.org/role.tar.gz' is an archive")
        .hasMessageContaining("requirements.yml:5:5: scm 'hg' is not supported")
        .hasMessageContaining("requirements.yml:8:5: unknown key 'versoin'")
        .hasMessageContaining("requirements.yml:9:5: '../../etc' cannot be a role's directory name")
        .hasMessageContaining(
            "requirements.yml:11:5: version '--upload-pack=touch /tmp/owned' is not a branch")
        .hasMessageContaining("requirements.yml:14:5: role 'common' is already required at")
        .hasMessageContaining("requirements.yml:13:5");
  }

  @Test
  void namesComeFromTheRepositoryAsAnsibleGalaxyMakesThem() {
    assertThat(RequirementsFile.nameFromRepository("https://h/o/ansible-role-x.git"))
        .isEqualTo("ansible-role-x");
    assertThat(RequirementsFile.nameFromRepository("git@h:o/x.git")).isEqualTo("x");
    assertThat(RequirementsFile.nameFromRepository("git@h:x")).isEqualTo("x");
    assertThat(RequirementsFile.nameFromRepository("/srv/git/x/")).isEqualTo("x");
  }
}
