package dev.ploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path project;

  @Test
  void ployYmlIsFoundInAParentAndEnvironmentVariablesOverrideIt() throws Exception {
    Files.writeString(
        project.resolve("ploy.yml"),
        "inventory: inventories/prod\nroles_path: [roles, ../shared/roles]\nforks: 10\nremote_user: deploy\n");
    Path deeper = Files.createDirectories(project.resolve("playbooks/web"));

    Config config = Config.load(deeper, Map.of("PLOY_FORKS", "40"));
    assertThat(config.file()).contains(project.resolve("ploy.yml"));
    assertThat(config.integer("forks")).contains(40);
    assertThat(config.string("remote_user")).contains("deploy");
    assertThat(config.list("roles_path")).containsExactly("roles", "../shared/roles");
    assertThat(config.path("roles")).isEqualTo(project.resolve("roles"));
  }

  @Test
  void unknownKeysAreReportedWithTheFile() throws Exception {
    Files.writeString(project.resolve("ploy.yml"), "forkz: 10\n");
    assertThatThrownBy(() -> Config.load(project, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ploy.yml")
        .hasMessageContaining("forkz");
  }
}
