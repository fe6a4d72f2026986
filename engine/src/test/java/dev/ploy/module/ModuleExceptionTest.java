package dev.ploy.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.connection.ExecResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleExceptionTest {
  private static final ExecResult FAILED = new ExecResult(2, "half done\n", "no such file\n");

  @Test
  void commandFailedReportsTheExitStatusAndErrorOutput() {
    ModuleException failure = ModuleException.commandFailed("could not write /etc/x", FAILED);

    assertThat(failure).hasMessage("could not write /etc/x");
    assertThat(failure.result()).isEqualTo(Map.of("rc", 2, "stderr", "no such file\n"));
  }

  @Test
  void commandFailedWithOutputReportsStdoutToo() {
    ModuleException failure = ModuleException.commandFailedWithOutput("certbot failed", FAILED);

    assertThat(failure.result())
        .isEqualTo(Map.of("rc", 2, "stdout", "half done\n", "stderr", "no such file\n"));
  }

  @Test
  void withAddsTheKeyTheFailureConcerns() {
    ModuleException failure =
        ModuleException.commandFailed("cannot read /etc/x", FAILED).with("path", "/etc/x");

    assertThat(failure.result()).containsEntry("path", "/etc/x").containsEntry("rc", 2);
  }

  @Test
  void failedSayingAppendsWhatTheCommandSaid() {
    assertThat(ModuleException.failedSaying("ufw refused the rule", FAILED))
        .hasMessage("ufw refused the rule: no such file\nhalf done");
  }

  @Test
  void requireOkReturnsASuccessAndFailsOtherwise() throws ModuleException {
    ExecResult ok = new ExecResult(0, "fine\n", "");

    assertThat(ModuleException.requireOk(ok, "probe failed")).isSameAs(ok);
    assertThatThrownBy(() -> ModuleException.requireOk(FAILED, "probe failed"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("probe failed: no such file\nhalf done");
  }
}
