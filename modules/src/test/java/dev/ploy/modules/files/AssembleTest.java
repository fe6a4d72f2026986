package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How assemble joins fragments and reads its delimiter, as Ansible's module does. */
class AssembleTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String joined(byte[] delimiter, String... fragments) {
    return new String(
        Assemble.join(List.of(fragments).stream().map(AssembleTest::bytes).toList(), delimiter),
        StandardCharsets.UTF_8);
  }

  @Test
  void aFragmentWithoutANewlineGetsOneOnlyWhenAnotherFollows() {
    assertThat(joined(null, "one", "two\n", "three")).isEqualTo("one\ntwo\nthree");
  }

  @Test
  void theDelimiterGoesBetweenFragmentsEndedByANewline() {
    assertThat(joined(bytes("--"), "a", "b\n", "c")).isEqualTo("a\n--\nb\n--\nc");
    assertThat(joined(bytes("--\n"), "a\n", "b\n")).isEqualTo("a\n--\nb\n");
    assertThat(joined(bytes("--"), "only\n")).isEqualTo("only\n");
  }

  @Test
  void theDelimiterReadsPythonEscapes() {
    assertThat(new String(Assemble.unescape("#\\x41\\t\\101\\n\\\\q\\z"), StandardCharsets.UTF_8))
        .isEqualTo("#A\tA\n\\q\\z");
  }
}
