package dev.ploy.expr;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Variables as stored: values are untemplated and may contain {@code {{ }}} strings. */
public interface Scope {
  boolean has(String name);

  /** The stored, untemplated value; null when undefined (or stored as null). */
  Object raw(String name);

  /** The names of the variables, each once, highest precedence first (lookup('varnames')). */
  Set<String> names();

  static Scope of(Map<String, ?> vars) {
    return new Scope() {
      @Override
      public boolean has(String name) {
        return vars.containsKey(name);
      }

      @Override
      public Object raw(String name) {
        return vars.get(name);
      }

      @Override
      public Set<String> names() {
        return new LinkedHashSet<>(vars.keySet());
      }
    };
  }

  /**
   * This scope with the unsafe marks of its values removed: for code that reads variables as stored
   * rather than through a {@link Templar} (a module's facts, such as ansible_pkg_mgr).
   */
  default Scope plain() {
    Scope base = this;
    return new Scope() {
      @Override
      public boolean has(String name) {
        return base.has(name);
      }

      @Override
      public Object raw(String name) {
        return Unsafe.strip(base.raw(name));
      }

      @Override
      public Set<String> names() {
        return base.names();
      }
    };
  }

  /** An overlay: {@code vars} win over this scope. */
  default Scope with(Map<String, ?> vars) {
    Scope base = this;
    return new Scope() {
      @Override
      public boolean has(String name) {
        return vars.containsKey(name) || base.has(name);
      }

      @Override
      public Object raw(String name) {
        return vars.containsKey(name) ? vars.get(name) : base.raw(name);
      }

      @Override
      public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(vars.keySet());
        names.addAll(base.names());
        return names;
      }
    };
  }
}
