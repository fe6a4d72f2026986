package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case in inifile/cases.json edited by ploy's ini_file, compared with what
 * community.general's ini_file did to the same file (inifile/expected.json, recorded by
 * record_edits.py): same content byte for byte, same changed, same msg, same failures.
 */
class IniFileGoldenTest {
  private static final String PATH = "/srv/case.ini";

  static Stream<Arguments> cases() throws Exception {
    return GoldenEdits.load("inifile", input -> (String) input.get("name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void editsLikeAnsible(String name, Map<String, Object> input, Map<String, Object> expected)
      throws Exception {
    assertThat(expected.get("name")).isEqualTo(name);
    Edit edit;
    try {
      Args args = Args.bind(new IniFile().spec(), GoldenEdits.args(input, PATH));
      edit = IniFile.edit(args, GoldenEdits.before(input));
    } catch (ModuleException e) {
      assertThat(expected.get("failed")).as("failed: " + e.getMessage()).isEqualTo(true);
      assertThat(e.getMessage()).isEqualTo(GoldenEdits.msg(expected, PATH));
      return;
    }
    GoldenEdits.assertSameOutcome(edit, expected, PATH);
    // an edit that changes nothing leaves the file as it was
    String after =
        edit.content() == null || !edit.changed()
            ? (String) input.get("before")
            : GoldenEdits.text(edit);
    assertThat(after).as("content").isEqualTo(expected.get("after"));
  }
}
