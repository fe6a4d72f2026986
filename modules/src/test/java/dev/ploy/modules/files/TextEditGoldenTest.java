package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every case in textedit/cases.json edited by ploy's lineinfile, blockinfile and replace, compared
 * with what ansible-core 2.14's own modules did to the same file (textedit/expected.json, recorded
 * by textedit/generate.py): same content byte for byte, same changed, same msg, same failures.
 */
class TextEditGoldenTest {
  private static final String PATH = "/srv/case.txt";

  static Stream<Arguments> cases() throws Exception {
    List<Map<String, Object>> cases = load("cases.json");
    List<Map<String, Object>> expected = load("expected.json");
    List<Arguments> all = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      all.add(
          Arguments.of(
              cases.get(i).get("module") + ": " + cases.get(i).get("name"),
              cases.get(i),
              expected.get(i)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void editsLikeAnsible(String name, Map<String, Object> input, Map<String, Object> expected)
      throws Exception {
    assertThat(expected.get("name")).isEqualTo(input.get("name"));
    Module module =
        switch ((String) input.get("module")) {
          case "lineinfile" -> new LineInFile();
          case "blockinfile" -> new BlockInFile();
          default -> new Replace();
        };
    Map<String, Object> raw = new LinkedHashMap<>((Map<String, Object>) input.get("args"));
    raw.put("path", PATH);
    String before = (String) input.get("before");
    byte[] content = before == null ? null : before.getBytes(StandardCharsets.UTF_8);
    Edit edit;
    try {
      Args args = Args.bind(module.spec(), raw);
      edit =
          switch (module.spec().name()) {
            case "lineinfile" -> LineInFile.edit(args, content);
            case "blockinfile" -> BlockInFile.edit(args, content);
            default -> Replace.edit(args, content);
          };
    } catch (ModuleException e) {
      assertThat(expected.get("failed")).as("failed: " + e.getMessage()).isEqualTo(true);
      return;
    }
    assertThat(expected.get("failed"))
        .as("Ansible failed: " + expected.get("msg"))
        .isEqualTo(false);
    assertThat(edit.changed()).as("changed").isEqualTo(expected.get("changed"));
    String msg = ((String) expected.get("msg")).replaceAll("/tmp/\\w+/case\\d+", PATH);
    assertThat(edit.msg()).as("msg").isEqualTo(msg);
    String after =
        edit.content() == null
            ? null
            : new String(ByteText.bytes(edit.content()), StandardCharsets.UTF_8);
    assertThat(after).as("content").isEqualTo(expected.get("after"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> load(String name) throws Exception {
    try (InputStream in = TextEditGoldenTest.class.getResourceAsStream("/textedit/" + name)) {
      return (List<Map<String, Object>>) new Yaml().load(in);
    }
  }
}
