package dev.ploy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SectionsTest {
  @Test
  void sectionsKeepTheirLinesWithoutTheTrailingEmptyOnes() {
    Sections sections = Sections.parse("ignored\n@@one\n a \n\nb\n\n@@two-words\n@@end\n");
    assertThat(sections.lines("one")).containsExactly(" a ", "", "b");
    assertThat(sections.first("one")).isEqualTo("a");
    assertThat(sections.has("two-words")).isTrue();
    assertThat(sections.lines("two-words")).isEmpty();
    assertThat(sections.has("missing")).isFalse();
  }

  @Test
  void aLongerMarkLeavesLinesThatStartWithTheShortOneAsText() {
    Sections sections =
        Sections.parse("@@ploy:passwd\n@@x:1:1::/:/bin/sh\n@@ploy:home\nyes\n", "@@ploy:");
    assertThat(sections.lines("passwd")).containsExactly("@@x:1:1::/:/bin/sh");
    assertThat(sections.lines("home")).isEqualTo(List.of("yes"));
  }
}
