package dev.ploy.modules.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * package takes apt's arguments as Ansible's package action does: it hands the task's arguments on
 * to the manager's module unchecked (ansible-playbook 2.14 ran {@code package: {update_cache:
 * true}} and {@code package: {name: cowsay, state: absent, purge: true}} on Debian without an
 * error), so a role written that way is not refused at load.
 */
class PackageArgumentsTest {
  private final PackageModule module = new PackageModule();

  @Test
  void aptsArgumentsAreAccepted() throws ModuleException {
    Args refresh = Args.bind(module.spec(), Map.of("update_cache", true));
    assertThat(refresh.bool("update_cache")).isTrue();
    Args purge =
        Args.bind(module.spec(), Map.of("name", "cowsay", "state", "absent", "purge", true));
    assertThat(purge.bool("purge")).isTrue();
    assertThat(purge.strings("name")).containsExactly("cowsay");
  }

  @Test
  void whatAptRefusesIsStillRefused() {
    assertThatThrownBy(() -> Args.bind(module.spec(), Map.of("name", "x", "no_such_option", 1)))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("no_such_option");
  }
}
