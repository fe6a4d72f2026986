package dev.ploy.expr;

/**
 * An object of a template with attributes read by {@code .name}: the {@code loop} variable, an
 * imported template, {@code self}.
 */
interface TemplateObject {
  boolean hasAttribute(String name);

  Object attribute(String name);
}
