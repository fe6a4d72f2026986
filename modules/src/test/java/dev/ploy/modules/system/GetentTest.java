package dev.ploy.modules.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** getent splits entries as Python's str.split does. */
class GetentTest {
  @Test
  void colonsKeepEmptyFieldsAndWhitespaceRunsDoNot() {
    assertThat(Getent.fields("root:x:0:0::/root:/bin/bash", ":"))
        .containsExactly("root", "x", "0", "0", "", "/root", "/bin/bash");
    assertThat(Getent.fields("127.0.0.1       localhost  ip6", null))
        .containsExactly("127.0.0.1", "localhost", "ip6");
  }
}
