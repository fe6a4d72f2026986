package dev.ploy.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ansible's mathstuff filters not found elsewhere: log, pow, root, zip_longest, rekey_on_member.
 */
final class MathFilters {
  private MathFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("log", MathFilters::log);
    f.put("pow", a -> Math.pow(number(a, a.input()), number(a, a.required(0, "y"))));
    f.put("root", MathFilters::root);
    f.put("zip_longest", MathFilters::zipLongest);
    f.put("rekey_on_member", MathFilters::rekeyOnMember);
  }

  /** math.log(x, base); log10 for base 10, as Ansible does. */
  private static Object log(Args a) {
    double x = number(a, a.input());
    Object base = a.get(0, "base", null);
    if (base == null) {
      return Math.log(x);
    }
    double b = number(a, base);
    return b == 10 ? Math.log10(x) : Math.log(x) / Math.log(b);
  }

  /** The square root, or x ** (1 / base). */
  private static Object root(Args a) {
    double x = number(a, a.input());
    Object base = a.get(0, "base", null);
    if (base == null || Values.dbl(base) == 2) {
      return Math.sqrt(x);
    }
    return Math.pow(x, 1.0 / number(a, base));
  }

  private static double number(Args a, Object v) {
    if (!Values.isNumeric(v) || v instanceof Boolean) {
      throw new EvalError(
          a.name()
              + "() can only be used on numbers: must be real number, not "
              + Values.typeName(v));
    }
    return Values.dbl(v);
  }

  /** itertools.zip_longest: items of each list side by side, the short ones filled. */
  private static Object zipLongest(Args a) {
    List<List<Object>> lists = new ArrayList<>();
    lists.add(a.inputList());
    for (Object other : a.positional()) {
      lists.add(Values.iterate(other));
    }
    Object fill = a.keywords().get("fillvalue");
    int longest = lists.stream().mapToInt(List::size).max().orElse(0);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < longest; i++) {
      List<Object> row = new ArrayList<>();
      for (List<Object> l : lists) {
        row.add(i < l.size() ? l.get(i) : fill);
      }
      out.add(row);
    }
    return out;
  }

  /** A dict of the dicts of a list (or of a dict's values), keyed by one of their members. */
  private static Object rekeyOnMember(Args a) {
    Object key = a.required(0, "key");
    String duplicates = a.string(1, "duplicates", "error");
    if (!duplicates.equals("error") && !duplicates.equals("overwrite")) {
      throw new EvalError(
          "duplicates parameter to rekey_on_member has unknown value: " + duplicates);
    }
    Object input = a.input();
    if (input instanceof String || !(input instanceof Map || input instanceof List)) {
      throw new EvalError("Type is not a valid list, set, or dict");
    }
    List<Object> items = input instanceof Map<?, ?> m ? new ArrayList<>(m.values()) : a.inputList();
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?> entry)) {
        throw new EvalError("List item is not a valid dict");
      }
      if (!entry.containsKey(key)) {
        throw new EvalError("Key " + Values.str(key) + " was not found");
      }
      Object value = entry.get(key);
      if (out.containsKey(value) && duplicates.equals("error")) {
        throw new EvalError(
            "Key " + Values.str(value) + " is not unique, cannot correctly turn into dict");
      }
      out.put(value, item);
    }
    return out;
  }
}
