package dev.ploy.expr;

/** One lexical token of an expression; {@code pos} is the 0-based offset in the source. */
record Token(Kind kind, String text, Object value, int pos) {
  enum Kind {
    NAME,
    STRING,
    INT,
    FLOAT,
    OP,
    EOF
  }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }

  boolean isOp(String t) {
    return is(Kind.OP, t);
  }

  boolean isName(String t) {
    return is(Kind.NAME, t);
  }
}
