package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SysctlEditTest {
  @Test
  void replacesTheFirstLineRemovesDuplicatesAndKeepsComments() {
    String file =
        "# net.ipv4.ip_forward=0\nnet.ipv4.ip_forward = 0\nvm.swappiness=10\n"
            + "net/ipv4/ip_forward=0\n";
    assertThat(Sysctl.edit(file, "net.ipv4.ip_forward", "1"))
        .isEqualTo("# net.ipv4.ip_forward=0\nnet.ipv4.ip_forward=1\nvm.swappiness=10\n");
    assertThat(Sysctl.edit("vm.swappiness = 10\n", "vm.swappiness", "10"))
        .isEqualTo("vm.swappiness = 10\n");
    assertThat(Sysctl.edit("", "vm.swappiness", "10")).isEqualTo("vm.swappiness=10\n");
    assertThat(Sysctl.edit("vm.swappiness=10\nx=1", "vm.swappiness", null)).isEqualTo("x=1\n");
  }
}
