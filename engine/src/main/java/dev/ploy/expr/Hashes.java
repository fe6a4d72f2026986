package dev.ploy.expr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ansible's merge_hash: {@code from}'s entries over {@code into}'s, a mapping in both merged in
 * turn, anything else (lists too) replaced. The one rule of {@code combine(recursive=True)} and of
 * include_vars' {@code hash_behaviour: merge}.
 */
public final class Hashes {
  private Hashes() {}

  /** A new mapping: {@code into} with {@code from} merged recursively over it. */
  public static Map<Object, Object> merged(Map<?, ?> into, Map<?, ?> from) {
    Map<Object, Object> out = new LinkedHashMap<>(into);
    for (Map.Entry<?, ?> e : from.entrySet()) {
      Object old = out.get(e.getKey());
      out.put(
          e.getKey(),
          old instanceof Map<?, ?> x && e.getValue() instanceof Map<?, ?> y
              ? merged(x, y)
              : e.getValue());
    }
    return out;
  }
}
