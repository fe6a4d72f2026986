package dev.ploy.expr;

import java.util.List;
import java.util.Map;

/** The syntax tree of an expression. Every node remembers its offset in the source. */
sealed interface Node {
  int pos();

  record Literal(Object value, int pos) implements Node {}

  record Var(String name, int pos) implements Node {}

  record ListExpr(List<Node> items, int pos) implements Node {}

  record DictExpr(List<Node> keys, List<Node> values, int pos) implements Node {}

  record GetAttr(Node target, String name, int pos) implements Node {}

  record GetItem(Node target, Node index, int pos) implements Node {}

  record Slice(Node target, Node start, Node stop, Node step, int pos) implements Node {}

  /** Unary {@code -}, {@code +} and {@code not}. */
  record Unary(String op, Node operand, int pos) implements Node {}

  /** Arithmetic, comparison, {@code in}, {@code not in}, {@code and}, {@code or}, {@code ~}. */
  record Binary(String op, Node left, Node right, int pos) implements Node {}

  /**
   * Chained comparisons, as Python's {@code 1 < x <= 5}: each step's left operand is the previous
   * step's right one, evaluated once; true when every step holds.
   */
  record Compare(List<Binary> steps, int pos) implements Node {}

  record Conditional(Node test, Node then, Node otherwise, int pos) implements Node {}

  record Filter(Node input, String name, List<Node> args, Map<String, Node> kwargs, int pos)
      implements Node {}

  record Test(
      Node input, String name, List<Node> args, Map<String, Node> kwargs, boolean negated, int pos)
      implements Node {}

  record Call(Node callee, List<Node> args, Map<String, Node> kwargs, int pos) implements Node {}
}
