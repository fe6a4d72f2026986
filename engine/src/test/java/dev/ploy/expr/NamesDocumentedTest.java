package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README lists every filter and test ploy has, and no other. */
class NamesDocumentedTest {
  private static final Pattern NAME = Pattern.compile("`([^`]+)`");

  @Test
  void theReadmeListsEveryFilterAndTest() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(listed(readme, "The filters: ")).isEqualTo(Filters.names());
    assertThat(listed(readme, "The tests: ")).isEqualTo(Tests.names());
  }

  private static java.util.Set<String> listed(String readme, String start) {
    int from = readme.indexOf(start);
    assertThat(from).as("the README has a line starting '%s'", start).isNotNegative();
    String list = readme.substring(from, readme.indexOf(".\n", from));
    java.util.Set<String> names = new java.util.TreeSet<>();
    Matcher m = NAME.matcher(list);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
