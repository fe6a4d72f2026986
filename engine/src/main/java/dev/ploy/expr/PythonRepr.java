package dev.ploy.expr;

/**
 * Python's repr of a value (strings quoted as Python quotes them, dicts as {'k': 'v'}), for module
 * messages that Ansible's modules build with repr or str.format of a dict: one implementation, the
 * one Jinja's output uses.
 */
public final class PythonRepr {
  private PythonRepr() {}

  public static String of(Object value) {
    return Values.repr(value);
  }
}
