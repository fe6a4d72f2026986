package dev.ploy.run;

import dev.ploy.expr.Scope;
import dev.ploy.expr.Templar;
import dev.ploy.expr.TemplatedView;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A read-only map view of a scope, computed at each read so it is never stale (hostvars[host]). Its
 * values are templated with the scope's own variables as they are read, a template that needs
 * something the scope lacks kept as text, as Ansible's hostvars gives them.
 */
final class ScopeMap extends AbstractMap<String, Object> implements TemplatedView {
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
    if (!(key instanceof String name)) {
      return null;
    }
    Scope scope = scope();
    return scope.has(name) ? new Templar(scope).templateKeepingUndefined(scope.raw(name)) : null;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Map<String, Object> all = new LinkedHashMap<>();
    Scope scope = scope();
    Templar templar = new Templar(scope);
    for (String name : names.get()) {
      if (scope.has(name)) {
        all.put(name, templar.templateKeepingUndefined(scope.raw(name)));
      }
    }
    return all.entrySet();
  }
}
