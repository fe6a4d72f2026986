package dev.ploy.expr;

/** An expression or template string could not be parsed or evaluated. */
public class ExprException extends Exception {
  private final String detail;
  private final String expression;

  public ExprException(String message, String expression) {
    super(expression == null ? message : message + " in expression: " + expression);
    this.detail = message;
    this.expression = expression;
  }

  /** The expression (or template text) that failed, as written; may be null. */
  public String expression() {
    return expression;
  }

  /** The message without the expression appended. */
  public String detail() {
    return detail;
  }
}
