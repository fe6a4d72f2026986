package dev.ploy.expr;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Filters that regroup lists (Jinja's and Ansible's): extract, subelements, product, permutations,
 * combinations, dictsort, groupby, batch, slice, shuffle.
 */
final class ListFilters {
  private ListFilters() {}

  static void register(Map<String, Function<Args, Object>> f) {
    f.put("extract", ListFilters::extract);
    f.put("subelements", ListFilters::subelements);
    f.put("product", ListFilters::product);
    f.put("permutations", a -> arrangements(a, true));
    f.put("combinations", a -> arrangements(a, false));
    f.put("dictsort", ListFilters::dictsort);
    f.put("groupby", ListFilters::groupby);
    f.put("batch", ListFilters::batch);
    f.put("slice", ListFilters::slice);
    f.put("shuffle", ListFilters::shuffle);
  }

  /**
   * {@code key | extract(container, morekeys)}: container[key], then each of morekeys in turn
   * ({@code groups['db'] | map('extract', hostvars, 'ansible_host')}).
   */
  private static Object extract(Args a) {
    Object value = index(a.required(0, "container"), a.input());
    Object more = a.get(1, "morekeys", null);
    if (more != null) {
      for (Object key : more instanceof List<?> l ? l : List.of(more)) {
        value = index(value, key);
      }
    }
    return value;
  }

  private static Object index(Object container, Object key) {
    if (container instanceof Map<?, ?> map) {
      if (map.containsKey(key)) {
        return map.get(key);
      }
      String text = Values.str(key);
      if (map.containsKey(text)) {
        return map.get(text);
      }
      return new Undefined(text, "'dict object' has no attribute '" + text + "'");
    }
    if (container instanceof List<?> list && Values.isIntegral(key)) {
      int i = (int) Values.dbl(key);
      if (i < 0) {
        i += list.size();
      }
      if (i >= 0 && i < list.size()) {
        return list.get(i);
      }
      return new Undefined(Values.str(key), "list index out of range");
    }
    if (container instanceof Undefined u) {
      throw new EvalError(u.message());
    }
    throw new EvalError(
        "extract: cannot index a " + Values.typeName(container) + " with " + Values.repr(key));
  }

  /**
   * {@code users | subelements('ssh_keys')}: a [item, subitem] pair for each element of each item's
   * list; an item without it fails unless skip_missing.
   */
  private static Object subelements(Args a) {
    String path = Values.str(a.required(0, "subelements"));
    Object flags = a.get(1, "skip_missing", false);
    boolean skipMissing =
        flags instanceof Map<?, ?> m ? Values.truthy(m.get("skip_missing")) : Values.truthy(flags);
    List<Object> out = new ArrayList<>();
    for (Object item : a.inputList()) {
      Object sub = CollectionFilters.attribute(item, path);
      if (sub instanceof Undefined u) {
        if (skipMissing) {
          continue;
        }
        throw new EvalError("subelements: " + u.message());
      }
      if (!(sub instanceof List<?> list)) {
        throw new EvalError(
            "subelements: '" + path + "' of an item is a " + Values.typeName(sub) + ", not a list");
      }
      for (Object element : list) {
        out.add(List.of(item, element));
      }
    }
    return out;
  }

