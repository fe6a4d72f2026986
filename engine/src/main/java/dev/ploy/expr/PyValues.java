package dev.ploy.expr;

/** Python's view of plain Java values, for code outside this package (templates, modules). */
public final class PyValues {
  private PyValues() {}

  /** Ansible's truthiness: None, false, 0, and empty strings, lists and maps are false. */
  public static boolean truthy(Object value) {
    return Values.truthy(value);
  }

  /** The text a value renders as: null as empty, booleans as True/False, collections as repr. */
  public static String str(Object value) {
    return Values.str(value);
  }
}
