package dev.ploy.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DiffTest {

  @Test
  void attributesAreShownApartFromTheContentLines() {
    String shown =
        Diff.render(
            List.of(
                new Diff("/etc/x", "one\ntwo\n", "one\nTWO\n"),
                Diff.property("/etc/x", "mode", "0644", "0600")));
    assertThat(shown)
        .isEqualTo(
            """
            --- before: /etc/x
            +++ after: /etc/x
            @@ -1,2 +1,2 @@
             one
            -two
            +TWO
            @@ attributes @@
            -mode: 0644
            +mode: 0600
            """);
  }

  @Test
  void aFileThatWillBeCreatedShowsItsContentOnceAndItsModeApart() {
    String shown =
        Diff.render(
            List.of(
                Diff.created("/etc/new", "one\ntwo\n"),
                Diff.property("/etc/new", "mode", null, "0600")));
    assertThat(shown)
        .isEqualTo(
            """
            --- before: /etc/new (absent)
            +++ after: /etc/new
            @@ -0,0 +1,2 @@
            +one
            +two
            @@ attributes @@
            +mode: 0600
            """);
  }

  @Test
  void onlyAttributesShowNoContentHunk() {
    String shown =
        Diff.render(
            List.of(
                Diff.property("/srv/d", "state", "absent", "directory"),
                Diff.property("/srv/d", "owner", "root", "www-data")));
    assertThat(shown)
        .isEqualTo(
            """
            --- before: /srv/d
            +++ after: /srv/d
            @@ attributes @@
            -state: absent
            +state: directory
            -owner: root
            +owner: www-data
            """);
  }

  @Test
  void resultsCarryTheDiffShapedAsAnsibleModulesReturnIt() {
    List<Object> shaped =
        Diff.ansibleShaped(
            List.of(
                new Diff("/etc/x", "a\n", "b\n"),
                Diff.created("/etc/new", "n\n"),
                Diff.property("/etc/m", "mode", "0644", "0600"),
                Diff.property("/etc/m", "state", "absent", "file")));
    assertThat(shaped)
        .containsExactly(
            Map.of(
                "before",
                "a\n",
                "after",
                "b\n",
                "before_header",
                "/etc/x",
                "after_header",
                "/etc/x"),
            Map.of("before", "", "after", "n\n", "after_header", "/etc/new"),
            Map.of(
                "before", Map.of("path", "/etc/m", "mode", "0644", "state", "absent"),
                "after", Map.of("path", "/etc/m", "mode", "0600", "state", "file")));
  }
}
