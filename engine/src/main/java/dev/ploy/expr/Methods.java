package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The Python methods templates commonly call on strings, dicts and lists. */
final class Methods {
  private static final Set<String> STRING =
      Set.of(
          "startswith",
          "endswith",
          "split",
          "rsplit",
          "strip",
          "lstrip",
          "rstrip",
          "lower",
          "upper",
          "replace",
          "join",
          "format",
          "find",
          "count",
          "capitalize",
          "title",
          "isdigit",
          "isalpha",
          "splitlines");
  private static final Set<String> DICT = Set.of("get", "keys", "values", "items", "update");
  private static final Set<String> LIST = Set.of("index", "count", "append");

  private Methods() {}

  static boolean isMethod(Object receiver, String name) {
    if (receiver instanceof String) {
      return STRING.contains(name);
    }
    if (receiver instanceof Map) {
      return DICT.contains(name);
    }
    return receiver instanceof List && LIST.contains(name);
  }

  @SuppressWarnings("unchecked")
  static Object call(Object receiver, String name, List<Object> args, Map<String, Object> kwargs) {
    Args a = new Args(name, receiver, args, kwargs);
    if (receiver instanceof String s && STRING.contains(name)) {
      return string(s, a);
    }
    if (receiver instanceof Map<?, ?> m && DICT.contains(name)) {
      return dict(m, a);
    }
    if (receiver instanceof List<?> l && LIST.contains(name)) {
      Object x = a.required(0, "value");
      if (name.equals("append")) {
        return mutated(() -> ((List<Object>) l).add(x), "list");
      }
      if (name.equals("count")) {
        return (int) l.stream().filter(v -> Values.eq(v, x)).count();
      }
      for (int i = 0; i < l.size(); i++) {
        if (Values.eq(l.get(i), x)) {
          return i;
        }
      }
      throw new EvalError(Values.repr(x) + " is not in list");
    }
    throw new EvalError("'" + Values.typeName(receiver) + "' object has no method '" + name + "'");
  }

  private static Object string(String s, Args a) {
    return switch (a.name()) {
      case "startswith" -> anyOf(a.required(0, "prefix"), s::startsWith);
      case "endswith" -> anyOf(a.required(0, "suffix"), s::endsWith);
      case "split" -> TextFilters.split(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
      case "rsplit" -> rsplit(s, a.string(0, "sep", null), a.integer(1, "maxsplit", -1));
      case "strip" -> TextFilters.strip(s, a.string(0, "chars", null), true, true);
      case "lstrip" -> TextFilters.strip(s, a.string(0, "chars", null), true, false);
      case "rstrip" -> TextFilters.strip(s, a.string(0, "chars", null), false, true);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "capitalize" -> TextFilters.capitalize(s);
      case "title" -> TextFilters.title(s);
      case "replace" ->
          TextFilters.replace(
              s,
              Values.str(a.required(0, "old")),
              Values.str(a.required(1, "new")),
              a.integer(2, "count", -1));
      case "join" -> {
        List<String> parts = new ArrayList<>();
        Values.iterate(a.required(0, "iterable")).forEach(x -> parts.add(Values.str(x)));
        yield String.join(s, parts);
      }
      case "format" -> format(s, a);
      case "find" -> s.indexOf(Values.str(a.required(0, "sub")));
      case "count" -> TextFilters.split(s, Values.str(a.required(0, "sub")), -1).size() - 1;
      case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
      case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
      case "splitlines" -> new ArrayList<Object>(s.lines().toList());
      default -> throw new EvalError("'str' object has no method '" + a.name() + "'");
    };
  }

  private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
    if (prefixes instanceof List<?> l) {
      return l.stream().anyMatch(p -> test.test(Values.str(p)));
    }
    return test.test(Values.str(prefixes));
  }

  private static List<Object> rsplit(String s, String sep, int maxsplit) {
    if (sep == null || maxsplit < 0) {
      return TextFilters.split(s, sep, -1);
    }
    List<Object> out = new ArrayList<>();
    int end = s.length();
    while (out.size() < maxsplit) {
      int at = s.lastIndexOf(sep, end - sep.length());
      if (at < 0) {
        break;
      }
      out.add(0, s.substring(at + sep.length(), end));
      end = at;
    }
    out.add(0, s.substring(0, end));
    return out;
  }

  /** Python's str.format with {@code {}}, {@code {0}} and {@code {name}} fields. */
  private static String format(String s, Args a) {
    StringBuilder sb = new StringBuilder();
    int auto = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
        sb.append('{');
        i++;
      } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
        sb.append('}');
        i++;
      } else if (c == '{') {
        int end = s.indexOf('}', i);
        if (end < 0) {
          throw new EvalError("format: unmatched '{'");
        }
        String field = s.substring(i + 1, end);
        Object v;
        if (field.isEmpty()) {
          v = a.required(auto++, null);
        } else if (field.chars().allMatch(Character::isDigit)) {
          v = a.required(Integer.parseInt(field), null);
        } else {
          v = a.required(Integer.MAX_VALUE, field);
        }
        sb.append(Values.str(v));
        i = end;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Changes a dict or list a template made ({% set d = {} %}); gives None, as Python's methods do.
   * A value ploy holds unchangeable fails with the reason.
   */
  private static Object mutated(Runnable change, String kind) {
    try {
      change.run();
    } catch (UnsupportedOperationException e) {
      throw new EvalError("this " + kind + " cannot be changed in place; build a new one instead");
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Object dict(Map<?, ?> m, Args a) {
    return switch (a.name()) {
      case "get" -> {
        Object key = a.required(0, "key");
        yield m.containsKey(key) ? m.get(key) : a.get(1, "default", null);
      }
      case "keys" -> new ArrayList<Object>(m.keySet());
      case "values" -> new ArrayList<Object>(m.values());
      case "update" -> {
        // as Python's dict.update, in place ({% set _ = d.update({k: v}) %}): a mapping, then k=v
        Map<Object, Object> target = (Map<Object, Object>) m;
        Object other = a.positional().isEmpty() ? null : a.positional().get(0);
        yield mutated(
            () -> {
              if (other instanceof Map<?, ?> more) {
                target.putAll(more);
              }
              target.putAll(a.keywords());
            },
            "dict");
      }
      default -> {
        List<Object> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new ArrayList<>(java.util.Arrays.asList(k, v))));
        yield out;
      }
    };
  }
}
