package dev.ploy.expr;

/** An error in a template, its message already saying the template, line and column. */
class TemplateError extends ExprException {
  TemplateError(String message, String expression) {
    super(message, expression);
  }
}
