package dev.ploy.expr;

import java.util.List;
import java.util.Map;

/** The statements of a parsed Jinja template. Every one remembers its line for messages. */
sealed interface Stmt {
  int line();

  record Text(String text, int line) implements Stmt {}

  record Output(Node expr, String source, int line) implements Stmt {}

  record Branch(Node test, String source, List<Stmt> body) {}

  record If(List<Branch> branches, List<Stmt> otherwise, int line) implements Stmt {}

  /** {@code for a, b in iterable if filter recursive}; {@code otherwise} runs when nothing did. */
  record For(
      List<String> targets,
      Node iterable,
      Node filter,
      boolean recursive,
      List<Stmt> body,
      List<Stmt> otherwise,
      String source,
      int line)
      implements Stmt {}

  /**
   * {@code set a = x}, {@code set a, b = x}, or {@code set ns.attr = x} when {@code attr} is set.
   */
  record Set(List<String> targets, String attr, Node value, String source, int line)
      implements Stmt {}

  /** {@code {% set x | filters %}body{% endset %}}: {@code filter} applies to {@code BODY}. */
  record SetBlock(String target, Node filter, List<Stmt> body, int line) implements Stmt {}

  record FilterBlock(Node filter, List<Stmt> body, String source, int line) implements Stmt {}

  record Param(String name, Node fallback) {}

  record Macro(String name, List<Param> params, List<Stmt> body, int line) implements Stmt {}

  /** {@code {% call(params) macro(args) %}body{% endcall %}}: the body becomes {@code caller}. */
  record CallBlock(List<Param> params, Node call, List<Stmt> body, String source, int line)
      implements Stmt {}

  record Include(Node template, boolean ignoreMissing, boolean withContext, int line)
      implements Stmt {}

  /** {@code import t as alias} (names empty) or {@code from t import a as b} (alias null). */
  record Import(
      Node template, String alias, Map<String, String> names, boolean withContext, int line)
      implements Stmt {}

  record Extends(Node template, int line) implements Stmt {}

  record Block(String name, List<Stmt> body, boolean scoped, int line) implements Stmt {}
}
