package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Args;
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
 * Every case in inifile/cases.json edited by ploy's ini_file, compared with what
 * community.general's ini_file did to the same file (inifile/expected.json, recorded by
 * inifile/generate.py): same content byte for byte, same changed, same msg, same failures.
 */
class IniFileGoldenTest {
  private static final String PATH = "/srv/case.ini";

  static Stream<Arguments> cases() throws Exception {
    List<Map<String, Object>> cases = load("cases.json");
    List<Map<String, Object>> expected = load("expected.json");
    List<Arguments> all = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      all.add(Arguments.of(cases.get(i).get("name"), cases.get(i), expected.get(i)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void editsLikeAnsible(String name, Map<String, Object> input, Map<String, Object> expected)
      throws Exception {
    assertThat(expected.get("name")).isEqualTo(name);
    IniFile module = new IniFile();
    Map<String, Object> raw = new LinkedHashMap<>((Map<String, Object>) input.get("args"));
    raw.put("path", PATH);
    String before = (String) input.get("before");
    byte[] content = before == null ? null : before.getBytes(StandardCharsets.UTF_8);
    Edit edit;
    try {
      edit = IniFile.edit(Args.bind(module.spec(), raw), content);
    } catch (ModuleException e) {
      assertThat(expected.get("failed")).as("failed: " + e.getMessage()).isEqualTo(true);
      assertThat(e.getMessage())
          .isEqualTo(((String) expected.get("msg")).replaceAll("/tmp/\\w+/case\\d+", PATH));
      return;
    }
    assertThat(expected.get("failed"))
        .as("Ansible failed: " + expected.get("msg"))
        .isEqualTo(false);
    assertThat(edit.changed()).as("changed").isEqualTo(expected.get("changed"));
    assertThat(edit.msg()).as("msg").isEqualTo(expected.get("msg"));
    // an edit that changes nothing leaves the file as it was
    String after =
        edit.content() == null || !edit.changed()
            ? before
            : new String(ByteText.bytes(edit.content()), StandardCharsets.UTF_8);
    assertThat(after).as("content").isEqualTo(expected.get("after"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> load(String name) throws Exception {
    try (InputStream in = IniFileGoldenTest.class.getResourceAsStream("/inifile/" + name)) {
      return (List<Map<String, Object>>) new Yaml().load(in);
    }
  }
}
