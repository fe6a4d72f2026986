package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.yaml.snakeyaml.Yaml;

/**
 * Golden edit cases: DIR/cases.json (a file's content before and a task's arguments) beside
 * DIR/expected.json (what Ansible's module did with each, recorded by record_edits.py), read for
 * tests that give ploy's module the same cases.
 */
final class GoldenEdits {
  private GoldenEdits() {}

  /** Each case as (its name, the case, what Ansible did), named by {@code naming}. */
  static Stream<Arguments> load(String dir, Function<Map<String, Object>, String> naming)
      throws Exception {
    List<Map<String, Object>> cases = read(dir, "cases.json");
    List<Map<String, Object>> expected = read(dir, "expected.json");
    List<Arguments> all = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      all.add(Arguments.of(naming.apply(cases.get(i)), cases.get(i), expected.get(i)));
    }
    return all.stream();
  }

  /** The case's arguments, with the path edited. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> args(Map<String, Object> input, String path) {
    Map<String, Object> raw = new LinkedHashMap<>((Map<String, Object>) input.get("args"));
    raw.put("path", path);
    return raw;
  }

  /** The file's content before the edit; null when there is no file. */
  static byte[] before(Map<String, Object> input) {
    String before = (String) input.get("before");
    return before == null ? null : before.getBytes(StandardCharsets.UTF_8);
  }

  /** Ansible's msg, the temporary file the recording edited named {@code path}. */
  static String msg(Map<String, Object> expected, String path) {
    return ((String) expected.get("msg")).replaceAll("/tmp/\\w+/case\\d+", path);
  }

  /** The edit did not fail where Ansible did not, and says what Ansible said: changed, msg. */
  static void assertSameOutcome(Edit edit, Map<String, Object> expected, String path) {
    assertThat(expected.get("failed"))
        .as("Ansible failed: " + expected.get("msg"))
        .isEqualTo(false);
    assertThat(edit.changed()).as("changed").isEqualTo(expected.get("changed"));
    assertThat(edit.msg()).as("msg").isEqualTo(msg(expected, path));
  }

  /** The edit's new content as text; null when it writes none. */
  static String text(Edit edit) {
    return edit.content() == null
        ? null
        : new String(ByteText.bytes(edit.content()), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> read(String dir, String name) throws Exception {
    try (InputStream in = GoldenEdits.class.getResourceAsStream("/" + dir + "/" + name)) {
      return (List<Map<String, Object>>) new Yaml().load(in);
    }
  }
}
