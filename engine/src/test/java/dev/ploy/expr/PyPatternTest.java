package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class PyPatternTest {

  private static String expand(String regex, String text, String template) throws Exception {
    PyPattern pattern = PyPattern.compile(regex, 0, false, "regexp");
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).isTrue();
    return pattern.expand(m, template);
  }

  @Test
  void pythonOnlySyntaxIsTranslated() throws Exception {
    assertThat(PyPattern.compile("^server {$", 0, false, "r").search("server {\n")).isTrue();
    assertThat(PyPattern.compile("a{2,}", 0, false, "r").search("xaay")).isTrue();
    assertThat(PyPattern.compile("a{,2}b", 0, false, "r").search("b")).isTrue();
    assertThat(PyPattern.compile("[[]x]", 0, false, "r").search("[x]")).isTrue();
    assertThat(PyPattern.compile("[]a]", 0, false, "r").search("]")).isTrue();
    assertThat(PyPattern.compile("[a&&b]", 0, false, "r").search("&")).isTrue();
    assertThat(PyPattern.compile("a(?#note)b", 0, false, "r").search("ab")).isTrue();
    assertThat(PyPattern.compile("(?P<w_1>o)(?P=w_1)", 0, false, "r").search("foo")).isTrue();
    assertThat(PyPattern.compile("a\\Z", 0, false, "r").search("a\n")).isFalse();
    assertThat(PyPattern.compile("a$", 0, false, "r").search("a\n")).isTrue();
    assertThat(PyPattern.compile("a$", 0, false, "r").search("a\r\n")).isFalse();
  }

  @Test
  void templatesExpandLikePython() throws Exception {
    assertThat(expand("(\\d+)", "port 22", "P\\1")).isEqualTo("P22");
    assertThat(expand("(\\d+)", "port 22", "\\g<1>0")).isEqualTo("220");
    assertThat(expand("(?P<the_n>\\d+)", "port 22", "\\g<the_n>")).isEqualTo("22");
    assertThat(expand("(a)(b)?", "a", "[\\2]")).isEqualTo("[]");
    assertThat(expand("(a)", "a", "$1 \\\\ \\. \\n")).isEqualTo("$1 \\ \\. \n");
    assertThat(expand("(a)", "a", "\\101")).isEqualTo("A");
  }

  @Test
  void mistakesAreReportedWithThePattern() {
    assertThatThrownBy(() -> PyPattern.compile("a(", 0, false, "regexp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regexp: 'a(' is not a valid regular expression");
    assertThatThrownBy(() -> expand("(a)", "a", "\\2"))
        .hasMessageContaining("invalid group reference 2");
    assertThatThrownBy(() -> expand("(a)", "a", "\\q")).hasMessageContaining("bad escape \\q");
  }
}
