package dev.ploy.expr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The filter registry ({@code value | name(args)}). The filters themselves live by domain in {@link
 * TextFilters}, {@link CollectionFilters}, {@link DataFilters}, {@link ListFilters}, {@link
 * PathFilters}, {@link FormatFilters}, {@link MarkupFilters}, {@link MathFilters} and {@link
 * ConversionFilters}; {@code default} and {@code mandatory} are in the evaluator because they see
 * undefined values.
 */
final class Filters {
  private static final Map<String, Function<Args, Object>> FILTERS = registry();

  private static Map<String, Function<Args, Object>> registry() {
    Map<String, Function<Args, Object>> filters = new HashMap<>();
    TextFilters.register(filters);
    CollectionFilters.register(filters);
    DataFilters.register(filters);
    ListFilters.register(filters);
    PathFilters.register(filters);
    FormatFilters.register(filters);
    MarkupFilters.register(filters);
    MathFilters.register(filters);
    ConversionFilters.register(filters);
    return Map.copyOf(filters);
  }

  private Filters() {}

  static boolean has(String name) {
    return FILTERS.containsKey(name);
  }

  /** Every filter name, with those the evaluator applies itself (default, d, mandatory). */
  static java.util.Set<String> names() {
    java.util.Set<String> names = new java.util.TreeSet<>(FILTERS.keySet());
    names.addAll(List.of("default", "d", "mandatory"));
    return names;
  }

  static Object apply(String name, Object input, List<Object> args, Map<String, Object> kwargs) {
    Function<Args, Object> f = FILTERS.get(name);
    if (f == null) {
      throw new EvalError("no filter named '" + name + "'");
    }
    return f.apply(new Args(name, input, args, kwargs));
  }
}
