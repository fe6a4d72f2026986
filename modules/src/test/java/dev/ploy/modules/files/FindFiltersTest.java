package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindFiltersTest {

  @Test
  void globsMatchWholeBaseNamesLikeFnmatch() {
    FindFilters logs = FindFilters.names(List.of("*.log", "app-?.[0-9]"), List.of(), false);
    assertThat(logs.selects("a.log")).isTrue();
    assertThat(logs.selects("a.log.1")).isFalse();
    assertThat(logs.selects("app-x.7")).isTrue();
    assertThat(logs.selects("app-x.y")).isFalse();
    FindFilters negated = FindFilters.names(List.of("[!.]*"), List.of(), false);
    assertThat(negated.selects("visible")).isTrue();
    assertThat(negated.selects(".hidden")).isFalse();
    FindFilters literal = FindFilters.names(List.of("$(x) (1)+.txt"), List.of(), false);
    assertThat(literal.selects("$(x) (1)+.txt")).isTrue();
    assertThat(literal.selects("$(x) (1).txt")).isFalse();
    assertThat(FindFilters.names(List.of("[x"), List.of(), false).selects("[x")).isTrue();
  }

  @Test
  void excludesWinAndNoPatternsSelectsEverything() {
    FindFilters some = FindFilters.names(List.of(), List.of("*.tmp"), false);
    assertThat(some.selects("a.txt")).isTrue();
    assertThat(some.selects("a.tmp")).isFalse();
  }

  @Test
  void regularExpressionsMatchFromTheStartAsPythonsMatchDoes() {
    FindFilters re = FindFilters.names(List.of("app\\d+"), List.of("app9.*"), true);
    assertThat(re.selects("app12.log")).isTrue();
    assertThat(re.selects("my-app12.log")).isFalse();
    assertThat(re.selects("app9.log")).isFalse();
    assertThatThrownBy(() -> FindFilters.names(List.of("("), List.of(), true))
        .hasMessageContaining("'(' is not a valid regular expression");
  }

  /** Regression: use_regex patterns are Python's, named groups and \\Z included. */
  @Test
  void regularExpressionsArePythons() {
    FindFilters re = FindFilters.names(List.of("(?P<stem>app_1)\\.log\\Z"), List.of(), true);
    assertThat(re.selects("app_1.log")).isTrue();
    assertThat(re.selects("app_1.log.1")).isFalse();
  }

  @Test
  void agesAndSizesWithUnitsAndSigns() {
    assertThat(FindFilters.age("2d")).isEqualTo(2 * 86400);
    assertThat(FindFilters.age("-1W")).isEqualTo(-604800);
    assertThat(FindFilters.age("30")).isEqualTo(30);
    assertThat(FindFilters.size("10m")).isEqualTo(10L << 20);
    assertThat(FindFilters.size("-1k")).isEqualTo(-1024);
    assertThatThrownBy(() -> FindFilters.age("2 days"))
        .hasMessageContaining("failed to process age");
    assertThatThrownBy(() -> FindFilters.size("1x")).hasMessageContaining("failed to process size");
    assertThat(FindFilters.atLeastOrAtMost(100, 50)).isTrue();
    assertThat(FindFilters.atLeastOrAtMost(100, -50)).isFalse();
    assertThat(FindFilters.atLeastOrAtMost(50, -50)).isTrue();
  }

  @Test
  void startingPointsCannotBeReadAsOptions() {
    assertThat(Find.startingPoint("-delete")).isEqualTo("./-delete");
    assertThat(Find.startingPoint("(")).isEqualTo("'./('");
    assertThat(Find.startingPoint("/srv/it's")).isEqualTo("'/srv/it'\"'\"'s'");
    assertThat(Find.startingPoint("~/logs")).isEqualTo("\"$HOME\"/logs");
  }

  @Test
  void aWholeFileDollarAlsoMatchesBeforeTheLastNewlineAsInPython() {
    assertThat(FindFilters.grepExpression("OK$", true)).isEqualTo("OK(?=\\n?\\z)");
    assertThat(FindFilters.grepExpression("a\\$[$]b[]$]$", true))
        .isEqualTo("a\\$[$]b[]$](?=\\n?\\z)");
    assertThat(FindFilters.grepExpression("KO$", false)).isEqualTo("^(?:KO$)");
  }

  @Test
  void aNewlineInContainsIsWrittenAsAnEscapeForGrep() {
    // grep -P takes a newline in its pattern for a second pattern, and refuses it
    assertThat(FindFilters.grepExpression("has\na few", true)).isEqualTo("has\\na few");
    assertThat(FindFilters.grepExpression("a\\\nb[\n]", false)).isEqualTo("^(?:a\\nb[\\n])");
  }
}
