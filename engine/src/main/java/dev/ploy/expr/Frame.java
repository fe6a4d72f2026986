package dev.ploy.expr;

import java.util.HashMap;
import java.util.Map;

/**
 * The local variables of a template being rendered ({@code set}, {@code for}, macro arguments), a
 * chain from the innermost scope out. Locals hold evaluated values: they are never templated again
 * when read, unlike the play's variables.
 */
final class Frame {
  private final Frame parent;
  private final Map<String, Object> vars = new HashMap<>();

  Frame(Frame parent) {
    this.parent = parent;
  }

  Frame child() {
    return new Frame(this);
  }

  boolean has(String name) {
    for (Frame f = this; f != null; f = f.parent) {
      if (f.vars.containsKey(name)) {
        return true;
      }
    }
    return false;
  }

  Object get(String name) {
    for (Frame f = this; f != null; f = f.parent) {
      if (f.vars.containsKey(name)) {
        return f.vars.get(name);
      }
    }
    return null;
  }

  /** Assigns in this scope (Jinja's {@code set} never writes to an outer one). */
  void set(String name, Object value) {
    vars.put(name, value);
  }

  /** The names assigned in this very scope, as an imported template exports them. */
  Map<String, Object> own() {
    return vars;
  }
}
