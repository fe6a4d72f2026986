package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
 * by jinja/record); a case ansible failed to render must fail in ploy too. No host is needed.
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersLikeAnsible(String name) throws Exception {
    String source = Files.readString(CASES.resolve(name + ".j2"), StandardCharsets.UTF_8);
    Path out = ROOT.resolve("expected").resolve(name + ".out");
    Templar templar = templar();
    if (Files.exists(out)) {
      String expected = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(Jinja.render(source, name + ".j2", templar, LOADER)).isEqualTo(expected);
    } else {
      assertThat(ROOT.resolve("expected").resolve(name + ".err")).exists();
      assertThatThrownBy(() -> Jinja.render(source, name + ".j2", templar, LOADER))
          .isInstanceOf(ExprException.class)
          .hasMessageMatching("^_?[a-z_]+\\.j2:\\d+:(?s).*");
    }
  }
}