  /** The cartesian product of the input and the argument lists, as lists. */
  private static Object product(Args a) {
    List<List<Object>> out = new ArrayList<>();
    out.add(List.of());
    List<List<Object>> factors = new ArrayList<>();
    factors.add(a.inputList());
    for (Object arg : a.positional()) {
      factors.add(Values.iterate(arg));
    }
    for (List<Object> factor : factors) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> prefix : out) {
        for (Object item : factor) {
          List<Object> longer = new ArrayList<>(prefix);
          longer.add(item);
          next.add(longer);
        }
      }
      out = next;
    }
    return new ArrayList<Object>(out);
  }

  /** permutations(r) or combinations(r) of the input, in Python's itertools order. */
  private static Object arrangements(Args a, boolean ordered) {
    List<Object> items = a.inputList();
    int r = ordered ? a.integer(0, "r", items.size()) : (int) Values.dbl(a.required(0, "r"));
    List<Object> out = new ArrayList<>();
    if (r >= 0 && r <= items.size()) {
      arrange(items, r, ordered, new ArrayList<>(), new boolean[items.size()], 0, out);
    }
    return out;
  }

  private static void arrange(
      List<Object> items,
      int r,
      boolean ordered,
      List<Object> current,
      boolean[] used,
      int from,
      List<Object> out) {
    if (current.size() == r) {
      out.add(new ArrayList<>(current));
      return;
    }
    for (int i = ordered ? 0 : from; i < items.size(); i++) {
      if (used[i]) {
        continue;
      }
      used[i] = true;
      current.add(items.get(i));
      arrange(items, r, ordered, current, used, i + 1, out);
      current.remove(current.size() - 1);
      used[i] = false;
    }
  }

  /** A dict's [key, value] pairs sorted by key (or by='value'); case-insensitive by default. */
  private static Object dictsort(Args a) {
    boolean caseSensitive = a.bool(0, "case_sensitive", false);
    String by = a.string(1, "by", "key");
    boolean reverse = a.bool(2, "reverse", false);
    if (!by.equals("key") && !by.equals("value")) {
      throw new EvalError("dictsort: by must be 'key' or 'value'");
    }
    int index = by.equals("key") ? 0 : 1;
    List<List<Object>> pairs = new ArrayList<>();
    a.inputMap().forEach((k, v) -> pairs.add(List.of(k, v)));
    Comparator<List<Object>> order =
        (x, y) -> {
          Object p = x.get(index);
          Object q = y.get(index);
          if (!caseSensitive && p instanceof String s && q instanceof String t) {
            return s.toLowerCase(Locale.ROOT).compareTo(t.toLowerCase(Locale.ROOT));
          }
          return Values.compare(p, q);
        };
    pairs.sort(reverse ? order.reversed() : order);
    return new ArrayList<Object>(pairs);
  }

  /**
   * One group of {@code groupby}: a pair [grouper, list] that also answers {@code .grouper} and
   * {@code .list}, as Jinja's named tuple does.
   */
  static final class Group extends AbstractList<Object> {
    private final Object grouper;
    private final List<Object> list;

    Group(Object grouper, List<Object> list) {
      this.grouper = grouper;
      this.list = List.copyOf(list);
    }

    @Override
    public Object get(int index) {
      return switch (index) {
        case 0 -> grouper;
        case 1 -> list;
        default -> throw new IndexOutOfBoundsException(index);
      };
    }

    @Override
    public int size() {
      return 2;
    }

    /** The value of {@code .grouper} or {@code .list}; empty for any other name. */
    java.util.Optional<Object> attribute(String name) {
      return switch (name) {
        case "grouper" -> java.util.Optional.ofNullable(grouper);
        case "list" -> java.util.Optional.of(list);
        default -> java.util.Optional.empty();
      };
    }
  }

  /** [grouper, items] pairs, sorted by the attribute's value, as Jinja's groupby. */
  private static Object groupby(Args a) {
    String attribute = Values.str(a.required(0, "attribute"));
    Map<Object, List<Object>> groups = new LinkedHashMap<>();
    List<Object> keys = new ArrayList<>();
    for (Object item : a.inputList()) {
      Object key = CollectionFilters.attribute(item, attribute);
      if (key instanceof Undefined u) {
        throw new EvalError("groupby: " + u.message());
      }
      if (!groups.containsKey(key)) {
        keys.add(key);
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
    }
    keys.sort(Values::compare);
    List<Object> out = new ArrayList<>();
    for (Object key : keys) {
      out.add(new Group(key, groups.get(key)));
    }
    return out;
  }

  /** Lists of n items; the last one filled with fill_with when given. */
  private static Object batch(Args a) {
    int size = a.integer(0, "linecount", 1);
    if (size < 1) {
      throw new EvalError("batch: the size must be at least 1");
    }
    boolean fill = a.positional().size() > 1 || a.keywords().containsKey("fill_with");
    Object filler = a.get(1, "fill_with", null);
    List<Object> out = new ArrayList<>();
    List<Object> current = new ArrayList<>();
    for (Object item : a.inputList()) {
      current.add(item);
      if (current.size() == size) {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      while (fill && current.size() < size) {
        current.add(filler);
      }
      out.add(current);
    }
    return out;
  }

  /** n lists of about equal length (the first ones longer), as Jinja's slice. */
  private static Object slice(Args a) {
    int slices = a.integer(0, "slices", 1);
    if (slices < 1) {
      throw new EvalError("slice: the number of slices must be at least 1");
    }
    List<Object> items = a.inputList();
    int per = items.size() / slices;
    int extra = items.size() % slices;
    List<Object> out = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < slices; i++) {
      int length = per + (i < extra ? 1 : 0);
      out.add(new ArrayList<>(items.subList(offset, offset + length)));
      offset += length;
    }
    return out;
  }

  /** The items in a random order; the same seed gives the same order. */
  private static Object shuffle(Args a) {
    List<Object> out = new ArrayList<>(a.inputList());
    Object seed = a.get(0, "seed", null);
    Collections.shuffle(out, seed == null ? new Random() : new Random(Values.str(seed).hashCode()));
    return out;
  }
}
