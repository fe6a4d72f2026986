package dev.ploy.modules.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.ArgChecker;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.ModuleSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Arguments public roles pass that ploy used to reject before any host was contacted. */
class RoleArgumentsTest {
  private static final ModuleRegistry REGISTRY = ModuleRegistry.load();

  private static ModuleSpec spec(String module) {
    return REGISTRY.find(module).map(Module::spec).orElseThrow();
  }

  @Test
  void postgresqlUserTakesEncryptedWithoutAWarning() {
    Map<String, Object> args = Map.of("name", "shop", "password", "s3cret", "encrypted", true);
    assertThat(ArgChecker.problems(spec("community.postgresql.postgresql_user"), args)).isEmpty();
    assertThat(ArgChecker.notHonoured(spec("postgresql_user"), args)).isEmpty();
  }

  @Test
  void serviceTakesDaemonReloadAlone() {
    assertThat(ArgChecker.problems(spec("service"), Map.of("daemon_reload", true))).isEmpty();
  }

  @Test
  void packageTakesAllowDowngrade() {
    Map<String, Object> args = Map.of("name", "nginx", "state", "present", "allow_downgrade", true);
    assertThat(ArgChecker.problems(spec("package"), args)).isEmpty();
    assertThat(ArgChecker.notHonoured(spec("package"), args)).isEmpty();
  }

  @Test
  void anUnhonouredArgumentOfARealModuleIsAcceptedAndNamedInItsWarning() {
    Map<String, Object> args = Map.of("repo", "https://example.com/x.git", "dest", "/x");
    Map<String, Object> withKey = new java.util.HashMap<>(args);
    withKey.put("key_file", "/root/.ssh/deploy");
    assertThat(ArgChecker.problems(spec("git"), withKey)).isEmpty();
    assertThat(ArgChecker.notHonoured(spec("git"), args)).isEmpty();
    assertThat(ArgChecker.notHonoured(spec("git"), withKey))
        .singleElement()
        .asString()
        .contains("module git")
        .contains("'key_file'");
  }
}
