package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModesTest {

  @Test
  void octalModesAreReadAsOctal() {
    assertThat(Modes.resolve("0644", 0, false)).isEqualTo(0644);
    assertThat(Modes.resolve("755", 0, false)).isEqualTo(0755);
    assertThat(Modes.resolve("2775", 0, true)).isEqualTo(02775);
  }

  @Test
  void leadingZerosAreFreeAsInAnsiblesIntOfBase8() {
    // geerlingguy.postgresql gives its socket directories '02775'; ansible-playbook 2.14 sets them
    assertThat(Modes.resolve("02775", 0, true)).isEqualTo(02775);
    assertThat(Modes.resolve("00644", 0, false)).isEqualTo(0644);
    assertThat(Modes.resolve("0o750", 0, true)).isEqualTo(0750);
    assertThat(Modes.resolve("0", 0755, false)).isZero();
    assertThat(Modes.problem("17777")).contains("not a file mode");
    assertThat(Modes.problem("0100644")).contains("not a file mode");
  }

  @Test
  void symbolicModesWorkLikeChmod() {
    assertThat(Modes.resolve("u=rw,g=r,o=", 0777, false)).isEqualTo(0640);
    assertThat(Modes.resolve("u+x", 0644, false)).isEqualTo(0744);
    assertThat(Modes.resolve("a-w", 0664, false)).isEqualTo(0444);
    assertThat(Modes.resolve("go-rwx", 0755, false)).isEqualTo(0700);
    assertThat(Modes.resolve("u=rwX,g=rX,o=rX", 0600, true)).isEqualTo(0755);
    assertThat(Modes.resolve("u=rwX,g=rX,o=rX", 0600, false)).isEqualTo(0644);
    assertThat(Modes.resolve("g+s", 0755, true)).isEqualTo(02755);
  }

  @Test
  void nonsenseIsRefusedWithTheFix() {
    assertThat(Modes.problem("rwxr-xr-x")).contains("'0644'");
    assertThatThrownBy(() -> Modes.resolve("u+q", 0, false))
        .hasMessageContaining("not a file mode");
  }
}
