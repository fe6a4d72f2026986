package dev.ploy.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void splitsLikeAShellWithoutExpanding() {
    assertThat(ShellWords.split("echo 'a b' \"c $HOME\" d\\ e $(x)"))
        .containsExactly("echo", "a b", "c $HOME", "d e", "$(x)");
    assertThat(ShellWords.split("  ")).isEmpty();
    assertThat(ShellWords.split("a\"\\\"\"b")).containsExactly("a\"b");
  }

  @Test
  void anUnclosedQuoteIsAnError() {
    assertThatThrownBy(() -> ShellWords.split("echo 'oops"))
        .hasMessageContaining("no closing quotation");
  }

  @Test
  void quotingThenSplittingGivesBackTheWords() {
    String[] hostile = {
      "$(touch /tmp/x)", "`id`", "a'b\"c", "; rm -rf /", "-n", "*", "é ✓", "line\nbreak"
    };
    assertThat(ShellWords.split(ShellQuote.join(hostile))).containsExactly(hostile);
  }
}
