package dev.ploy.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Filters on lists and maps. */
final class CollectionFilters {
  private CollectionFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("join", CollectionFilters::join);
    f.put("length", CollectionFilters::length);
    f.put("count", CollectionFilters::length);
    f.put("first", a -> a.inputList().isEmpty() ? missing("first", a) : a.inputList().get(0));
    f.put(
        "last",
        a ->
            a.inputList().isEmpty()
                ? missing("last", a)
                : a.inputList().get(a.inputList().size() - 1));
    f.put("min", a -> extreme(a, -1));
    f.put("max", a -> extreme(a, 1));
    f.put("sum", CollectionFilters::sum);
    f.put("unique", CollectionFilters::uniqueFilter);
    f.put("sort", CollectionFilters::sort);
    f.put("reverse", CollectionFilters::reverse);
    f.put("list", a -> new ArrayList<>(a.inputList()));
    f.put("dict2items", CollectionFilters::dict2items);
    f.put("items2dict", CollectionFilters::items2dict);
    f.put("combine", CollectionFilters::combine);
    f.put("map", CollectionFilters::map);
    f.put("select", a -> select(a, true));
    f.put("reject", a -> select(a, false));
    f.put("selectattr", a -> selectAttr(a, true));
    f.put("rejectattr", a -> selectAttr(a, false));
    f.put("zip", CollectionFilters::zip);
    f.put("flatten", a -> flatten(a.inputList(), a.integer(0, "levels", -1)));
    f.put("difference", a -> setOp(a, "difference"));
    f.put("intersect", a -> setOp(a, "intersect"));
    f.put("union", a -> setOp(a, "union"));
    f.put("symmetric_difference", a -> setOp(a, "symmetric_difference"));
    f.put("dict", a -> pairsToDict(a.inputList()));
    f.put("items", a -> items(a.inputMap()));
    f.put("random", CollectionFilters::random);
  }

  private static Object missing(String what, Args a) {
    return new Undefined(
        what, "'" + Values.typeName(a.input()) + " object' is empty: no " + what + " item");
  }

  /** Reads {@code attribute} (dotted, e.g. {@code a.b}) from an item of a list. */
  static Object attribute(Object item, String path) {
    Object v = item;
    for (String part : path.split("\\.")) {
      if (v instanceof Map<?, ?> m && m.containsKey(part)) {
        v = m.get(part);
      } else if (v instanceof ListFilters.Group group && group.attribute(part).isPresent()) {
        v = group.attribute(part).get();
      } else if (v instanceof List<?> l
          && part.matches("-?\\d+")
          && Math.abs(Integer.parseInt(part)) < l.size() + (part.startsWith("-") ? 1 : 0)) {
        int i = Integer.parseInt(part);
        v = l.get(i < 0 ? i + l.size() : i);
      } else {
        return new Undefined(
            path, "'" + Values.typeName(v) + " object' has no attribute '" + part + "'");
      }
    }
    return v;
  }

  private static Object requireAttribute(Object item, String path) {
    Object v = attribute(item, path);
    if (v instanceof Undefined u) {
      throw new EvalError(u.message());
    }
    return v;
  }

  private static Object join(Args a) {
    String sep = a.string(0, "d", "");
    String attr = a.string(1, "attribute", null);
    StringBuilder sb = new StringBuilder();
    List<Object> items = a.inputList();
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(sep);
      }
      Object v = attr == null ? items.get(i) : requireAttribute(items.get(i), attr);
      sb.append(Values.str(v));
    }
    return sb.toString();
  }

  private static Object length(Args a) {
    Object v = a.input();
    if (v instanceof String s) {
      return s.codePointCount(0, s.length());
    }
    if (v instanceof Map<?, ?> m) {
      return m.size();
    }
    if (v instanceof java.util.Collection<?> c) {
      return c.size();
    }
    throw new EvalError("object of type '" + Values.typeName(v) + "' has no len()");
  }

  private static Comparator<Object> comparator(String attribute, boolean caseSensitive) {
    return (x, y) -> {
      Object a = attribute == null ? x : requireAttribute(x, attribute);
      Object b = attribute == null ? y : requireAttribute(y, attribute);
      if (!caseSensitive && a instanceof String s && b instanceof String t) {
        return s.toLowerCase(Locale.ROOT).compareTo(t.toLowerCase(Locale.ROOT));
      }
      return Values.compare(a, b);
    };
  }

  private static Object extreme(Args a, int sign) {
    List<Object> items = a.inputList();
    if (items.isEmpty()) {
      return new Undefined(a.name(), a.name() + "() of an empty sequence");
    }
    Comparator<Object> c =
        comparator(a.string(99, "attribute", null), a.bool(99, "case_sensitive", false));
    Object best = items.get(0);
    for (Object item : items) {
      if (c.compare(item, best) * sign > 0) {
        best = item;
      }
    }
    return best;
  }

  private static Object sum(Args a) {
    String attr = a.string(99, "attribute", null);
    Object total = a.get(1, "start", 0);
    for (Object item : a.inputList()) {
      Object v = attr == null ? item : requireAttribute(item, attr);
      total = Operators.binary("+", total, v);
    }
    return total;
  }

  /**
   * The unique filter as in Ansible 2.14 (Jinja2's): strings compare without case unless
   * case_sensitive=true; attribute= compares items by that attribute; the first of each stays.
   */
  /**
   * unique as Ansible runs it: Jinja2's (case-insensitive unless case_sensitive=true), and when an
   * item cannot be hashed (a dict or list), Ansible's own fallback, which compares items exactly
   * and takes neither case_sensitive=false nor attribute.
   */
  private static List<Object> uniqueFilter(Args a) {
    Object sensitivity = a.get(0, "case_sensitive", null);
    boolean caseSensitive = sensitivity != null && Values.truthy(sensitivity);
    String attribute = a.string(1, "attribute", null);
    List<Object> items = a.inputList();
    List<Object> out = new ArrayList<>();
    List<Object> seen = new ArrayList<>();
    for (Object item : items) {
      Object key = attribute == null ? item : attribute(item, attribute);
      if (key instanceof Map<?, ?> || key instanceof List<?>) {
        if (Boolean.FALSE.equals(sensitivity) || attribute != null) {
          throw new EvalError(
              "Jinja2's unique filter failed and we cannot fall back to Ansible's version as it"
                  + " does not support the parameters supplied");
        }
        return exactlyUnique(items);
      }
      if (!caseSensitive && key instanceof String text) {
        key = text.toLowerCase(java.util.Locale.ROOT);
      }
      if (!Operators.contains(seen, key)) {
        seen.add(key);
        out.add(item);
      }
    }
    return out;
  }

  private static List<Object> exactlyUnique(List<Object> items) {
    List<Object> out = new ArrayList<>();
    for (Object item : items) {
      if (!Operators.contains(out, item)) {
        out.add(item);
      }
    }
    return out;
  }

  static List<Object> unique(List<Object> items) {
    List<Object> out = new ArrayList<>();
    for (Object item : items) {
      if (!Operators.contains(out, item)) {
        out.add(item);
      }
    }
    return out;
  }

  private static Object sort(Args a) {
    List<Object> out = new ArrayList<>(a.inputList());
    Comparator<Object> c =
        comparator(a.string(2, "attribute", null), a.bool(1, "case_sensitive", false));
    out.sort(a.bool(0, "reverse", false) ? c.reversed() : c);
    return out;
  }

  private static Object reverse(Args a) {
    if (a.input() instanceof String s) {
      return new StringBuilder(s).reverse().toString();
    }
    List<Object> out = new ArrayList<>(a.inputList());
    Collections.reverse(out);
    return out;
  }

  private static Object dict2items(Args a) {
    String keyName = a.string(0, "key_name", "key");
    String valueName = a.string(1, "value_name", "value");
    List<Object> out = new ArrayList<>();
    for (Map.Entry<Object, Object> e : a.inputMap().entrySet()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put(keyName, e.getKey());
      item.put(valueName, e.getValue());
      out.add(item);
    }
    return out;
  }

  private static Object items2dict(Args a) {
    String keyName = a.string(0, "key_name", "key");
    String valueName = a.string(1, "value_name", "value");
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Object item : a.inputList()) {
      out.put(requireAttribute(item, keyName), requireAttribute(item, valueName));
    }
    return out;
  }

  private static Object combine(Args a) {
    boolean recursive = a.bool(99, "recursive", false);
    Map<Object, Object> out = new LinkedHashMap<>(a.inputMap());
    List<Object> others = new ArrayList<>();
    for (Object o : a.positional()) {
      if (o instanceof List<?> l) {
        others.addAll(l);
      } else {
        others.add(o);
      }
    }
    for (Object o : others) {
      if (!(o instanceof Map<?, ?> m)) {
        throw new EvalError("combine expects dicts, got " + Values.typeName(o));
      }
      if (recursive) {
        out = Hashes.merged(out, m);
      } else {
        out.putAll(m);
      }
    }
    return out;
  }

  private static Object map(Args a) {
    List<Object> out = new ArrayList<>();
    String attr = a.string(99, "attribute", null);
    if (attr != null) {
      Object dflt = a.get(99, "default", null);
      boolean hasDefault = a.keywords().containsKey("default");
      for (Object item : a.inputList()) {
        Object v = attribute(item, attr);
        out.add(v instanceof Undefined && hasDefault ? dflt : requireDefined(v));
      }
      return out;
    }
    if (a.positional().isEmpty()) {
      throw new EvalError("map() needs a filter name or attribute=");
    }
    String filter = Values.str(a.positional().get(0));
    List<Object> rest = a.positional().subList(1, a.positional().size());
    for (Object item : a.inputList()) {
      out.add(Filters.apply(filter, item, rest, a.keywords()));
    }
    return out;
  }

  private static Object requireDefined(Object v) {
    if (v instanceof Undefined u) {
      throw new EvalError(u.message());
    }
    return v;
  }

  private static Object select(Args a, boolean keep) {
    List<Object> out = new ArrayList<>();
    String test = a.positional().isEmpty() ? null : Values.str(a.positional().get(0));
    List<Object> rest = test == null ? List.of() : a.positional().subList(1, a.positional().size());
    for (Object item : a.inputList()) {
      boolean ok = test == null ? Values.truthy(item) : Tests.apply(test, item, rest, a.keywords());
      if (ok == keep) {
        out.add(item);
      }
    }
    return out;
  }

  private static Object selectAttr(Args a, boolean keep) {
    String attr = Values.str(a.required(0, "attribute"));
    String test = a.positional().size() > 1 ? Values.str(a.positional().get(1)) : null;
    List<Object> rest = test == null ? List.of() : a.positional().subList(2, a.positional().size());
    List<Object> out = new ArrayList<>();
    for (Object item : a.inputList()) {
      Object v = attribute(item, attr);
      boolean ok;
      if (test == null) {
        ok = !(v instanceof Undefined) && Values.truthy(v);
      } else if (test.equals("defined") || test.equals("undefined")) {
        ok = (v instanceof Undefined) == test.equals("undefined");
      } else {
        ok = !(v instanceof Undefined) && Tests.apply(test, v, rest, Map.of());
      }
      if (ok == keep) {
        out.add(item);
      }
    }
    return out;
  }

  private static Object zip(Args a) {
    List<List<Object>> lists = new ArrayList<>();
    lists.add(a.inputList());
    for (Object o : a.positional()) {
      lists.add(Values.iterate(o));
    }
    int n = lists.stream().mapToInt(List::size).min().orElse(0);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Object> tuple = new ArrayList<>();
      for (List<Object> l : lists) {
        tuple.add(l.get(i));
      }
      out.add(tuple);
    }
    return out;
  }

  static List<Object> flatten(List<Object> items, int levels) {
    List<Object> out = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof List<?> l && levels != 0) {
        out.addAll(flatten(new ArrayList<>(l), levels - 1));
      } else {
        out.add(item);
      }
    }
    return out;
  }

  private static Object setOp(Args a, String op) {
    List<Object> x = unique(a.inputList());
    List<Object> y = Values.iterate(a.required(0, "other"));
    List<Object> out = new ArrayList<>();
    switch (op) {
      case "difference" -> x.stream().filter(v -> !Operators.contains(y, v)).forEach(out::add);
      case "intersect" -> x.stream().filter(v -> Operators.contains(y, v)).forEach(out::add);
      case "union" -> {
        out.addAll(x);
        out.addAll(y);
      }
      default -> {
        x.stream().filter(v -> !Operators.contains(y, v)).forEach(out::add);
        y.stream().filter(v -> !Operators.contains(x, v)).forEach(out::add);
      }
    }
    return unique(out);
  }

  static Map<Object, Object> pairsToDict(List<Object> pairs) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Object p : pairs) {
      List<Object> pair = Values.iterate(p);
      if (pair.size() != 2) {
        throw new EvalError("dict(): each item must be a pair, got " + Values.repr(p));
      }
      out.put(pair.get(0), pair.get(1));
    }
    return out;
  }

  private static Object items(Map<Object, Object> m) {
    List<Object> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new ArrayList<>(java.util.Arrays.asList(k, v))));
    return out;
  }

  private static Object random(Args a) {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    if (Values.isIntegral(a.input())) {
      int end = Values.big(a.input()).intValue();
      int start = a.integer(0, "start", 0);
      int step = Math.max(1, a.integer(1, "step", 1));
      int n = (end - start + step - 1) / step;
      if (n <= 0) {
        throw new EvalError("random: empty range");
      }
      return start + r.nextInt(n) * step;
    }
    List<Object> items = a.inputList();
    if (items.isEmpty()) {
      throw new EvalError("random: empty sequence");
    }
    return items.get(r.nextInt(items.size()));
  }
}
