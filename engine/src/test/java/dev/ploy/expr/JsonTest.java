package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Json writes what Python 3.11's json.dumps writes and reads what json.loads reads (expected). */
class JsonTest {
  private static final Json.Format NICE = Json.Format.DUMPS.indented(4).sorted();

  private static Map<Object, Object> map(Object... keysAndValues) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void oneLineHasPythonsSeparators() {
    Object value =
        map("a", Arrays.asList(1, "x", null, true), "e", Map.of(), "l", List.of(), "n", -7L);
    assertThat(Json.write(value))
        .isEqualTo("{\"a\": [1, \"x\", null, true], \"e\": {}, \"l\": [], \"n\": -7}");
  }

  @Test
  void indentedPutsOneItemPerLineAndEmptyContainersInline() {
    Object value = map("b", map("y", List.of(1, Map.of()), "x", List.of()), "a", 1);
    assertThat(Json.write(value, NICE))
        .isEqualTo(
            """
            {
                "a": 1,
                "b": {
                    "x": [],
                    "y": [
                        1,
                        {}
                    ]
                }
            }""");
    assertThat(Json.write(List.of(1, map("a", 2)), Json.Format.DUMPS.indented(0)))
        .isEqualTo("[\n1,\n{\n\"a\": 2\n}\n]");
    assertThat(Json.write(List.of(1), Json.Format.DUMPS.indented(-1))).isEqualTo("[\n1\n]");
  }

  @Test
  void ensureAsciiEscapesInLowerCaseHexWithSurrogatePairs() {
    String text = "é€😀\u007f\u0001\b\f\n\r\t\"\\/";
    assertThat(Json.write(text))
        .isEqualTo("\"\\u00e9\\u20ac\\ud83d\\ude00\\u007f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\"");
    assertThat(Json.write(text, Json.Format.DUMPS.unicode()))
        .isEqualTo("\"é€😀\u007f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\"");
  }

  @Test
  void keysAreSortedOnlyWhenAskedNumbersByValue() {
    assertThat(Json.write(map("b", 1, "a", 2))).isEqualTo("{\"b\": 1, \"a\": 2}");
    assertThat(Json.write(map("b", 1, "a", 2), Json.Format.DUMPS.sorted()))
        .isEqualTo("{\"a\": 2, \"b\": 1}");
    assertThat(Json.write(map(10, "a", 2, "b", 1.5, "c"), Json.Format.DUMPS.sorted()))
        .isEqualTo("{\"1.5\": \"c\", \"2\": \"b\", \"10\": \"a\"}");
    assertThat(Json.write(map(true, 1, null, 2, "k", 3)))
        .isEqualTo("{\"true\": 1, \"null\": 2, \"k\": 3}");
  }

  @Test
  void numbersAsPythonWritesThem() {
    List<Object> numbers =
        List.of(
            1.0,
            1e100,
            1e-5,
            0.1,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            BigInteger.TWO.pow(70),
            1e16,
            123456.789);
    assertThat(Json.write(numbers))
        .isEqualTo(
            "[1.0, 1e+100, 1e-05, 0.1, NaN, Infinity, -Infinity, -0.0,"
                + " 1180591620717411303424, 1e+16, 123456.789]");
  }

  @Test
  void unsafeTextIsWrittenAsTheStringItHolds() {
    assertThat(Json.write(map("k", new Unsafe("{{ x }}")))).isEqualTo("{\"k\": \"{{ x }}\"}");
  }

  @Test
  void aRepeatedKeyKeepsItsFirstPlaceAndItsLastValue() {
    Object value = Json.parse("{\"a\": 1, \"b\": 2, \"a\": 3}");
    assertThat(value).isEqualTo(Map.of("a", 3, "b", 2));
    assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("a", "b"));
  }

  @Test
  void numbersAsPythonReadsThem() {
    Object values =
        Json.parse("[1, 2147483648, 123456789012345678901234567890, 1.5, 1e400, NaN, -Infinity]");
    assertThat(values)
        .isEqualTo(
            List.of(
                1,
                2147483648L,
                new BigInteger("123456789012345678901234567890"),
                1.5,
                Double.POSITIVE_INFINITY,
                Double.NaN,
                Double.NEGATIVE_INFINITY));
  }

  @Test
  void textThatIsNotJsonSaysWhere() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1} x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("at character 9");
    assertThatThrownBy(() -> Json.parse("[1,]")).hasMessageContaining("at character 3");
    assertThatThrownBy(() -> Json.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writtenTextReadsBackAsTheSameValue() {
    Object value = map("s", "é😀\n", "l", List.of(1, 2.5, false), "m", map("n", null));
    assertThat(Json.parse(Json.write(value))).isEqualTo(value);
  }
}
