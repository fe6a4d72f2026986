package dev.ploy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What YAML ploy reads, and how it says what it cannot: always with the file and line. */
class YamlReaderTest {
  @TempDir Path dir;

  private static String nested(int depth) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      text.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    return text.append("  ".repeat(depth)).append("leaf: 1\n").toString();
  }

  @Test
  void aSlashEscapedInDoubleQuotesIsASlashAsInPyYaml() throws Exception {
    Object root = YamlReader.parse(dir.resolve("slash.yml"), "a: \"x\\/y\"\n").root();
    assertThat(root).isEqualTo(Map.of("a", "x/y"));
  }

  @Test
  void mappingsHundredsOfLevelsDeepAreRead() throws Exception {
    Object root = YamlReader.parse(dir.resolve("deep.yml"), nested(300)).root();
    for (int i = 0; i < 300; i++) {
      root = ((Map<?, ?>) root).get("k" + i);
    }
    assertThat(root).isEqualTo(Map.of("leaf", 1));
  }

  @Test
  void deeperThanTheLimitIsAnErrorThatSaysSo() {
    assertThatThrownBy(() -> YamlReader.parse(dir.resolve("deeper.yml"), nested(600)))
        .isInstanceOf(YamlException.class)
        .hasMessageContaining("deeper.yml")
        .hasMessageContaining("nested more than 500 levels deep");
  }

  @Test
  void anAliasBombIsRefusedBeforeItIsExpanded() {
    StringBuilder text =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      String previous = "*a" + (i - 1);
      text.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, previous)))
          .append("]\n");
    }
    assertThatThrownBy(() -> YamlReader.parse(dir.resolve("bomb.yml"), text.toString()))
        .isInstanceOf(YamlException.class)
        .hasMessageContaining("bomb.yml:1:1")
        .hasMessageContaining("aliases expand this document to more than 1000000 values");
  }

  @Test
  void aliasesOfModestSizeAreRead() throws Exception {
    Object root =
        YamlReader.parse(dir.resolve("ok.yml"), "base: &b {x: 1}\none: *b\ntwo: {<<: *b, y: 2}\n")
            .root();
    assertThat(root)
        .isEqualTo(
            Map.of("base", Map.of("x", 1), "one", Map.of("x", 1), "two", Map.of("x", 1, "y", 2)));
  }

  @Test
  void bytesThatAreNotUtf8NameTheirLineAndColumn() throws Exception {
    Path file = dir.resolve("latin1.yml");
    Files.write(
        file, "a: 1\nname: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> YamlReader.read(file))
        .isInstanceOf(YamlException.class)
        .hasMessageContaining("latin1.yml:2:10")
        .hasMessageContaining("byte 0xE9 is not UTF-8 text; save the file as UTF-8");
  }

  @Test
  void duplicateKeysKeepTheLastValueWithAWarningNamingTheLine() throws Exception {
    YamlDocument doc = YamlReader.parse(dir.resolve("dup.yml"), "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
    assertThat(doc.root()).isEqualTo(Map.of("a", 3, "b", Map.of("c", 2)));
    assertThat(doc.warnings())
        .extracting(w -> w.location().line() + ":" + w.location().column() + " " + w.message())
        .containsExactlyInAnyOrder(
            "4:3 found a duplicate dict key (c); the last value is used (remove one of them)",
            "5:1 found a duplicate dict key (a); the last value is used (remove one of them)");
  }
}
