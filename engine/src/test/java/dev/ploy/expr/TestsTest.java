package dev.ploy.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestsTest {
  private static boolean is(String expr) throws ExprException {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("ok", Map.of("changed", false, "failed", false, "rc", 0));
    vars.put("bad", Map.of("failed", true, "rc", 2));
    vars.put("chg", Map.of("changed", true));
    vars.put("skp", Map.of("skipped", true, "changed", false));
    vars.put("nothing", null);
    vars.put("distro_version", "12.4");
    return new Templar(Scope.of(vars)).condition(expr);
  }

  @Test
  void types() throws ExprException {
    assertThat(is("nothing is none")).isTrue();
    assertThat(is("true is true and false is false")).isTrue();
    assertThat(is("1 is true")).isFalse();
    assertThat(is("'x' is string and 1 is not string")).isTrue();
    assertThat(is("1 is number and 1.5 is number and true is not number")).isTrue();
    assertThat(is("1 is integer and 1.5 is not integer")).isTrue();
    assertThat(is("1.5 is float")).isTrue();
    assertThat(is("true is boolean and 1 is not boolean")).isTrue();
    assertThat(is("{} is mapping and [] is not mapping")).isTrue();
    assertThat(is("[] is iterable and 'x' is iterable and 1 is not iterable")).isTrue();
    assertThat(is("[] is sequence and 1 is not sequence")).isTrue();
  }

  @Test
  void results() throws ExprException {
    assertThat(is("ok is succeeded and ok is success")).isTrue();
    assertThat(is("bad is failed and bad is failure and bad is not succeeded")).isTrue();
    assertThat(is("chg is changed and chg is change and ok is not changed")).isTrue();
    assertThat(is("skp is skipped and skp is skip and ok is not skipped")).isTrue();
  }

  @Test
  void regexes() throws ExprException {
    assertThat(is("'foobar' is match('foo')")).isTrue();
    assertThat(is("'foobar' is match('bar')")).isFalse();
    assertThat(is("'foobar' is search('bar')")).isTrue();
    assertThat(is("'foobar' is regex('o+b')")).isTrue();
  }

  @Test
  void comparisons() throws ExprException {
    assertThat(is("1 is equalto 1 and 1 is eq(1)")).isTrue();
    assertThat(is("2 is in [1, 2]")).isTrue();
    assertThat(is("[1, 2] is contains 2")).isTrue();
    assertThat(is("[1] is subset([1, 2]) and [1, 2] is superset([2])")).isTrue();
    assertThat(is("4 is even and 3 is odd and 9 is divisibleby 3")).isTrue();
    assertThat(is("9 is divisibleby(2)")).isFalse();
  }

  @Test
  void versions() throws ExprException {
    assertThat(is("distro_version is version('12', '>=')")).isTrue();
    assertThat(is("distro_version is version('12.10', '<')")).isTrue();
    assertThat(is("'1.10' is version('1.9', 'gt')")).isTrue();
    assertThat(is("'2.0' is version('2')")).isTrue();
    assertThat(is("'1.0-rc1' is version('1.0', '<')")).isTrue();
  }

  @Test
  void definedness() throws ExprException {
    assertThat(is("nothing is defined")).isTrue();
    assertThat(is("missing is undefined and missing is not defined")).isTrue();
    assertThat(is("ok.rc is defined and ok.nope is undefined")).isTrue();
    assertThat(List.of(1)).isNotEmpty();
  }

  @Test
  void ansibleResultTestsAndTruthiness() throws ExprException {
    assertThat(is("ok is successful and bad is not successful")).isTrue();
    assertThat(is("ok is reachable and {'unreachable': true} is unreachable")).isTrue();
    assertThat(is("ok is finished and {'finished': 0} is not finished")).isTrue();
    assertThat(is("{'started': 1} is started and ok is not started")).isTrue();
    assertThat(is("'x' is truthy and '' is falsy and 'no' is truthy")).isTrue();
    assertThat(is("'no' is falsy(convert_bool=True) and 'yes' is truthy(convert_bool=True)"))
        .isTrue();
    // convert_bool reads with boolean() (t and y too), else falls back to Python's truth
    assertThat(is("'t' is truthy(convert_bool=True) and 'Y' is truthy(convert_bool=True)"))
        .isTrue();
    assertThat(is("'F' is falsy(convert_bool=True) and 'maybe' is truthy(convert_bool=True)"))
        .isTrue();
  }

  @Test
  void pathTestsOnTheControlNode() throws ExprException {
    assertThat(is("'/' is directory and '/' is is_dir and '/' is abs and 'x' is not abs")).isTrue();
    assertThat(is("'/etc/hostname' is file or '/etc/passwd' is file")).isTrue();
    assertThat(is("'/no/such/ploy/path' is not exists")).isTrue();
    assertThat(is("'/' is is_same_file('/') and '/' is mount and '/etc' is not is_mount")).isTrue();
    assertThat(is("[1] is issubset([1, 2]) and [1, 2] is issuperset([2])")).isTrue();
  }

  @Test
  void nanHasItsOldNameIsnan() throws ExprException {
    assertThat(is("'nan' | float is isnan")).isTrue();
    assertThat(is("'nan' | float is nan")).isTrue();
    assertThat(is("1.1 is not isnan")).isTrue();
    assertThat(is("'bad' is not isnan")).isTrue();
  }
}
