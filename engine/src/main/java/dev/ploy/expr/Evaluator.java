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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one parsed expression. Undefined variables evaluate to {@link Undefined} markers that
 * only fail when used, so that {@code is defined} and {@code default} can guard them. Values are
 * plain inside an expression: unsafe text read from a variable is seen as a string, and the
 * evaluator remembers it read some, as Ansible's context does, so its result is marked unsafe.
 */
final class Evaluator {
  private final Templar templar;
  private final List<String> chain;
  private final String source;
  private final Frame frame;
  private boolean readUnsafe;

  Evaluator(Templar templar, List<String> chain, String source) {
    this(templar, chain, source, null);
  }

  /** An evaluator that sees a template's local variables ({@code frame}) before the play's. */
  Evaluator(Templar templar, List<String> chain, String source, Frame frame) {
    this.templar = templar;
    this.chain = chain;
    this.source = source;
    this.frame = frame;
  }

  /** Whether the expression read unsafe text: a variable holding some, or a lookup's result. */
  boolean readUnsafe() {
    return readUnsafe;
  }

  Object evaluate(Node node) throws ExprException {
    try {
      return eval(node);
    } catch (EvalError e) {
      throw new ExprException(e.getMessage(), source);
    } catch (RuntimeException e) { // a filter met a value it did not expect
      throw new ExprException("cannot evaluate: " + e, source);
    }
  }

  /**
   * What an inline if-expression without else gives when false: Jinja's plain Undefined (not
   * Ansible's strict one), which renders as the empty string and fails no test of definedness.
   */
  private static final Undefined NO_ELSE =
      new Undefined("else", "the inline if-expression evaluated to false and has no else");

  /** Fails when {@code v} is, or deeply contains, an undefined marker. */
  Object defined(Object v) throws ExprException {
    if (v == NO_ELSE) {
      return "";
    }
    use(v);
    if (v instanceof Map<?, ?> m) {
      for (Object x : m.values()) {
        defined(x);
      }
    } else if (v instanceof Collection<?> c) {
      for (Object x : c) {
        defined(x);
      }
    }
    return v;
  }

  /** Fails when {@code v} is an undefined marker (but not when it merely contains one). */
  Object use(Object v) throws ExprException {
    if (v == NO_ELSE) {
      return "";
    }
    if (v instanceof Undefined u) {
      if (u.failure() != null) {
        throw u.failure();
      }
      throw new UndefinedVariableException(u.variable(), u.message(), source);
    }
    return v;
  }

  private ExprException at(String message, Node node) {
    return new ExprException(message + " at position " + node.pos(), source);
  }

