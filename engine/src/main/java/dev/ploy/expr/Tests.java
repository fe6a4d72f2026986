package dev.ploy.expr;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The test registry ({@code value is name(args)}). {@code defined} and {@code undefined} are in the
 * evaluator because they see undefined values.
 */
final class Tests {
  private static final Map<String, Predicate<Args>> TESTS = registry();

  private static Map<String, Predicate<Args>> registry() {
    Map<String, Predicate<Args>> t = new HashMap<>();
    TextTests.register(t);
    t.put("none", a -> a.input() == null);
    t.put("true", a -> Boolean.TRUE.equals(a.input()));
    t.put("false", a -> Boolean.FALSE.equals(a.input()));
    t.put("string", a -> a.input() instanceof String);
    t.put("number", a -> Values.isNumber(a.input()));
    t.put("integer", a -> Values.isIntegral(a.input()));
    t.put("float", a -> Values.isFloat(a.input()));
    t.put("boolean", a -> a.input() instanceof Boolean);
    t.put("mapping", a -> a.input() instanceof Map);
    t.put(
        "iterable",
        a ->
            a.input() instanceof java.util.Collection
                || a.input() instanceof Map
                || a.input() instanceof String);
    t.put(
        "sequence",
        a -> a.input() instanceof List || a.input() instanceof Map || a.input() instanceof String);
    t.put("succeeded", a -> !flag(a, "failed"));
    t.put("success", a -> !flag(a, "failed"));
    t.put("failed", a -> flag(a, "failed"));
    t.put("failure", a -> flag(a, "failed"));
    t.put("changed", a -> flag(a, "changed"));
    t.put("change", a -> flag(a, "changed"));
    t.put("skipped", a -> flag(a, "skipped"));
    t.put("skip", a -> flag(a, "skipped"));
    t.put("match", a -> regex(a, "match"));
    t.put("search", a -> regex(a, "search"));
    t.put("regex", a -> regex(a, a.string(99, "match_type", "search")));
    t.put("equalto", a -> Values.eq(a.input(), a.required(0, "value")));
    t.put("eq", a -> Values.eq(a.input(), a.required(0, "value")));
    t.put("ne", a -> !Values.eq(a.input(), a.required(0, "value")));
    t.put("lt", a -> Values.compare(a.input(), a.required(0, "value")) < 0);
    t.put("le", a -> Values.compare(a.input(), a.required(0, "value")) <= 0);
    t.put("gt", a -> Values.compare(a.input(), a.required(0, "value")) > 0);
    t.put("ge", a -> Values.compare(a.input(), a.required(0, "value")) >= 0);
    for (String[] alias :
        new String[][] {
          {"==", "eq"},
          {"!=", "ne"},
          {"<", "lt"},
          {"<=", "le"},
          {">", "gt"},
          {">=", "ge"},
          {"lessthan", "lt"},
          {"greaterthan", "gt"}
        }) {
      t.put(alias[0], t.get(alias[1]));
    }
    t.put("sameas", a -> a.input() == a.required(0, "value"));
    t.put("in", a -> Operators.contains(a.required(0, "seq"), a.input()));
    t.put("contains", a -> Operators.contains(a.input(), a.required(0, "value")));
    t.put("version", Versions::test);
    t.put("version_compare", Versions::test);
    t.put("even", a -> Values.big(integer(a)).testBit(0) == false);
    t.put("odd", a -> Values.big(integer(a)).testBit(0));
    t.put(
        "divisibleby",
        a -> Values.big(integer(a)).mod(Values.big(a.required(0, "num")).abs()).signum() == 0);
    t.put(
        "subset",
        a ->
            Values.iterate(a.input()).stream()
                .allMatch(x -> Operators.contains(Values.iterate(a.required(0, "b")), x)));
    t.put(
        "superset",
        a ->
            Values.iterate(a.required(0, "b")).stream()
                .allMatch(x -> Operators.contains(Values.iterate(a.input()), x)));
    t.put("any", a -> Values.iterate(a.input()).stream().anyMatch(Values::truthy));
    t.put("all", a -> Values.iterate(a.input()).stream().allMatch(Values::truthy));
    t.put("issubset", t.get("subset"));
    t.put("issuperset", t.get("superset"));
    resultTests(t);
    pathTests(t);
    return Map.copyOf(t);
  }

  private Tests() {}

  /** ansible-core's tests of a registered result beyond failed/changed/skipped, and truthiness. */
  private static void resultTests(Map<String, Predicate<Args>> t) {
    t.put("successful", a -> !flag(a, "failed"));
    t.put("reachable", a -> !flag(a, "unreachable"));
    t.put("unreachable", a -> flag(a, "unreachable"));
    // async results: finished unless it says finished=0; started only when it says started=1
    t.put("finished", a -> Values.eq(resultField(a, "finished", 1L), 1L));
    t.put("started", a -> Values.eq(resultField(a, "started", 0L), 1L));
    t.put("truthy", Tests::truthy);
    t.put("falsy", a -> !truthy(a));
    t.put("nan", a -> a.input() instanceof Double d && d.isNaN());
    t.put("isnan", t.get("nan")); // the old name, as issubset is
    t.put(
        "vault_encrypted",
        a -> a.input() instanceof String s && s.stripLeading().startsWith("$ANSIBLE_VAULT;"));
  }

