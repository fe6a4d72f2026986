package dev.ploy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

  @Test
  void showsChangedLinesWithContext() {
    String diff = UnifiedDiff.render("/etc/x.conf", "a\nb\nc\n", "a\nB\nc\n");
    assertThat(diff)
        .isEqualTo(
            "--- before: /etc/x.conf\n+++ after: /etc/x.conf\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  }

  @Test
  void newFileIsAllAdditions() {
    String diff = UnifiedDiff.render("f", "", "one\ntwo\n");
    assertThat(diff).contains("@@ -0,0 +1,2 @@\n+one\n+two\n");
  }

  @Test
  void distantChangesMakeTwoHunks() {
    StringBuilder before = new StringBuilder();
    StringBuilder after = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      before.append(i).append('\n');
      after.append(i == 2 || i == 19 ? "changed" : String.valueOf(i)).append('\n');
    }
    String diff = UnifiedDiff.render("f", before.toString(), after.toString());
    assertThat(diff.lines().filter(l -> l.startsWith("@@")).count()).isEqualTo(2);
  }
}
