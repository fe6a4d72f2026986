package dev.ploy.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, thread-safe, least-recently-used memo of a pure function from source text to an
 * immutable parse result. Sharing one per parser across threads is safe because entries never
 * change.
 */
final class Memo<V> {
  private final Map<String, V> map;

  Memo(int capacity) {
    this.map =
        Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
              }
            });
  }

  V get(String key) {
    return map.get(key);
  }

  void put(String key, V value) {
    map.put(key, value);
  }
}
