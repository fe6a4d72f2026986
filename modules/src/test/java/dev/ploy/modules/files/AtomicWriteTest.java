package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ploy.module.ModuleException;
import org.junit.jupiter.api.Test;

class AtomicWriteTest {
  @Test
  void aValidationWithoutPercentSFailsWithAnsiblesMessage() {
    // ansible's lineinfile target asserts "'validate must contain %s: /some/path' in msg"
    assertThatThrownBy(() -> AtomicWrite.validationLine("/some/path"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("validate must contain %s: /some/path");
  }
}
