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

  @Test
  void anAnsibleProjectsCfgAndEnvironmentAreReadUnderPloyYml() throws Exception {
    Files.writeString(
        project.resolve("ansible.cfg"),
        """
        # an existing project's settings
        [defaults]
        inventory = inventories/prod/hosts.ini, inventories/extra
        roles_path = roles:../shared/roles
        remote_user: deploy
        host_key_checking = False ; no known_hosts on CI
        private_key_file = ~/.ssh/deploy
        vault_password_file = .vault_pass
        forks = 10
        gathering = smart

        [privilege_escalation]
        become = True
        become_user = root

        [ssh_connection]
        pipelining = True
        """);
    Config config = Config.load(project, Map.of());
    assertThat(config.list("inventory"))
        .containsExactly(
            project.resolve("inventories/prod/hosts.ini").toString(),
            project.resolve("inventories/extra").toString());
    assertThat(config.list("roles_path"))
        .containsExactly(
            project.resolve("roles").toString(),
            project.resolve("../shared/roles").normalize().toString());
    assertThat(config.string("remote_user")).contains("deploy");
    assertThat(config.string("host_key_checking")).contains("off");
    assertThat(config.string("private_key_file"))
        .contains(System.getProperty("user.home") + "/.ssh/deploy");
    assertThat(config.list("vault_password_file"))
        .containsExactly(project.resolve(".vault_pass").toString());
    assertThat(config.flag("become")).isTrue();
    assertThat(config.integer("forks")).contains(10);

    // ANSIBLE_* variables beat ansible.cfg; ploy.yml and PLOY_* beat both.
    Config withEnv =
        Config.load(project, Map.of("ANSIBLE_FORKS", "30", "ANSIBLE_HOST_KEY_CHECKING", "True"));
    assertThat(withEnv.integer("forks")).contains(30);
    assertThat(withEnv.string("host_key_checking")).contains("strict");
    Files.writeString(project.resolve("ploy.yml"), "forks: 5\n");
    assertThat(Config.load(project, Map.of("ANSIBLE_FORKS", "30")).integer("forks")).contains(5);
    assertThat(Config.load(project, Map.of("PLOY_FORKS", "7")).integer("forks")).contains(7);
  }

  @Test
  void ansibleConfigNamesTheFileAndAHostListStaysAsWritten() throws Exception {
    Path other = Files.createDirectories(project.resolve("elsewhere"));
    Files.writeString(other.resolve("my.cfg"), "[defaults]\ninventory = web1,web2,\n");
    Config config =
        Config.load(project, Map.of("ANSIBLE_CONFIG", other.resolve("my.cfg").toString()));
    assertThat(config.list("inventory")).containsExactly("web1,web2,");
    assertThat(config.inventories()).containsExactly("web1,web2,");

    // with a ploy.yml as well, the host list is still not taken for a path beside it
    Files.writeString(project.resolve("ploy.yml"), "forks: 5\n");
    config = Config.load(project, Map.of("ANSIBLE_CONFIG", other.resolve("my.cfg").toString()));
    assertThat(config.inventories()).containsExactly("web1,web2,");
    Files.writeString(project.resolve("ploy.yml"), "inventory: db1,db2,\n");
    assertThat(Config.load(project, Map.of()).inventories()).containsExactly("db1,db2,");
    Files.writeString(project.resolve("ploy.yml"), "inventory: [hosts.ini, more]\n");
    assertThat(Config.load(project, Map.of()).inventories())
        .containsExactly(
            project.resolve("hosts.ini").toString(), project.resolve("more").toString());
  }
}
