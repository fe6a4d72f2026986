package dev.ploy.expr;

/**
 * The value of an undefined variable, attribute or item. It is harmless when produced and only
 * fails when used, so that {@code is defined} and {@code default} can guard it.
 *
 * <p>A value nested in a variable's list or map whose templating failed for another reason (a
 * cycle, a bad filter) is also held as a marker, with the {@code failure}, so that its siblings
 * stay usable; using it rethrows the failure.
 *
 * @param variable the variable as written, e.g. {@code foo.x}
 * @param message why it is undefined, e.g. {@code 'foo' is undefined}
 * @param failure the error to rethrow when used, or null for a plain undefined value
 */
record Undefined(String variable, String message, ExprException failure) {
  Undefined(String variable, String message) {
    this(variable, message, null);
  }
}
