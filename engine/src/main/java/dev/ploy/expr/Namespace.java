package dev.ploy.expr;

import java.util.LinkedHashMap;

/**
 * Jinja's {@code namespace()}: attributes a template may assign with {@code {% set ns.x = ... %}},
 * even from inside a loop, where a plain {@code set} would stay local to the loop.
 */
final class Namespace extends LinkedHashMap<Object, Object> {}
