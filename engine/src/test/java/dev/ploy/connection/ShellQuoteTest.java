package dev.ploy.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellQuoteTest {

  @Test
  void plainWordsStayBare() {
    assertThat(ShellQuote.quote("/etc/nginx/nginx.conf")).isEqualTo("/etc/nginx/nginx.conf");
  }

  @Test
  void emptyAndDashedWordsAreQuoted() {
    assertThat(ShellQuote.quote("")).isEqualTo("''");
    assertThat(ShellQuote.quote("-rf")).isEqualTo("'-rf'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a'b",
        "$(touch /tmp/pwned)",
        "`id`",
        "x; rm -rf /",
        "line1\nline2",
        "*.conf",
        "ünïcödé ✓",
        "'",
        "''''",
        "\\'\"$HOME\""
      })
  void hostileValuesArriveByteForByte(String value) throws Exception {
    ExecResult result =
        new LocalConnection("localhost").exec(Command.of("printf %s " + ShellQuote.quote(value)));
    assertThat(result.rc()).isZero();
    assertThat(result.stdout()).isEqualTo(value);
  }

  @Test
  void joinQuotesEveryWord() {
    assertThat(ShellQuote.join(List.of("echo", "a b", "c"))).isEqualTo("echo 'a b' c");
  }

  @Test
  void anOperandNeverLooksLikeAnOption() {
    assertThat(ShellQuote.operand("-rf")).isEqualTo("./-rf");
    assertThat(ShellQuote.operand("--help.zip")).isEqualTo("./--help.zip");
    assertThat(ShellQuote.operand("/srv/-rf")).isEqualTo("/srv/-rf");
    assertThat(ShellQuote.operand("a-b")).isEqualTo("a-b");
  }
}
