package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * to_yaml and to_nice_yaml write what ansible-core 2.14's filters write (PyYAML with libyaml's
 * emitter, Debian's python3-yaml), byte for byte: every value of yamldump/cases.yml with the
 * keywords given there, as recorded in yamldump/expected.yml by yamldump/record.
 */
class YamlDumpGoldenTest {
  private static final Path EXPECTED = Path.of("src/test/resources/yamldump/expected.yml");

  @SuppressWarnings("unchecked")
  static Stream<Arguments> outputs() throws IOException {
    List<Map<String, Object>> cases =
        new Yaml().load(Files.readString(EXPECTED, StandardCharsets.UTF_8));
    return cases.stream()
        .map(
            c ->
                Arguments.of(
                    c.get("filter") + " " + c.get("kwargs") + " " + Values.repr(c.get("value")),
                    c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outputs")
  @SuppressWarnings("unchecked")
  void writesWhatAnsibleWrites(String title, Map<String, Object> c) {
    Object out =
        Filters.apply(
            (String) c.get("filter"),
            c.get("value"),
            List.of(),
            (Map<String, Object>) c.get("kwargs"));
    assertThat(out).isEqualTo(c.get("out"));
  }
}
