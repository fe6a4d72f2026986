package dev.ploy.expr;

/**
 * A failure inside a filter, test, method or operator. The evaluator turns it into an {@link
 * ExprException} that quotes the expression and the position.
 */
final class EvalError extends RuntimeException {
  EvalError(String message) {
    super(message);
  }
}
