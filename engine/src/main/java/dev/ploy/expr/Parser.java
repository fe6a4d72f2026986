package dev.ploy.expr;

import dev.ploy.expr.Node.Binary;
import dev.ploy.expr.Node.Call;
import dev.ploy.expr.Node.Compare;
import dev.ploy.expr.Node.Conditional;
import dev.ploy.expr.Node.DictExpr;
import dev.ploy.expr.Node.Filter;
import dev.ploy.expr.Node.GetAttr;
import dev.ploy.expr.Node.GetItem;
import dev.ploy.expr.Node.ListExpr;
import dev.ploy.expr.Node.Literal;
import dev.ploy.expr.Node.Slice;
import dev.ploy.expr.Node.Test;
import dev.ploy.expr.Node.Unary;
import dev.ploy.expr.Node.Var;
import dev.ploy.expr.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser with Jinja's precedence: conditional, or, and, not, comparison, {@code
 * ~}, {@code + -}, {@code * / // %}, {@code **}, unary, then postfix ({@code . [] ()}) with filters
 * and tests binding tightest.
 */
final class Parser {
  private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
  private static final Set<String> STOP_WORDS =
      Set.of("and", "or", "else", "if", "in", "is", "not");
  private static final int CACHE_SIZE = 4096;

  /** Parsed trees are immutable, so one bounded memo serves every thread. */
  private static final Memo<Node> CACHE = new Memo<>(CACHE_SIZE);

  private final String src;
  private final List<Token> tokens;
  private int p;

  private Parser(String src, List<Token> tokens) {
    this.src = src;
    this.tokens = tokens;
  }

  static Node parse(String src) throws ExprException {
    Node cached = CACHE.get(src);
    if (cached != null) {
      return cached;
    }
    Parser parser = new Parser(src, Lexer.tokenize(src));
    if (parser.peek().kind() == Kind.EOF) {
      throw new ExprException("empty expression", src);
    }
    Node node = parser.expression();
    if (parser.peek().kind() != Kind.EOF) {
      throw parser.error("unexpected '" + parser.peek().text() + "'");
    }
    CACHE.put(src, node);
    return node;
  }

  /** A parser over the tokens of a statement tag, for the template parser to walk. */
  static Parser over(String src) throws ExprException {
    return new Parser(src, Lexer.tokenize(src));
  }

  boolean atEnd() {
    return peek().kind() == Kind.EOF;
  }

  /** An expression without a trailing inline {@code if}: the iterable of a filtered for loop. */
  Node withoutConditional() throws ExprException {
    return or();
  }

  /** A name, such as the target of a {@code set} or {@code for}. */
  String expectName(String what) throws ExprException {
    if (peek().kind() != Kind.NAME) {
      throw error("expected " + what);
    }
    return next().text();
  }

  Token peek() {
    return tokens.get(p);
  }

  Token next() {
    return tokens.get(p++);
  }

  boolean acceptOp(String op) {
    if (peek().isOp(op)) {
      p++;
      return true;
    }
    return false;
  }

  boolean acceptName(String name) {
    if (peek().isName(name)) {
      p++;
      return true;
    }
    return false;
  }

  Token expectOp(String op) throws ExprException {
    if (!peek().isOp(op)) {
      throw error("expected '" + op + "'");
    }
    return next();
  }

  ExprException error(String message) {
    Token t = peek();
    String at = t.kind() == Kind.EOF ? "at end of expression" : "at position " + t.pos();
    return new ExprException(message + " " + at, src);
  }

  Node expression() throws ExprException {
    Node node = or();
    if (peek().isName("if")) {
      int pos = next().pos();
      Node test = or();
      Node otherwise = acceptName("else") ? expression() : null;
      return new Conditional(test, node, otherwise, pos);
    }
    return node;
  }

  private Node or() throws ExprException {
    Node left = and();
    while (peek().isName("or")) {
      int pos = next().pos();
      left = new Binary("or", left, and(), pos);
    }
    return left;
  }

  private Node and() throws ExprException {
    Node left = not();
    while (peek().isName("and")) {
      int pos = next().pos();
      left = new Binary("and", left, not(), pos);
    }
    return left;
  }

  private Node not() throws ExprException {
    if (peek().isName("not")) {
      int pos = next().pos();
      return new Unary("not", not(), pos);
    }
    return compare();
  }

  private Node compare() throws ExprException {
    Node left = concat();
    List<Binary> steps = new ArrayList<>();
    while (true) {
      Token t = peek();
      String op;
      if (t.kind() == Kind.OP && COMPARISONS.contains(t.text())) {
        next();
        op = t.text();
      } else if (t.isName("in")) {
        next();
        op = "in";
      } else if (t.isName("not") && tokens.get(p + 1).isName("in")) {
        p += 2;
        op = "not in";
      } else {
        break;
      }
      Binary step = new Binary(op, left, concat(), t.pos());
      steps.add(step);
      left = step.right();
    }
    return switch (steps.size()) {
      case 0 -> left;
      case 1 -> steps.get(0);
      default -> new Compare(List.copyOf(steps), steps.get(0).pos());
    };
  }

  private Node concat() throws ExprException {
    Node left = additive();
    while (peek().isOp("~")) {
      int pos = next().pos();
      left = new Binary("~", left, additive(), pos);
    }
    return left;
  }

  private Node additive() throws ExprException {
    Node left = multiplicative();
    while (peek().isOp("+") || peek().isOp("-")) {
      Token t = next();
      left = new Binary(t.text(), left, multiplicative(), t.pos());
    }
    return left;
  }

  private Node multiplicative() throws ExprException {
    Node left = power();
    while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
      Token t = next();
      left = new Binary(t.text(), left, power(), t.pos());
    }
    return left;
  }

  private Node power() throws ExprException {
    Node left = unary(true);
    while (peek().isOp("**")) {
      Token t = next();
      left = new Binary("**", left, unary(true), t.pos());
    }
    return left;
  }

  private Node unary(boolean withFilters) throws ExprException {
    Node node;
    if (peek().isOp("-") || peek().isOp("+")) {
      Token t = next();
      node = new Unary(t.text(), unary(false), t.pos());
    } else {
      node = postfix(primary());
    }
    return withFilters ? filters(node) : node;
  }

  private Node primary() throws ExprException {
    Token t = next();
    switch (t.kind()) {
      case STRING:
        {
          StringBuilder sb = new StringBuilder((String) t.value());
          while (peek().kind() == Kind.STRING) {
            sb.append((String) next().value());
          }
          return new Literal(sb.toString(), t.pos());
        }
      case INT:
      case FLOAT:
        return new Literal(t.value(), t.pos());
      case NAME:
        switch (t.text()) {
          case "true":
          case "True":
            return new Literal(Boolean.TRUE, t.pos());
          case "false":
          case "False":
            return new Literal(Boolean.FALSE, t.pos());
          case "none":
          case "None":
            return new Literal(null, t.pos());
          default:
            return new Var(t.text(), t.pos());
        }
      case OP:
        if (t.text().equals("(")) {
          return parenthesized(t);
        }
        if (t.text().equals("[")) {
          List<Node> items = new ArrayList<>();
          while (!peek().isOp("]")) {
            items.add(expression());
            if (!acceptOp(",")) {
              break;
            }
          }
          expectOp("]");
          return new ListExpr(items, t.pos());
        }
        if (t.text().equals("{")) {
          List<Node> keys = new ArrayList<>();
          List<Node> values = new ArrayList<>();
          while (!peek().isOp("}")) {
            keys.add(expression());
            expectOp(":");
            values.add(expression());
            if (!acceptOp(",")) {
              break;
            }
          }
          expectOp("}");
          return new DictExpr(keys, values, t.pos());
        }
        break;
      default:
        break;
    }
    p--;
    throw error(t.kind() == Kind.EOF ? "unexpected end" : "unexpected '" + t.text() + "'");
  }

  private Node parenthesized(Token open) throws ExprException {
    if (acceptOp(")")) {
      return new ListExpr(List.of(), open.pos());
    }
    Node first = expression();
    if (acceptOp(")")) {
      return first;
    }
    List<Node> items = new ArrayList<>();
    items.add(first);
    while (acceptOp(",")) {
      if (peek().isOp(")")) {
        break;
      }
      items.add(expression());
    }
    expectOp(")");
    return new ListExpr(items, open.pos());
  }

  private Node postfix(Node node) throws ExprException {
    while (true) {
      Token t = peek();
      if (t.isOp(".")) {
        next();
        Token name = next();
        if (name.kind() == Kind.NAME) {
          node = new GetAttr(node, name.text(), name.pos());
        } else if (name.kind() == Kind.INT) {
          node = new GetItem(node, new Literal(name.value(), name.pos()), name.pos());
        } else {
          p--;
          throw error("expected an attribute name after '.'");
        }
      } else if (t.isOp("[")) {
        next();
        node = subscript(node, t.pos());
      } else if (t.isOp("(")) {
        next();
        node = call(node, t.pos());
      } else {
        return node;
      }
    }
  }

  private Node subscript(Node target, int pos) throws ExprException {
    Node start = null;
    if (!peek().isOp(":")) {
      start = expression();
      if (acceptOp("]")) {
        return new GetItem(target, start, pos);
      }
    }
    expectOp(":");
    Node stop = peek().isOp(":") || peek().isOp("]") ? null : expression();
    Node step = null;
    if (acceptOp(":") && !peek().isOp("]")) {
      step = expression();
    }
    expectOp("]");
    return new Slice(target, start, stop, step, pos);
  }

  private Call call(Node callee, int pos) throws ExprException {
    List<Node> args = new ArrayList<>();
    Map<String, Node> kwargs = new LinkedHashMap<>();
    arguments(args, kwargs);
    return new Call(callee, args, kwargs, pos);
  }

  /** Parses {@code a, b, k=v)} after an opening parenthesis. */
  private void arguments(List<Node> args, Map<String, Node> kwargs) throws ExprException {
    while (!peek().isOp(")")) {
      Token star = peek();
      if (acceptOp("**")) { // f(**mapping): its entries as keyword arguments
        kwargs.put("**" + kwargs.size(), new Unary("**", expression(), star.pos()));
      } else if (acceptOp("*")) { // f(*items): its items as positional arguments
        args.add(new Unary("*", expression(), star.pos()));
      } else if (peek().kind() == Kind.NAME && tokens.get(p + 1).isOp("=")) {
        String name = next().text();
        next();
        kwargs.put(name, expression());
      } else {
        if (!kwargs.isEmpty()) {
          throw error("positional argument after keyword argument");
        }
        args.add(expression());
      }
      if (!acceptOp(",")) {
        break;
      }
    }
    expectOp(")");
  }

  private Node filters(Node node) throws ExprException {
    while (true) {
      Token t = peek();
      if (t.isOp("|")) {
        next();
        String name = dottedName();
        List<Node> args = new ArrayList<>();
        Map<String, Node> kwargs = new LinkedHashMap<>();
        if (acceptOp("(")) {
          arguments(args, kwargs);
        }
        node = new Filter(node, name, args, kwargs, t.pos());
      } else if (t.isName("is")) {
        next();
        boolean negated = acceptName("not");
        String name = dottedName();
        List<Node> args = new ArrayList<>();
        Map<String, Node> kwargs = new LinkedHashMap<>();
        if (acceptOp("(")) {
          arguments(args, kwargs);
        } else if (startsBareTestArgument(peek())) {
          args.add(postfix(primary()));
        }
        node = new Test(node, name, args, kwargs, negated, t.pos());
      } else {
        return node;
      }
    }
  }

  private static boolean startsBareTestArgument(Token t) {
    return switch (t.kind()) {
      case STRING, INT, FLOAT -> true;
      case NAME -> !STOP_WORDS.contains(t.text());
      case OP -> t.text().equals("[") || t.text().equals("{");
      default -> false;
    };
  }

  /** A filter or test name; collection prefixes like {@code ansible.builtin.} are dropped. */
  private String dottedName() throws ExprException {
    Token t = next();
    if (t.kind() != Kind.NAME) {
      p--;
      throw error("expected a filter or test name");
    }
    String name = t.text();
    while (peek().isOp(".") && tokens.get(p + 1).kind() == Kind.NAME) {
      p++;
      name = next().text();
    }
    return name;
  }
}
