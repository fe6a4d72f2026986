package dev.ploy.expr;

/**
 * The value of an undefined variable, attribute or item. It is harmless when produced and only
 * fails when used, so that {@code is defined} and {@code default} can guard it.
 *
 * @param variable the variable as written, e.g. {@code foo.x}
 * @param message why it is undefined, e.g. {@code 'foo' is undefined}
 */
record Undefined(String variable, String message) {}