  private Object eval(Node node) throws ExprException {
    if (node instanceof Literal n) {
      return n.value();
    }
    if (node instanceof Var n) {
      return variable(n);
    }
    if (node instanceof GetAttr n) {
      return getAttr(n);
    }
    if (node instanceof GetItem n) {
      return getItem(n);
    }
    if (node instanceof Filter n) {
      return filter(n);
    }
    if (node instanceof Test n) {
      return test(n);
    }
    if (node instanceof Binary n) {
      return binary(n);
    }
    if (node instanceof Compare n) {
      return chained(n);
    }
    if (node instanceof Unary n) {
      Object v = defined(eval(n.operand()));
      return switch (n.op()) {
        case "not" -> !Values.truthy(v);
        case "-" -> guarded(() -> Operators.negate(v), n);
        default -> guarded(() -> Operators.arithmetic("+", 0, v), n);
      };
    }
    if (node instanceof Conditional n) {
      if (Values.truthy(defined(eval(n.test())))) {
        return eval(n.then());
      }
      return n.otherwise() == null ? NO_ELSE : eval(n.otherwise());
    }
    if (node instanceof ListExpr n) {
      List<Object> out = new ArrayList<>();
      for (Node item : n.items()) {
        out.add(defined(eval(item)));
      }
      return out;
    }
    if (node instanceof DictExpr n) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < n.keys().size(); i++) {
        out.put(defined(eval(n.keys().get(i))), defined(eval(n.values().get(i))));
      }
      return out;
    }
    if (node instanceof Slice n) {
      return slice(n);
    }
    if (node instanceof Call n) {
      return call(n);
    }
    throw at("unsupported expression", node);
  }

  private interface Op {
    Object run();
  }

  private Object guarded(Op op, Node node) throws ExprException {
    try {
      return op.run();
    } catch (EvalError e) {
      throw at(e.getMessage(), node);
    }
  }

  private Object variable(Var n) throws ExprException {
    String name = n.name();
    if (frame != null && frame.has(name)) {
      return frame.get(name);
    }
    if (templar.has(name)) {
      Object value = templar.resolve(name, chain);
      Object plain = Unsafe.strip(value);
      if (plain != value) {
        readUnsafe = true;
      }
      return plain;
    }
    if (name.equals("omit")) {
      return Templar.OMIT;
    }
    return new Undefined(name, "'" + name + "' is undefined");
  }

  /**
   * A value read from a {@link TemplatedView} (hostvars[host].x), which may hold unsafe text: its
   * plain value, the expression marked as having read unsafe text, as when a variable is read.
   */
  private Object viewed(Object value) {
    Object plain = Unsafe.strip(value);
    if (plain != value) {
      readUnsafe = true;
    }
    return plain;
  }

  /** How the user wrote a variable path, for messages: {@code foo.x}, {@code foo['y']}. */
  private static String describe(Node node) {
    if (node instanceof Var v) {
      return v.name();
    }
    if (node instanceof GetAttr a) {
      return describe(a.target()) + "." + a.name();
    }
    if (node instanceof GetItem g && g.index() instanceof Literal l) {
      return describe(g.target()) + "[" + Values.repr(l.value()) + "]";
    }
    return "(expression)";
  }

  private Object getAttr(GetAttr n) throws ExprException {
    Object target = eval(n.target());
    if (target instanceof Undefined) {
      return target;
    }
    if (target instanceof TemplatedView
        && target instanceof Map<?, ?> m
        && m.containsKey(n.name())) {
      return viewed(m.get(n.name()));
    }
    if (target instanceof Map<?, ?> m && m.containsKey(n.name())) {
      return m.get(n.name());
    }
    if (target instanceof TemplateObject o && o.hasAttribute(n.name())) {
      return o.attribute(n.name());
    }
    if (target instanceof ListFilters.Group group && group.attribute(n.name()).isPresent()) {
      return group.attribute(n.name()).get();
    }
    return missing(target, n.name(), n);
  }

  private Undefined missing(Object target, Object key, Node n) {
    String path = describe(n);
    String kind = target instanceof Map ? "dict" : Values.typeName(target);
    String what = target instanceof List || target instanceof String ? "element" : "attribute";
    return new Undefined(
        path,
        "'"
            + path
            + "' is undefined: '"
            + kind
            + " object' has no "
            + what
            + " "
            + Values.repr(key));
  }

  private Object getItem(GetItem n) throws ExprException {
    Object target = eval(n.target());
    if (target instanceof Undefined) {
      return target;
    }
    Object key = defined(eval(n.index()));
    if (target instanceof TemplatedView && target instanceof Map<?, ?> m && m.containsKey(key)) {
      return viewed(m.get(key));
    }
    if (target instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (Values.eq(e.getKey(), key)) {
          return e.getValue();
        }
      }
      return missing(target, key, n);
    }
    if ((target instanceof List || target instanceof String) && Values.isIntegral(key)) {
      int size = target instanceof List<?> l ? l.size() : ((String) target).length();
      long i = Values.big(key).longValue();
      if (i < 0) {
        i += size;
      }
      if (i < 0 || i >= size) {
        return missing(target, key, n);
      }
      return target instanceof List<?> l
          ? l.get((int) i)
          : String.valueOf(((String) target).charAt((int) i));
    }
    return missing(target, key, n);
  }

  private Object slice(Slice n) throws ExprException {
    Object target = defined(eval(n.target()));
    Integer start = sliceBound(n.start());
    Integer stop = sliceBound(n.stop());
    Integer stepOrNull = sliceBound(n.step());
    int step = stepOrNull == null ? 1 : stepOrNull;
    if (step == 0) {
      throw at("slice step cannot be zero", n);
    }
    List<Object> items;
    if (target instanceof List<?> l) {
      items = new ArrayList<>(l);
    } else if (target instanceof String s) {
      items = Values.iterate(s);
    } else {
      throw at("'" + Values.typeName(target) + "' object is not subscriptable", n);
    }
    int size = items.size();
    int lo = step > 0 ? clamp(start, size, 0) : clamp(start, size, size - 1);
    int hi = step > 0 ? clamp(stop, size, size) : clamp(stop, size, -1);
    List<Object> out = new ArrayList<>();
    for (int i = lo; step > 0 ? i < hi : i > hi; i += step) {
      if (i >= 0 && i < size) {
        out.add(items.get(i));
      }
    }
    if (target instanceof String) {
      StringBuilder sb = new StringBuilder();
      out.forEach(sb::append);
      return sb.toString();
    }
    return out;
  }

  private static int clamp(Integer bound, int size, int dflt) {
    if (bound == null) {
      return dflt;
    }
    int b = bound < 0 ? bound + size : bound;
    return Math.max(Math.min(b, size), -1);
  }

  private Integer sliceBound(Node node) throws ExprException {
    if (node == null) {
      return null;
    }
    Object v = defined(eval(node));
    if (v == null) {
      return null;
    }
    if (!Values.isIntegral(v)) {
      throw at("slice indices must be integers", node);
    }
    return Values.big(v).intValue();
  }

  private Object binary(Binary n) throws ExprException {
    if (n.op().equals("and")) {
      Object left = defined(eval(n.left()));
      return Values.truthy(left) ? defined(eval(n.right())) : left;
    }
    if (n.op().equals("or")) {
      Object left = defined(eval(n.left()));
      return Values.truthy(left) ? left : defined(eval(n.right()));
    }
    Object left = defined(eval(n.left()));
    Object right = defined(eval(n.right()));
    return guarded(() -> Operators.binary(n.op(), left, right), n);
  }

  private Object chained(Compare n) throws ExprException {
    Object left = defined(eval(n.steps().get(0).left()));
    for (Binary step : n.steps()) {
      Object before = left;
      Object right = defined(eval(step.right()));
      if (!Values.truthy(guarded(() -> Operators.binary(step.op(), before, right), step))) {
        return false;
      }
      left = right;
    }
    return true;
  }

  private List<Object> args(List<Node> nodes) throws ExprException {
    return args(nodes, true);
  }

  /**
   * A call's arguments; {@code strict}: an undefined one fails now. A macro (or caller) is given an
   * undefined argument as it is, as Jinja gives it, to fail only where it is used: {@code {% if
   * value is defined %}} in the macro guards it.
   */
  private List<Object> args(List<Node> nodes, boolean strict) throws ExprException {
    List<Object> out = new ArrayList<>();
    for (Node a : nodes) {
      if (a instanceof Unary u && u.op().equals("*")) {
        Object items = defined(eval(u.operand()));
        out.addAll((List<?>) guarded(() -> Values.iterate(items), a));
      } else {
        out.add(strict ? defined(eval(a)) : eval(a));
      }
    }
    return out;
  }

  private Map<String, Object> kwargs(Map<String, Node> nodes) throws ExprException {
    return kwargs(nodes, true);
  }

  private Map<String, Object> kwargs(Map<String, Node> nodes, boolean strict) throws ExprException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      if (e.getValue() instanceof Unary u && u.op().equals("**")) {
        if (!(defined(eval(u.operand())) instanceof Map<?, ?> m)) {
          throw at("argument after ** must be a mapping", u);
        }
        m.forEach((k, v) -> out.put(Values.str(k), v));
      } else {
        out.put(e.getKey(), strict ? defined(eval(e.getValue())) : eval(e.getValue()));
      }
    }
    return out;
  }

  /** Rethrows the failure held by a marker of a value whose templating failed. */
  private static Object notBroken(Object v) throws ExprException {
    if (v instanceof Undefined u && u.failure() != null) {
      throw u.failure();
    }
    return v;
  }

  private Object filter(Filter n) throws ExprException {
    if (n.name().equals("type_debug")) {
      return typeDebug(n);
    }
    Object input = notBroken(eval(n.input()));
    // default's fallback may be undefined, as in Jinja: it fails only if it is what default gives
    boolean lazy = n.name().equals("default") || n.name().equals("d");
    List<Object> args = args(n.args(), !lazy);
    Map<String, Object> kwargs = kwargs(n.kwargs(), !lazy);
    switch (n.name()) {
      case "default", "d" -> {
        boolean alsoFalsy =
            args.size() > 1 && Values.truthy(args.get(1)) || Values.truthy(kwargs.get("boolean"));
        Object fallback = args.isEmpty() ? kwargs.getOrDefault("default_value", "") : args.get(0);
        if (input instanceof Undefined || (alsoFalsy && !Values.truthy(input))) {
          return fallback;
        }
        return input;
      }
      case "mandatory" -> {
        if (input instanceof Undefined u) {
          String msg =
              args.isEmpty() ? "Mandatory variable " + u.message() : Values.str(args.get(0));
          throw new UndefinedVariableException(u.variable(), msg, source);
        }
        return input;
      }
      default -> {
        Object value = defined(input);
        if (!Filters.has(n.name())) {
          throw at("no filter named '" + n.name() + "'", n);
        }
        return guarded(() -> Filters.apply(n.name(), value, args, kwargs), n);
      }
    }
  }

  /**
   * Ansible's type_debug: the Python class of its input, which for text depends on where the text
   * came from ({@link Templar#typeName}); a template's local variables are plain values.
   */
  private Object typeDebug(Filter n) throws ExprException {
    boolean readBefore = readUnsafe;
    readUnsafe = false;
    Object value = defined(notBroken(eval(n.input())));
    boolean inputUnsafe = readUnsafe;
    readUnsafe |= readBefore;
    if (n.input() instanceof Var v && frame != null && frame.has(v.name())) {
      return Values.typeName(value);
    }
    return templar.typeName(n.input(), value, inputUnsafe, chain);
  }

  private Object test(Test n) throws ExprException {
    Object input = notBroken(eval(n.input()));
    boolean result;
    switch (n.name()) {
      case "defined" -> result = !(input instanceof Undefined);
      case "undefined" -> result = input instanceof Undefined;
      default -> {
        Object value = defined(input);
        List<Object> args = args(n.args());
        Map<String, Object> kwargs = kwargs(n.kwargs());
        if (!Tests.has(n.name())) {
          throw at("no test named '" + n.name() + "'", n);
        }
        result = (Boolean) guarded(() -> Tests.apply(n.name(), value, args, kwargs), n);
      }
    }
    return n.negated() != result;
  }

  private Object call(Call n) throws ExprException {
    if (n.callee() instanceof Var v && frame != null && frame.has(v.name())) {
      if (frame.get(v.name()) instanceof Invocable f) {
        return f.invoke(args(n.args(), false), kwargs(n.kwargs(), false));
      }
      throw at("'" + v.name() + "' is not callable", n);
    }
    if (n.callee() instanceof GetAttr m) {
      Object receiver = eval(m.target());
      Object member =
          receiver instanceof TemplateObject o && o.hasAttribute(m.name())
              ? o.attribute(m.name())
              : receiver instanceof Map<?, ?> map ? map.get(m.name()) : null;
      if (member instanceof Invocable f) {
        return f.invoke(args(n.args()), kwargs(n.kwargs()));
      }
      if (receiver instanceof Map<?, ?> map
          && map.containsKey(m.name())
          && !Methods.isMethod(receiver, m.name())) {
        throw at("'" + describe(m) + "' is not callable", n);
      }
      Object target = defined(receiver);
      List<Object> args = args(n.args());
      Map<String, Object> kwargs = kwargs(n.kwargs());
      return guarded(() -> Methods.call(target, m.name(), args, kwargs), n);
    }
    if (n.callee() instanceof Var v && !templar.has(v.name()) && Functions.has(v.name())) {
      boolean readBefore = readUnsafe;
      readUnsafe = false;
      List<Object> args = args(n.args());
      Map<String, Object> kwargs = kwargs(n.kwargs());
      // terms made of unsafe text are never templated again by the lookup
      Lookups.Context context = new TemplarLookups(templar, !readUnsafe);
      readUnsafe |= readBefore;
      if (Functions.isLookup(v.name()) && !Values.truthy(kwargs.get("allow_unsafe"))) {
        readUnsafe = true; // Ansible marks what lookups return unsafe
      }
      return guarded(() -> Functions.call(v.name(), args, kwargs, context), n);
    }
    if (n.callee() instanceof Var v && v.name().equals("namespace") && !templar.has(v.name())) {
      Namespace ns = new Namespace();
      for (Object arg : args(n.args())) {
        if (arg instanceof Map<?, ?> m) {
          ns.putAll(m);
        }
      }
      ns.putAll(kwargs(n.kwargs()));
      return ns;
    }
    if (eval(n.callee()) instanceof Invocable f) {
      return f.invoke(args(n.args(), false), kwargs(n.kwargs(), false));
    }
    throw at("'" + describe(n.callee()) + "' is not callable", n);
  }
}
