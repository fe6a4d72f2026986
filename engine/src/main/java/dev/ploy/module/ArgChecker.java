package dev.ploy.module;

import dev.ploy.expr.Booleans;
import dev.ploy.expr.Unsafe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks arguments against a {@link ModuleSpec}: statically, before any host is contacted ({@link
 * #problems}), and again with the templated values when a task runs ({@link #bind}).
 */
public final class ArgChecker {

  private ArgChecker() {}

  /**
   * Every problem with the arguments as written in the playbook: unknown names (with a suggestion),
   * missing required ones, values outside the declared choices or of the wrong type, and the
   * module's {@link ArgRule}s broken. Values that contain {@code {{ }}} are checked only when they
   * run.
   */
  public static List<String> problems(ModuleSpec spec, Map<String, Object> raw) {
    List<String> problems = new ArrayList<>();
    problems(spec, raw, (key, message) -> problems.add(message));
    return problems;
  }

  /**
   * The same problems, each reported with the argument it is about as written in the playbook (so
   * the caller can point at its line), or null for problems about the task as a whole.
   */
  public static void problems(
      ModuleSpec spec,
      Map<String, Object> raw,
      java.util.function.BiConsumer<String, String> sink) {
    Map<String, Object> canonical = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : raw.entrySet()) {
      var arg = spec.arg(entry.getKey());
      if (arg.isEmpty()) {
        sink.accept(entry.getKey(), unknown(spec, entry.getKey()));
        continue;
      }
      if (canonical.containsKey(arg.get().name())) {
        sink.accept(
            entry.getKey(),
            "argument '" + arg.get().name() + "' is given twice (once through an alias)");
      }
      canonical.put(arg.get().name(), entry.getValue());
      if (!isTemplated(entry.getValue())) {
        try {
          // !unsafe text reaches the module as it is written: check it as a plain string
          convert(spec, arg.get(), Unsafe.strip(entry.getValue()));
        } catch (ModuleException e) {
          sink.accept(entry.getKey(), e.getMessage());
        }
      }
    }
    for (Arg arg : spec.args()) {
      if (arg.isRequired() && !canonical.containsKey(arg.name())) {
        sink.accept(
            null, "missing required argument '" + arg.name() + "' of module " + spec.name());
      }
    }
    Set<String> present = new java.util.HashSet<>();
    Set<String> unknown = new java.util.HashSet<>();
    Map<String, Object> known = new LinkedHashMap<>();
    canonical.forEach(
        (name, value) -> {
          if (isTemplated(value)) {
            unknown.add(name);
          } else if (value != null) {
            present.add(name);
            known.put(name, Unsafe.strip(value));
          }
        });
    for (String problem : ruleProblems(spec, present, unknown, known)) {
      sink.accept(null, spec.name() + ": " + problem);
    }
  }

  /**
   * What the module's rules say of the arguments: {@code known} holds the values known now
   * (declared defaults fill in the others), {@code unknown} the names known only when the task
   * runs.
   */
  private static List<String> ruleProblems(
      ModuleSpec spec, Set<String> present, Set<String> unknown, Map<String, Object> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Arg arg : spec.args()) {
      Object value = known.containsKey(arg.name()) ? known.get(arg.name()) : arg.defaultValue();
      if (value == null || unknown.contains(arg.name())) {
        continue;
      }
      try {
        Object converted = convert(spec, arg, value);
        values.put(arg.name(), String.valueOf(converted));
      } catch (ModuleException e) {
        // reported as a wrong value; the rules cannot tell
      }
    }
    ArgRule.Given given = new ArgRule.Given(present, unknown, values);
    List<String> problems = new ArrayList<>();
    for (ArgRule rule : spec.rules()) {
      rule.violation(given).ifPresent(problems::add);
    }
    return problems;
  }

  private static String unknown(ModuleSpec spec, String name) {
    List<String> names = new ArrayList<>();
    for (Arg arg : spec.args()) {
      names.add(arg.name());
      names.addAll(arg.aliases());
    }
    String message = "unknown argument '" + name + "' for module " + spec.name();
    String suggestion = Suggest.closest(name, names);
    if (suggestion != null) {
      return message + "; did you mean '" + suggestion + "'?";
    }
    return message
        + "; it takes: "
        + String.join(", ", spec.args().stream().map(Arg::name).toList());
  }

  private static boolean isTemplated(Object value) {
    if (value instanceof String text) {
      return text.contains("{{") || text.contains("{%");
    }
    if (value instanceof List<?> list) {
      return list.stream().anyMatch(ArgChecker::isTemplated);
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(ArgChecker::isTemplated);
    }
    return false;
  }

  /**
   * A warning for each argument the task sets that the module accepts without acting on ({@link
   * ModuleSpec.Builder#notHonoured}): set to a value, and to one other than its declared default.
   */
  public static List<String> notHonoured(ModuleSpec spec, Map<String, Object> raw) {
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Object> entry : raw.entrySet()) {
      var arg = spec.arg(entry.getKey());
      if (arg.isEmpty() || spec.honours(arg.get()) || entry.getValue() == null) {
        continue;
      }
      try {
        Object given = convert(spec, arg.get(), entry.getValue());
        Object fallback = arg.get().defaultValue();
        if (fallback != null && given.equals(convert(spec, arg.get(), fallback))) {
          continue;
        }
      } catch (ModuleException e) {
        continue; // bind reports it
      }
      warnings.add(
          "module "
              + spec.name()
              + ": argument '"
              + entry.getKey()
              + "' is accepted but not honoured by ploy; the task runs as if it were not set");
    }
    return warnings;
  }

  static Args bind(ModuleSpec spec, Map<String, Object> raw) throws ModuleException {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> wrong = new java.util.HashSet<>();
    for (Map.Entry<String, Object> entry : raw.entrySet()) {
      var arg = spec.arg(entry.getKey());
      if (arg.isEmpty()) {
        problems.add(unknown(spec, entry.getKey()));
        continue;
      }
      try {
        values.put(arg.get().name(), convert(spec, arg.get(), entry.getValue()));
      } catch (ModuleException e) {
        problems.add(e.getMessage());
        wrong.add(arg.get().name());
      }
    }
    for (Arg arg : spec.args()) {
      if (wrong.contains(arg.name())) {
        continue;
      }
      if (!values.containsKey(arg.name()) || values.get(arg.name()) == null) {
        if (arg.isRequired()) {
          problems.add("missing required argument '" + arg.name() + "' of module " + spec.name());
        } else if (arg.defaultValue() != null) {
          values.put(arg.name(), convert(spec, arg, arg.defaultValue()));
        }
      }
    }
    Set<String> given = new java.util.HashSet<>();
    raw.forEach(
        (k, v) -> {
          if (v != null) {
            spec.arg(k).ifPresent(a -> given.add(a.name()));
          }
        });
    problems.addAll(ruleProblems(spec, given, Set.of(), values));
    if (!problems.isEmpty()) {
      throw new ModuleException(String.join("; ", problems));
    }
    return new Args(spec, values);
  }

  /** Converts one value to the argument's declared type, or says what is wrong. */
  static Object convert(ModuleSpec spec, Arg arg, Object value) throws ModuleException {
    if (value == null) {
      return null;
    }
    Object converted = convertType(spec, arg, arg.type(), value);
    if (arg.refusesOption()) {
      for (Object each : converted instanceof List<?> list ? list : List.of(converted)) {
        if (String.valueOf(each).startsWith("-")) {
          throw new ModuleException(
              "argument '"
                  + arg.name()
                  + "' of module "
                  + spec.name()
                  + " cannot start with '-' ('"
                  + each
                  + "'): the command it is given to would read it as an option");
        }
      }
    }
    if (!arg.choices().isEmpty()) {
      String text = String.valueOf(converted instanceof Boolean b ? b.toString() : converted);
      if (!arg.choices().contains(text)) {
        throw new ModuleException(
            "argument '"
                + arg.name()
                + "' of module "
                + spec.name()
                + " must be one of "
                + String.join(", ", arg.choices())
                + ", not '"
                + text
                + "'");
      }
    }
    return converted;
  }

  private static Object convertType(ModuleSpec spec, Arg arg, ArgType type, Object value)
      throws ModuleException {
    switch (type) {
      case RAW:
        return value;
      case STR:
      case PATH:
        if (value instanceof Map || value instanceof List) {
          throw wrong(spec, arg, value);
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
          return String.valueOf(value);
        }
        return String.valueOf(value);
      case MODE:
        if (value instanceof Integer || value instanceof Long) {
          // YAML 0644 is read as the octal number it looks like by our loader; print it back.
          return String.format("%04o", ((Number) value).longValue());
        }
        if (value instanceof String text) {
          return text;
        }
        throw wrong(spec, arg, value);
      case BOOL:
        return Booleans.parse(value).orElseThrow(() -> wrong(spec, arg, value));
      case INT:
        return number(spec, arg, value, Number::longValue, Long::parseLong);
      case FLOAT:
        return number(spec, arg, value, Number::doubleValue, Double::parseDouble);
      case LIST:
        List<Object> items = new ArrayList<>();
        if (value instanceof List<?> list) {
          items.addAll(list);
        } else if (value instanceof String s) {
          if (!s.isEmpty()) {
            for (String part : s.split(",")) {
              items.add(part.trim());
            }
          }
        } else if (value instanceof Map) {
          throw wrong(spec, arg, value);
        } else {
          items.add(value);
        }
        if (arg.elements() != null) {
          List<Object> typed = new ArrayList<>();
          for (Object item : items) {
            typed.add(convertType(spec, arg, arg.elements(), item));
          }
          return typed;
        }
        return items;
      case DICT:
        if (value instanceof Map<?, ?> map) {
          return map;
        }
        throw wrong(spec, arg, value);
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  /** A number as it is, else its text (trimmed) parsed; anything else is the wrong type. */
  private static Object number(
      ModuleSpec spec,
      Arg arg,
      Object value,
      Function<Number, Object> asIs,
      Function<String, Object> parse)
      throws ModuleException {
    if (value instanceof Number n) {
      return asIs.apply(n);
    }
    try {
      return parse.apply(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw wrong(spec, arg, value);
    }
  }

  private static ModuleException wrong(ModuleSpec spec, Arg arg, Object value) {
    String kind =
        value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "'" + value + "'";
    return new ModuleException(
        "argument '"
            + arg.name()
            + "' of module "
            + spec.name()
            + " must be "
            + article(arg.type())
            + ", not "
            + kind);
  }

  private static String article(ArgType type) {
    return switch (type) {
      case STR -> "a string";
      case PATH -> "a path";
      case BOOL -> "a boolean (true/false, yes/no)";
      case INT -> "an integer";
      case FLOAT -> "a number";
      case LIST -> "a list";
      case DICT -> "a mapping";
      case MODE -> "a file mode like '0644' or 'u=rw,g=r'";
      case RAW -> "a value";
    };
  }
}
