package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every template of the corpus (src/test/resources/jinja/cases) rendered by ploy with vars.yml,
 * compared byte for byte with what ansible-core 2.14's template module wrote (expected/, recorded
 * by jinja/record); a case ansible failed to render must fail in ploy too. A case with a
 * CASE.args.yml is rendered with those options of the template module, in its output_encoding. No
 * host is needed.
 */
class JinjaGoldenTest {
  private static final Path ROOT = Path.of("src/test/resources/jinja");
  private static final Path CASES = ROOT.resolve("cases");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".j2") && !n.startsWith("_"))
          .map(n -> n.substring(0, n.length() - 3))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Templar templar() throws IOException {
    Map<String, Object> vars =
        new Yaml().load(Files.readString(ROOT.resolve("vars.yml"), StandardCharsets.UTF_8));
    vars.put("ansible_managed", "Ansible managed"); // as the template module sets it
    return new Templar(Scope.of(vars));
  }

  private static final Jinja.Loader LOADER =
      name -> {
        Path file = CASES.resolve(name);
        return Files.isRegularFile(file)
            ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
            : Optional.empty();
      };

  /** The template module's options of a case: none unless CASE.args.yml gives them. */
  private static Map<String, Object> args(String name) throws IOException {
    Path file = CASES.resolve(name + ".args.yml");
    return Files.exists(file)
        ? new Yaml().load(Files.readString(file, StandardCharsets.UTF_8))
        : Map.of();
  }

  /** The options as the template module reads them (newline_sequence escaped or not). */
  private static Jinja.Options options(Map<String, Object> args) {
    Jinja.Options ansible = Jinja.Options.ANSIBLE;
    Jinja.Delimiters jinja = ansible.delimiters();
    String newline =
        ((String) args.getOrDefault("newline_sequence", "\n"))
            .replace("\\r", "\r")
            .replace("\\n", "\n");
    return new Jinja.Options(
        (Boolean) args.getOrDefault("trim_blocks", ansible.trimBlocks()),
        (Boolean) args.getOrDefault("lstrip_blocks", ansible.lstripBlocks()),
        newline,
        new Jinja.Delimiters(
            (String) args.getOrDefault("block_start_string", jinja.blockStart()),
            (String) args.getOrDefault("block_end_string", jinja.blockEnd()),
            (String) args.getOrDefault("variable_start_string", jinja.variableStart()),
            (String) args.getOrDefault("variable_end_string", jinja.variableEnd()),
            (String) args.getOrDefault("comment_start_string", jinja.commentStart()),
            (String) args.getOrDefault("comment_end_string", jinja.commentEnd())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersLikeAnsible(String name) throws Exception {
    String source = Files.readString(CASES.resolve(name + ".j2"), StandardCharsets.UTF_8);
    Path out = ROOT.resolve("expected").resolve(name + ".out");
    Templar templar = templar();
    Map<String, Object> args = args(name);
    Jinja.Options options = options(args);
    if (Files.exists(out)) {
      Charset encoding =
          Charset.forName(
              ((String) args.getOrDefault("output_encoding", "utf-8"))
                  .replace("latin-1", "latin1"));
      String expected = new String(Files.readAllBytes(out), encoding);
      assertThat(Jinja.render(source, name + ".j2", templar, LOADER, options)).isEqualTo(expected);
    } else {
      assertThat(ROOT.resolve("expected").resolve(name + ".err")).exists();
      assertThatThrownBy(() -> Jinja.render(source, name + ".j2", templar, LOADER, options))
          .isInstanceOf(ExprException.class)
          .hasMessageMatching("^_?[a-z_]+\\.j2:\\d+:(?s).*");
    }
  }
}