  /** truthy(convert_bool=False): Python truth, or Ansible's boolean() of the value first. */
  private static boolean truthy(Args a) {
    Object value = a.input();
    return a.bool(0, "convert_bool", false)
        ? Booleans.parse(value).orElseGet(() -> Values.truthy(value))
        : Values.truthy(value);
  }

  private static Object resultField(Args a, String key, Object absent) {
    if (!(a.input() instanceof Map<?, ?> m)) {
      throw new EvalError("the '" + a.name() + "' test expects a registered task result (a dict)");
    }
    return m.containsKey(key) ? m.get(key) : absent;
  }

  /** Path tests, on the control node as in Ansible (a leading ~ is the home directory). */
  private static void pathTests(Map<String, Predicate<Args>> t) {
    Map<String, Predicate<java.nio.file.Path>> checks = new LinkedHashMap<>();
    checks.put("abs", java.nio.file.Path::isAbsolute);
    checks.put("exists", p -> java.nio.file.Files.exists(p));
    checks.put("file", p -> java.nio.file.Files.isRegularFile(p));
    checks.put("directory", p -> java.nio.file.Files.isDirectory(p));
    checks.put("link", p -> java.nio.file.Files.isSymbolicLink(p));
    checks.put(
        "link_exists", p -> java.nio.file.Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    checks.forEach((name, check) -> t.put(name, a -> check.test(path(a.inputString()))));
    t.put("is_abs", t.get("abs"));
    t.put("is_file", t.get("file"));
    t.put("is_dir", t.get("directory"));
    t.put("is_link", t.get("link"));
    t.put("mount", a -> mountPoint(path(a.inputString())));
    t.put("is_mount", t.get("mount"));
    t.put(
        "same_file",
        a -> {
          try {
            return java.nio.file.Files.isSameFile(
                path(a.inputString()), path(Values.str(a.required(0, "path"))));
          } catch (java.io.IOException e) {
            return false;
          }
        });
    t.put("is_same_file", t.get("same_file"));
  }

  /** Whether the path is a mount point: the root, or on another device than its parent. */
  private static boolean mountPoint(java.nio.file.Path path) {
    try {
      java.nio.file.Path real = path.toRealPath();
      java.nio.file.Path parent = real.getParent();
      return parent == null
          || !java.nio.file.Files.getAttribute(real, "unix:dev")
              .equals(java.nio.file.Files.getAttribute(parent, "unix:dev"));
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static java.nio.file.Path path(String name) {
    return java.nio.file.Path.of(
        name.equals("~") || name.startsWith("~/")
            ? System.getProperty("user.home") + name.substring(1)
            : name);
  }

  static boolean has(String name) {
    return TESTS.containsKey(name) || name.equals("defined") || name.equals("undefined");
  }

  /** Every test name, with those the evaluator applies itself (defined, undefined). */
  static java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.TreeSet<>(TESTS.keySet());
    names.addAll(List.of("defined", "undefined"));
    return names;
  }

  static boolean apply(String name, Object input, List<Object> args, Map<String, Object> kwargs) {
    if (name.equals("defined")) {
      return !(input instanceof Undefined);
    }
    if (name.equals("undefined")) {
      return input instanceof Undefined;
    }
    Predicate<Args> test = TESTS.get(name);
    if (test == null) {
      throw new EvalError("no test named '" + name + "'");
    }
    return test.test(new Args(name, input, args, kwargs));
  }

  private static Object integer(Args a) {
    if (!Values.isIntegral(a.input())) {
      throw new EvalError(a.name() + " test expects an integer, got " + Values.typeName(a.input()));
    }
    return a.input();
  }

  /** Reads a flag of a registered task result. */
  private static boolean flag(Args a, String key) {
    if (!(a.input() instanceof Map<?, ?> m)) {
      throw new EvalError(
          "the '"
              + a.name()
              + "' test expects a registered task result (a dict),"
              + " got "
              + Values.typeName(a.input()));
    }
    if (key.equals("failed") && !m.containsKey("failed") && m.get("rc") != null) {
      return !Values.eq(m.get("rc"), 0);
    }
    return Values.truthy(m.get(key));
  }

  /** {@code match} is anchored at the start; {@code search} finds anywhere. */
  private static boolean regex(Args a, String kind) {
    java.util.regex.Matcher m =
        PyPatterns.compile(
                Values.str(a.required(0, "pattern")),
                a.bool(1, "ignorecase", false),
                a.bool(2, "multiline", false))
            .matcher(a.inputString());
    return switch (kind) {
      case "match" -> m.lookingAt();
      case "fullmatch" -> m.matches();
      default -> m.find();
    };
  }
}
