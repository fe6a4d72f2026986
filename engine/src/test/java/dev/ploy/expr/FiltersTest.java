package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {
  private static final Map<String, Object> VARS = new LinkedHashMap<>();

  static {
    VARS.put("users", List.of(user("bob", 30, true), user("al", 25, false), user("cy", 41, true)));
    VARS.put("m", new LinkedHashMap<>(Map.of("a", 1)));
    VARS.put("nested", List.of(1, List.of(2, List.of(3))));
  }

  private static Map<String, Object> user(String name, int age, boolean admin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("age", age);
    m.put("admin", admin);
    return m;
  }

  private static Object eval(String expr) throws ExprException {
    return new Templar(Scope.of(VARS)).evaluate(expr);
  }

  @Test
  void defaults() throws ExprException {
    assertThat(eval("x | default('d')")).isEqualTo("d");
    assertThat(eval("none | default('d')")).isNull();
    assertThat(eval("0 | default('d', true)")).isEqualTo("d");
    assertThat(eval("'v' | mandatory")).isEqualTo("v");
  }

  @Test
  void boolFilterReadsTheWordsOfAnsible214() throws ExprException {
    // as ansible-playbook 2.14 prints {{ words | map('bool') | list }}: narrower than boolean()
    for (String word : List.of("yes", "Yes", "on", "1", "true", "True")) {
      assertThat(eval("'" + word + "' | bool")).as(word).isEqualTo(true);
    }
    for (String word :
        List.of("t", "y", "no", "off", "0", "false", "False", "f", "n", " yes ", "1.0", "", "x")) {
      assertThat(eval("'" + word + "' | bool")).as(word).isEqualTo(false);
    }
    assertThat(eval("[1, 1.0, 0, 2] | map('bool') | list"))
        .isEqualTo(List.of(true, true, false, false));
    assertThat(eval("none | bool")).isNull();
  }

  @Test
  void conversions() throws ExprException {
    assertThat(eval("'yes' | bool")).isEqualTo(true);
    assertThat(eval("'off' | bool")).isEqualTo(false);
    assertThat(eval("'42' | int")).isEqualTo(42);
    assertThat(eval("'4.7' | int")).isEqualTo(4);
    assertThat(eval("'x' | int")).isEqualTo(0);
    assertThat(eval("'ff' | int(base=16)")).isEqualTo(255);
    assertThat(eval("'1.5' | float")).isEqualTo(1.5);
    // as Python's float(): nan and inf in any case, and no Java number suffix
    assertThat(eval("'NaN' | float")).isEqualTo(Double.NaN);
    assertThat(eval("'nan' | float")).isEqualTo(Double.NaN);
    assertThat(eval("' -Infinity' | float")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(eval("'1d' | float")).isEqualTo(0.0);
    assertThat(eval("'1e3' | float")).isEqualTo(1000.0);
    assertThat(eval("12 | string")).isEqualTo("12");
    assertThat(eval("-3 | abs")).isEqualTo(3);
    assertThat(eval("2.5 | round")).isEqualTo(2.0);
    assertThat(eval("2.567 | round(2)")).isEqualTo(2.57);
    assertThat(eval("2.1 | round(0, 'ceil')")).isEqualTo(3.0);
    assertThat(eval("true | ternary('y', 'n')")).isEqualTo("y");
    assertThat(eval("0 | ternary('y', 'n')")).isEqualTo("n");
  }

  @Test
  void strings() throws ExprException {
    assertThat(eval("'aB' | lower")).isEqualTo("ab");
    assertThat(eval("'aB' | upper")).isEqualTo("AB");
    assertThat(eval("'hello World' | capitalize")).isEqualTo("Hello world");
    assertThat(eval("'hello world' | title")).isEqualTo("Hello World");
    assertThat(eval("'  x  ' | trim")).isEqualTo("x");
    assertThat(eval("'a-b-c' | replace('-', '+')")).isEqualTo("a+b+c");
    assertThat(eval("'a b' | split")).isEqualTo(List.of("a", "b"));
    assertThat(eval("'a,b' | split(',')")).isEqualTo(List.of("a", "b"));
    assertThat(eval("['a', 'b'] | join(', ')")).isEqualTo("a, b");
    assertThat(eval("users | join(',', attribute='name')")).isEqualTo("bob,al,cy");
    assertThat(eval("'/etc/nginx/nginx.conf' | basename")).isEqualTo("nginx.conf");
    assertThat(eval("'/etc/nginx/nginx.conf' | dirname")).isEqualTo("/etc/nginx");
    assertThat(eval("\"it's\" | quote")).isEqualTo("'it'\"'\"'s'");
    assertThat(eval("'safe/path' | quote")).isEqualTo("safe/path");
    assertThat(eval("'' | quote")).isEqualTo("''");
  }

  @Test
  void regexes() throws ExprException {
    assertThat(eval("'foo123' | regex_replace('\\\\d+', 'N')")).isEqualTo("fooN");
    assertThat(eval("'ab' | regex_replace('(a)(b)', '\\\\2\\\\1')")).isEqualTo("ba");
    assertThat(eval("'ab' | regex_replace('(?P<x>a)', '\\\\g<x>!')")).isEqualTo("a!b");
    assertThat(
            eval(
                "'user_name' | regex_replace('(?P<first_part>u\\\\w+)_name', '\\\\g<first_part>')"))
        .isEqualTo("user");
    assertThat(eval("'aaa' | regex_replace('a', 'b', count=2)")).isEqualTo("bba");
    assertThat(eval("'a.b*c d' | regex_escape")).isEqualTo("a\\.b\\*c\\ d");
    assertThat(eval("'cost $5' | regex_replace('5', '$6')")).isEqualTo("cost $$6");
    assertThat(eval("'v1.2' | regex_search('\\\\d+\\\\.\\\\d+')")).isEqualTo("1.2");
    assertThat(eval("'v1.2' | regex_search('(\\\\d+)\\\\.(\\\\d+)', '\\\\2')"))
        .isEqualTo(List.of("2"));
    assertThat(eval("'abc' | regex_search('z')")).isNull();
    assertThat(eval("'a1b22' | regex_findall('\\\\d+')")).isEqualTo(List.of("1", "22"));
    assertThat(eval("'ABC' | regex_search('b', ignorecase=true)")).isEqualTo("B");
  }

  @Test
  void lists() throws ExprException {
    assertThat(eval("[1, 2, 3] | length")).isEqualTo(3);
    assertThat(eval("'abc' | count")).isEqualTo(3);
    assertThat(eval("[1, 2, 3] | first")).isEqualTo(1);
    assertThat(eval("[1, 2, 3] | last")).isEqualTo(3);
    assertThat(eval("[3, 1, 2] | min")).isEqualTo(1);
    assertThat(eval("[3, 1, 2] | max")).isEqualTo(3);
    assertThat(eval("(users | max(attribute='age')).name")).isEqualTo("cy");
    assertThat(eval("[1, 2, 3] | sum")).isEqualTo(6);
    assertThat(eval("users | sum(attribute='age')")).isEqualTo(96);
    assertThat(eval("[1, 2, 1, 3] | unique")).isEqualTo(List.of(1, 2, 3));
    assertThat(eval("['b', 'C', 'a'] | sort")).isEqualTo(List.of("a", "b", "C"));
    assertThat(eval("[1, 3, 2] | sort(reverse=true)")).isEqualTo(List.of(3, 2, 1));
    assertThat(eval("users | sort(attribute='age') | map(attribute='name') | list"))
        .isEqualTo(List.of("al", "bob", "cy"));
    assertThat(eval("[1, 2] | reverse | list")).isEqualTo(List.of(2, 1));
    assertThat(eval("'ab' | list")).isEqualTo(List.of("a", "b"));
    assertThat(eval("nested | flatten")).isEqualTo(List.of(1, 2, 3));
    assertThat(eval("nested | flatten(levels=1)")).isEqualTo(List.of(1, 2, List.of(3)));
    assertThat(eval("[1, 2] | zip(['a', 'b'])"))
        .isEqualTo(List.of(List.of(1, "a"), List.of(2, "b")));
    assertThat(eval("[1, 2, 3] | difference([2])")).isEqualTo(List.of(1, 3));
    assertThat(eval("[1, 2, 3] | intersect([2, 5])")).isEqualTo(List.of(2));
    assertThat(eval("[1, 2] | union([2, 3])")).isEqualTo(List.of(1, 2, 3));
  }

  @Test
  void mapSelectReject() throws ExprException {
    assertThat(eval("users | map(attribute='name') | list")).isEqualTo(List.of("bob", "al", "cy"));
    assertThat(eval("['a', 'b'] | map('upper') | list")).isEqualTo(List.of("A", "B"));
    assertThat(eval("['a-b'] | map('replace', '-', '_') | list")).isEqualTo(List.of("a_b"));
    assertThat(eval("[1, 2, 3, 4] | select('even') | list")).isEqualTo(List.of(2, 4));
    assertThat(eval("[1, 2, 3, 4] | reject('even') | list")).isEqualTo(List.of(1, 3));
    assertThat(eval("[0, 1, ''] | select | list")).isEqualTo(List.of(1));
    assertThat(eval("[1, 5, 10] | select('gt', 4) | list")).isEqualTo(List.of(5, 10));
    assertThat(eval("users | selectattr('admin') | map(attribute='name') | list"))
        .isEqualTo(List.of("bob", "cy"));
    assertThat(eval("users | rejectattr('admin') | map(attribute='name') | list"))
        .isEqualTo(List.of("al"));
    assertThat(eval("users | selectattr('age', '>', 29) | map(attribute='name') | list"))
        .isEqualTo(List.of("bob", "cy"));
    assertThat(eval("users | selectattr('name', 'equalto', 'al') | length")).isEqualTo(1);
    assertThat(eval("users | selectattr('missing', 'defined') | length")).isEqualTo(0);
  }

  @Test
  void dicts() throws ExprException {
    assertThat(eval("{'a': 1} | dict2items")).isEqualTo(List.of(Map.of("key", "a", "value", 1)));
    assertThat(eval("[{'key': 'a', 'value': 1}] | items2dict")).isEqualTo(Map.of("a", 1));
    assertThat(eval("{'a': 1, 'b': {'x': 1}} | combine({'b': {'y': 2}})"))
        .isEqualTo(Map.of("a", 1, "b", Map.of("y", 2)));
    assertThat(eval("{'a': 1, 'b': {'x': 1}} | combine({'b': {'y': 2}}, recursive=true)"))
        .isEqualTo(Map.of("a", 1, "b", Map.of("x", 1, "y", 2)));
    assertThat(eval("[['a', 1], ['b', 2]] | dict")).isEqualTo(Map.of("a", 1, "b", 2));
    assertThat(eval("{'a': 1} | items | list")).isEqualTo(List.of(List.of("a", 1)));
    assertThat(eval("dict(['k', 'l'] | zip([1, 2]))")).isEqualTo(Map.of("k", 1, "l", 2));
  }

  @Test
  void data() throws ExprException {
    assertThat(eval("{'a': [1, 'x', none, true]} | to_json"))
        .isEqualTo("{\"a\": [1, \"x\", null, true]}");
    assertThat(eval("{'b': 1, 'a': [1]} | to_nice_json"))
        .isEqualTo("{\n    \"a\": [\n        1\n    ],\n    \"b\": 1\n}");
    assertThat(eval("'{\"a\": [1, 2.5, \"s\", null, false]}' | from_json"))
        .isEqualTo(Map.of("a", java.util.Arrays.asList(1, 2.5, "s", null, false)));
    assertThat(eval("'é\"' | to_json")).isEqualTo("\"\\u00e9\\\"\"");
    assertThat(eval("'é\"' | to_json(ensure_ascii=False)")).isEqualTo("\"é\\\"\"");
    assertThat(eval("{'k': 'é'} | to_nice_json(ensure_ascii=false)"))
        .isEqualTo("{\n    \"k\": \"é\"\n}");
    assertThat(eval("{'a': 1} | to_yaml")).isEqualTo("{a: 1}\n");
    assertThat(eval("{'a': [1, 2]} | to_nice_yaml")).isEqualTo("a:\n- 1\n- 2\n");
    assertThat(eval("'a: [1, 2]' | from_yaml")).isEqualTo(Map.of("a", List.of(1, 2)));
    assertThat(eval("'hi' | b64encode")).isEqualTo("aGk=");
    assertThat(eval("'aGk=' | b64decode")).isEqualTo("hi");
    assertThat(eval("'abc' | hash('sha1')")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(eval("'abc' | hash('md5')")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    assertThat(eval("'abc' | hash('sha256')"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void toJsonTakesJsonDumpsKeywords() throws ExprException {
    assertThat(eval("{'b': 1, 'a': [1]} | to_json(sort_keys=true)"))
        .isEqualTo("{\"a\": [1], \"b\": 1}");
    assertThat(eval("{'b': 1, 'a': [1]} | to_json(indent=2)"))
        .isEqualTo("{\n  \"b\": 1,\n  \"a\": [\n    1\n  ]\n}");
    assertThat(eval("{'b': 1, 'a': [1]} | to_nice_json(sort_keys=false)"))
        .isEqualTo("{\n    \"b\": 1,\n    \"a\": [\n        1\n    ]\n}");
    assertThat(eval("[1.0, 1e100, 2 ** 70] | to_json"))
        .isEqualTo("[1.0, 1e+100, 1180591620717411303424]");
    assertThatThrownBy(() -> eval("'{\"a\": 1} x' | from_json"))
        .hasMessageContaining("from_json: ")
        .hasMessageContaining("at character 9");
  }

  /** Expected strings made by glibc's crypt(3) (openssl passwd, Python's crypt). */
  @Test
  void passwordHashWritesGlibcCryptStrings() throws ExprException {
    assertThat(eval("'Hello world!' | password_hash('sha512', 'saltstring', rounds=5000)"))
        .isEqualTo(
            "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoE"
                + "OfaS35inz1");
    assertThat(eval("'Hello world!' | password_hash('sha256', 'saltstring', rounds=5000)"))
        .isEqualTo("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5");
    assertThat(eval("'' | password_hash(salt='abc', rounds=5000)"))
        .isEqualTo(
            "$6$abc$mJP3a6FyA8uCnzRtlnNypPwjnvpi5TP9qOrInzrfDmwxUQG38PkpCPdqfTb8JQfAngapMxeim4AZ..hSd"
                + "RRzD.");
    assertThat(
            eval(
                "'pässwörd with a long phrase, longer than sixty-four bytes for the loop, yes indeed'"
                    + " | password_hash('sha512_crypt', './AZaz09', rounds=1000)"))
        .isEqualTo(
            "$6$rounds=1000$./AZaz09$JgPbbpsMVSFeabBTSfyj83nIX3lj24GXjc//89AhR5LsNTCvEDuBjUb4qGGJJqVK0"
                + "tziBwydhz2bfFzfoc4NJ/");
    assertThat(eval("('x' * 200) | password_hash('sha256', 's', rounds=5000)"))
        .isEqualTo("$5$s$mSPyV/YylYlnGha4mmMwdwOhr1pDolIsqbJMxN901uC");
  }

  /** As ansible-playbook 2.14 gives them (its debug of each expression). */
  @Test
  void passwordHashTakesAnsiblesArgumentsAndDefaultRounds() throws ExprException {
    assertThat(eval("'Hello world!' | password_hash('sha512', 'saltstring')"))
        .as("sha512 hashes with 656000 rounds by default")
        .isEqualTo(
            "$6$rounds=656000$saltstring$kX81EMPOoOjQdPoUQYef3eTnAc5Iqwpai9t3nLI.AfaiyUeSt8R/LMrN6ra8y6"
                + "8E0XM1jiGfj7dIXESUkLbv/1");
    assertThat(eval("'Hello world!' | password_hash('sha256', 'saltstring')"))
        .as("sha256 with 535000")
        .isEqualTo("$5$rounds=535000$saltstring$NNdTw/gEYzSXNHQNMSkfDiG25qd5CZh6CpgBnW1qw88");
    assertThat(eval("'Hello world!' | password_hash('sha256', 'saltstring', 10, 10000)"))
        .as("the third argument is salt_size, the fourth rounds")
        .isEqualTo("$5$rounds=10000$saltstring$zY4WhW6dya5uGVNotd0y2Lk.E4rItnX94Q0R1OCQl40");
    assertThat((String) eval("'Hello world!' | password_hash('sha256', salt_size=4)"))
        .matches("\\$5\\$rounds=535000\\$[./0-9A-Za-z]{4}\\$[./0-9A-Za-z]{43}");
    assertThatThrownBy(() -> eval("'s' | password_hash('sha256', 'saltstringsaltstring')"))
        .as("a salt over 16 characters is refused, not cut")
        .hasMessageContaining("salt too large (sha256 requires <= 16 chars)");
  }

  @Test
  void passwordHashDrawsASaltAndRejectsWhatCryptCannotTake() throws ExprException {
    String hashed = (String) eval("'secret' | password_hash");
    assertThat(hashed).matches("\\$6\\$rounds=656000\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}");
    String salt = hashed.split("\\$")[3];
    assertThat(eval("'secret' | password_hash('sha512', '" + salt + "')")).isEqualTo(hashed);
    assertThatThrownBy(() -> eval("'s' | password_hash('md5')"))
        .hasMessageContaining("unsupported hash type 'md5'");
    assertThatThrownBy(() -> eval("'s' | password_hash('sha512', 'a$b')"))
        .hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> eval("'s' | password_hash('sha512', 'ab', rounds=10)"))
        .hasMessageContaining("rounds must be between 1000");
  }

  @Test
  void unknownFilterIsAnError() {
    assertThatThrownBy(() -> eval("1 | frobnicate")).hasMessageContaining("frobnicate");
  }

  @Test
  void percentFormatting() throws ExprException {
    assertThat(eval("'%s-%d' % ('a', 3)")).isEqualTo("a-3");
    assertThat(eval("'%05.1f|%-3s|%x' % (3.14159, 'ab', 255)")).isEqualTo("003.1|ab |ff");
    assertThat(eval("'%s' % none")).isEqualTo("None");
    assertThat(eval("'%(k)s!' % {'k': 'v'}")).isEqualTo("v!");
    assertThat(eval("'%s and %s' | format('x', 2)")).isEqualTo("x and 2");
    assertThat(eval("'100%%' % ()")).isEqualTo("100%");
    assertThat(eval("[5] | random")).isEqualTo(5);
  }

  @Test
  void uniqueIgnoresCaseUnlessAskedAndUrldecodeUnquotesPlus() throws ExprException {
    Templar t = new Templar(Scope.of(Map.of()));
    assertThat(t.evaluate("['a', 'A', 'b'] | unique")).isEqualTo(List.of("a", "b"));
    assertThat(t.evaluate("['a', 'A', 'b'] | unique(case_sensitive=true)"))
        .isEqualTo(List.of("a", "A", "b"));
    assertThat(t.evaluate("[{'n': 1}, {'n': 1, 'x': 2}] | unique(attribute='n')"))
        .isEqualTo(List.of(Map.of("n", 1)));
    assertThat(t.evaluate("'a%20b%2Fc+d%zz' | urldecode")).isEqualTo("a b/c d%zz");
  }

  @Test
  void uniqueOfDictsFallsBackToExactComparisonAndRefusesWhatTheFallbackCannotDo() {
    Templar t = new Templar(Scope.of(Map.of()));
    // Jinja2 cannot hash a dict: Ansible's fallback compares exactly, case included
    assertThatCode(
            () ->
                assertThat(t.evaluate("[{'a': 1}, {'a': 1}, 'A', 'a'] | unique"))
                    .isEqualTo(List.of(Map.of("a", 1), "A", "a")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> t.evaluate("[{'foo': 'bar'}] | unique(case_sensitive=False)"))
        .hasMessageContaining("cannot fall back to Ansible's version");
    assertThatThrownBy(() -> t.evaluate("True | unique"))
        .hasMessageContaining("'bool' object is not iterable");
  }

  @Test
  void aNoBreakSpaceInAnExpressionIsWhitespaceAsInJinja() throws ExprException {
    Templar t = new Templar(Scope.of(Map.of("x", List.of(1))));
    assertThat(t.evaluate("x\u00a0| length == 1")).isEqualTo(true);
  }
}
