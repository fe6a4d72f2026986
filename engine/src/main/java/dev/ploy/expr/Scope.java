package dev.ploy.expr;

import java.util.Map;

/** Variables as stored: values are untemplated and may contain {@code {{ }}} strings. */
public interface Scope {
  boolean has(String name);

  /** The stored, untemplated value; null when undefined (or stored as null). */
  Object raw(String name);

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
    };
  }
}
