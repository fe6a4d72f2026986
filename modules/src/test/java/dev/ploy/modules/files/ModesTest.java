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
