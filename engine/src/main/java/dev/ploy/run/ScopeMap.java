package dev.ploy.run;

import dev.ploy.expr.Scope;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** A read-only map view of a scope, computed at each read so it is never stale (hostvars[host]). */
final class ScopeMap extends AbstractMap<String, Object> {
  private final Supplier<Scope> scope;
  private final Supplier<Set<String>> names;

  ScopeMap(Supplier<Scope> scope, Supplier<Set<String>> names) {
    this.scope = scope;
    this.names = names;
  }

  private Scope scope() {
    return scope.get();
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String name && scope().has(name);
  }

  @Override
  public Object get(Object key) {
    return key instanceof String name && scope().has(name) ? scope().raw(name) : null;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : names.get()) {
      if (scope().has(name)) {
        all.put(name, scope().raw(name));
      }
    }
    return all.entrySet();
  }
}
