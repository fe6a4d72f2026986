package dev.ploy.modules.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case in textedit/cases.json edited by ploy's lineinfile, blockinfile and replace, compared
 * with what ansible-core 2.14's own modules did to the same file (textedit/expected.json, recorded
 * by record_edits.py): same content byte for byte, same changed, same msg, same failures.
 */
class TextEditGoldenTest {
  private static final String PATH = "/srv/case.txt";

  static Stream<Arguments> cases() throws Exception {
    return GoldenEdits.load("textedit", input -> input.get("module") + ": " + input.get("name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void editsLikeAnsible(String name, Map<String, Object> input, Map<String, Object> expected)
      throws Exception {
    assertThat(expected.get("name")).isEqualTo(input.get("name"));
    Module module =
        switch ((String) input.get("module")) {
          case "lineinfile" -> new LineInFile();
          case "blockinfile" -> new BlockInFile();
          default -> new Replace();
        };
    byte[] content = GoldenEdits.before(input);
    Edit edit;
    try {
      Args args = Args.bind(module.spec(), GoldenEdits.args(input, PATH));
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
    GoldenEdits.assertSameOutcome(edit, expected, PATH);
    assertThat(GoldenEdits.text(edit)).as("content").isEqualTo(expected.get("after"));
  }
}
