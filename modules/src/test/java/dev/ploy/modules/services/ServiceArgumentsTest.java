package dev.ploy.modules.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * service takes systemd's own arguments as Ansible's service action does on a systemd host: it
 * hands the task's arguments on to the systemd module (ansible-lockdown's CIS roles write {@code
 * service: {name: X, masked: true}}), so such a role is not refused at load.
 */
class ServiceArgumentsTest {
  private final Service module = new Service();

  @Test
  void systemdsArgumentsAreAccepted() throws ModuleException {
    Args masked = Args.bind(module.spec(), Map.of("name", "avahi-daemon", "masked", true));
    assertThat(masked.bool("masked")).isTrue();
    Args reexec = Args.bind(module.spec(), Map.of("daemon_reexec", true));
    assertThat(reexec.bool("daemon_reexec")).isTrue();
  }

  @Test
  void aTaskStillSaysWhatToDo() {
    assertThatThrownBy(() -> Args.bind(module.spec(), Map.of("name", "cron")))
        .isInstanceOf(ModuleException.class)
        .hasMessageContaining("masked");
  }
}
