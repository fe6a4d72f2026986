package dev.ploy.expr;

/** An undefined variable (or a missing attribute or item) was used without a guard. */
public class UndefinedVariableException extends ExprException {
  private final String variable;

  public UndefinedVariableException(String variable, String message, String expression) {
    super(message, expression);
    this.variable = variable;
  }

  /** The variable as written, e.g. {@code foo} or {@code foo.x}. */
  public String variable() {
    return variable;
  }
}
