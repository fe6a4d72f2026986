package dev.ploy.expr;

import dev.ploy.expr.Stmt.Block;
import dev.ploy.expr.Stmt.Branch;
import dev.ploy.expr.Stmt.CallBlock;
import dev.ploy.expr.Stmt.Extends;
import dev.ploy.expr.Stmt.FilterBlock;
import dev.ploy.expr.Stmt.For;
import dev.ploy.expr.Stmt.If;
import dev.ploy.expr.Stmt.Import;
import dev.ploy.expr.Stmt.Include;
import dev.ploy.expr.Stmt.Macro;
import dev.ploy.expr.Stmt.Output;
import dev.ploy.expr.Stmt.Param;
import dev.ploy.expr.Stmt.SetBlock;
import dev.ploy.expr.Stmt.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the statements of parsed templates, writing their text. Expressions are evaluated by the one
 * {@link Evaluator}, with the template's locals in a {@link Frame} before the play's variables.
 */
final class JinjaRenderer {
  /** Finds the templates named by include, import and extends. */
  interface Loader {
    JinjaTemplate load(String name) throws ExprException;
  }

  private final Templar templar;
  private final Loader loader;
  private final List<String> chain;
  private final boolean undefinedPassesThrough;
  private boolean readUnsafe;

  /** The text the template writes itself, whose pieces are counted for {@link #loneText}. */
  private StringBuilder top;

  private int pieces;
  private Piece lastPiece = Piece.NONE;
  private boolean lastPieceIsText;

  private enum Piece {
    NONE,
    TEXT,
    EXPRESSION
  }

  JinjaRenderer(Templar templar, Loader loader) {
    this(templar, loader, List.of(), false);
  }

  /**
   * A renderer for a string of a task or a variable: {@code chain} holds the variables being
   * resolved (for cycles), and an undefined variable stays an {@link UndefinedVariableException},
   * so that {@code default} and {@code is defined} work on the variable holding the string.
   */
  JinjaRenderer(
      Templar templar, Loader loader, List<String> chain, boolean undefinedPassesThrough) {
    this.templar = templar;
    this.loader = loader;
    this.chain = chain;
    this.undefinedPassesThrough = undefinedPassesThrough;
  }

  boolean readUnsafe() {
    return readUnsafe;
  }

  /**
   * Whether the last render wrote one piece only, the text of an expression ending in a string
   * filter ({@code {% if x %}{{ y | to_json }}{% endif %}}): Ansible's concat keeps that text as
   * text (a NativeJinjaText) instead of reading it back as a list, a dict or a boolean.
   */
  boolean loneText() {
    return pieces == 1 && lastPieceIsText;
  }

  /** Renders a whole template, following its {@code extends} to the base template. */
  String render(JinjaTemplate template, Frame frame) throws ExprException {
    StringBuilder out = new StringBuilder();
    top = out;
    pieces = 0;
    lastPiece = Piece.NONE;
    lastPieceIsText = false;
    renderTemplate(template, frame, out);
    return out.toString();
  }

  /**
   * Counts what the template writes at its top level (not into a macro, a set or a filter block),
   * as Jinja yields it: each expression one piece, text beside other text in the same piece.
   */
  private void wrote(StringBuilder out, boolean expression, boolean givesText) {
    if (out != top || (!expression && lastPiece == Piece.TEXT)) {
      return;
    }
    pieces++;
    lastPiece = expression ? Piece.EXPRESSION : Piece.TEXT;
    lastPieceIsText = expression && givesText;
  }

  private void renderTemplate(JinjaTemplate template, Frame frame, StringBuilder out)
      throws ExprException {
    Map<String, List<Block>> blocks = new HashMap<>();
    JinjaTemplate current = template;
    StringBuilder ignored = new StringBuilder();
    Context context = new Context(current, blocks);
    while (true) {
      current.blocks().forEach((k, v) -> blocks.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      Extends parent = current.parent();
      if (parent == null) {
        run(current.body(), frame, out, new Context(current, blocks));
        return;
      }
      // a child template: its statements outside blocks run (set, import, macro), text is dropped
      for (Stmt s : current.body()) {
        if (!(s instanceof Block) && !(s instanceof Text) && !(s instanceof Output)) {
          if (s instanceof Extends) {
            break;
          }
          run(List.of(s), frame, ignored, context);
        }
      }
      Object name = eval(parent.template(), "extends", frame, parent.line(), current);
      current = loader.load(Values.str(name));
      context = new Context(current, blocks);
    }
  }

  /** The template whose statements run, and the blocks in effect (the child's first). */
  private record Context(JinjaTemplate template, Map<String, List<Block>> blocks) {}

  private void run(List<Stmt> stmts, Frame frame, StringBuilder out, Context cx)
      throws ExprException {
    for (Stmt s : stmts) {
      if (s instanceof Text t) {
        if (!t.text().isEmpty()) {
          out.append(t.text());
          wrote(out, false, false);
        }
      } else if (s instanceof Output o) {
        Evaluator ev = evaluator(o.source(), frame);
        out.append(Values.str(located(() -> ev.defined(ev.evaluate(o.expr())), o, cx)));
        readUnsafe |= ev.readUnsafe();
        wrote(out, true, Templar.givesText(o.expr()));
      } else if (s instanceof If i) {
        runIf(i, frame, out, cx);
      } else if (s instanceof For f) {
        Object items = eval(f.iterable(), f.source(), frame, f.line(), cx.template());
        loop(f, items, 0, frame, cx, out);
      } else if (s instanceof Stmt.Set set) {
        assign(set, eval(set.value(), set.source(), frame, set.line(), cx.template()), frame, cx);
      } else if (s instanceof SetBlock set) {
        String body = capture(set.body(), frame.child(), cx);
        Object value = body;
        if (set.filter() != null) {
          Frame f = frame.child();
          f.set(JinjaParser.BODY, body);
          value = eval(set.filter(), "set " + set.target(), f, set.line(), cx.template());
        }
        frame.set(set.target(), value);
      } else if (s instanceof FilterBlock fb) {
        Frame f = frame.child();
        f.set(JinjaParser.BODY, capture(fb.body(), frame.child(), cx));
        out.append(Values.str(eval(fb.filter(), fb.source(), f, fb.line(), cx.template())));
        wrote(out, true, false);
      } else if (s instanceof Macro m) {
        frame.set(m.name(), new MacroValue(m.name(), m.params(), m.body(), frame, cx));
      } else if (s instanceof CallBlock c) {
        out.append(Values.str(callBlock(c, frame, cx)));
        wrote(out, true, false);
      } else if (s instanceof Include inc) {
        include(inc, frame, out, cx);
      } else if (s instanceof Import imp) {
        importTemplate(imp, frame, cx);
      } else if (s instanceof Block b) {
        List<Block> chain = cx.blocks().getOrDefault(b.name(), List.of(b));
        renderBlock(chain, 0, frame, out, cx);
      } else if (s instanceof Extends) {
        throw error(cx.template(), s.line(), "'extends' must come before any block");
      }
    }
  }

  private void runIf(If i, Frame frame, StringBuilder out, Context cx) throws ExprException {
    for (Branch b : i.branches()) {
      Evaluator ev = evaluator(b.source(), frame);
      boolean holds =
          (Boolean) located(() -> Values.truthy(ev.defined(ev.evaluate(b.test()))), i, cx);
      readUnsafe |= ev.readUnsafe();
      if (holds) {
        run(b.body(), frame, out, cx);
        return;
      }
    }
    run(i.otherwise(), frame, out, cx);
  }

  /** Renders a for loop over {@code items} at {@code depth0}: also what {@code loop(x)} does. */
  void loop(For f, Object items, int depth0, Frame frame, Context cx, StringBuilder out)
      throws ExprException {
    List<Object> all = located(() -> Values.iterate(items), f, cx);
    List<Object> kept = new ArrayList<>();
    for (Object item : all) {
      if (f.filter() == null) {
        kept.add(item);
        continue;
      }
      Frame test = frame.child();
      bind(f, item, test, cx);
      Object ok = eval(f.filter(), f.source(), test, f.line(), cx.template());
      if (Values.truthy(ok)) {
        kept.add(item);
      }
    }
    if (kept.isEmpty()) {
      run(f.otherwise(), frame, out, cx);
      return;
    }
    Frame body = frame.child();
    LoopObject loop = new LoopObject(f, kept, depth0, frame, cx);
    body.set("loop", loop);
    for (int k = 0; k < kept.size(); k++) {
      loop.index0 = k;
      bind(f, kept.get(k), body, cx);
      run(f.body(), body, out, cx);
    }
  }

  private void bind(For f, Object item, Frame frame, Context cx) throws ExprException {
    if (f.targets().size() == 1) {
      frame.set(f.targets().get(0), item);
      return;
    }
    List<Object> values = located(() -> Values.iterate(item), f, cx);
    if (values.size() != f.targets().size()) {
      throw error(
          cx.template(),
          f.line(),
          (values.size() < f.targets().size() ? "not enough" : "too many")
              + " values to unpack (expected "
              + f.targets().size()
              + ", got "
              + values.size()
              + ")");
    }
    for (int k = 0; k < values.size(); k++) {
      frame.set(f.targets().get(k), values.get(k));
    }
  }

  private void assign(Stmt.Set set, Object value, Frame frame, Context cx) throws ExprException {
    if (set.attr() != null) {
      Object target = frame.get(set.targets().get(0));
      if (!(target instanceof Namespace ns)) {
        throw error(
            cx.template(),
            set.line(),
            "cannot assign attribute on non-namespace object '" + set.targets().get(0) + "'");
      }
      ns.put(set.attr(), value);
      return;
    }
    if (set.targets().size() == 1) {
      frame.set(set.targets().get(0), value);
      return;
    }
    List<Object> values = located(() -> Values.iterate(value), set, cx);
    if (values.size() != set.targets().size()) {
      throw error(cx.template(), set.line(), "wrong number of values to unpack");
    }
    for (int k = 0; k < values.size(); k++) {
      frame.set(set.targets().get(k), values.get(k));
    }
  }

  private Object callBlock(CallBlock c, Frame frame, Context cx) throws ExprException {
    Node.Call call = (Node.Call) c.call();
    Map<String, Node> kwargs = new LinkedHashMap<>(call.kwargs());
    kwargs.put("caller", new Node.Var("__jinja_caller__", call.pos()));
    Frame f = frame.child();
    f.set("__jinja_caller__", new MacroValue("caller", c.params(), c.body(), frame, cx));
    Node withCaller = new Node.Call(call.callee(), call.args(), kwargs, call.pos());
    return eval(withCaller, c.source(), f, c.line(), cx.template());
  }

  private void include(Include inc, Frame frame, StringBuilder out, Context cx)
      throws ExprException {
    Object names = eval(inc.template(), "include", frame, inc.line(), cx.template());
    List<Object> candidates = names instanceof List<?> l ? new ArrayList<>(l) : List.of(names);
    for (Object name : candidates) {
      JinjaTemplate included;
      try {
        included = loader.load(Values.str(name));
      } catch (Jinja.TemplateNotFound e) {
        continue;
      }
      Frame f = inc.withContext() ? frame.child() : new Frame(null);
      f.set("loop", new Undefined("loop", "'loop' is undefined")); // as Jinja: not passed on
      (inc.withContext() ? this : withoutContext()).renderTemplate(included, f, out);
      return;
    }
    if (!inc.ignoreMissing()) {
      throw error(cx.template(), inc.line(), "template not found: " + Values.str(names));
    }
  }

  private void importTemplate(Import imp, Frame frame, Context cx) throws ExprException {
    Object name = eval(imp.template(), "import", frame, imp.line(), cx.template());
    JinjaTemplate imported;
    try {
      imported = loader.load(Values.str(name));
    } catch (Jinja.TemplateNotFound e) {
      throw error(cx.template(), imp.line(), "template not found: " + Values.str(name));
    }
    Frame module = imp.withContext() ? frame.child() : new Frame(null);
    (imp.withContext() ? this : withoutContext())
        .renderTemplate(imported, module, new StringBuilder());
    Map<String, Object> exported = module.own();
    if (imp.alias() != null) {
      frame.set(
          imp.alias(),
          new Module(Values.str(name), java.util.Collections.unmodifiableMap(exported)));
      return;
    }
    for (Map.Entry<String, String> e : imp.names().entrySet()) {
      if (!exported.containsKey(e.getValue())) {
        throw error(
            cx.template(),
            imp.line(),
            "the template " + Values.str(name) + " does not export '" + e.getValue() + "'");
      }
      frame.set(e.getKey(), exported.get(e.getValue()));
    }
  }

  private void renderBlock(List<Block> chain, int at, Frame frame, StringBuilder out, Context cx)
      throws ExprException {
    Frame f = frame.child();
    if (at + 1 < chain.size()) {
      f.set(
          "super",
          (Invocable)
              (args, kwargs) -> {
                StringBuilder sb = new StringBuilder();
                renderBlock(chain, at + 1, frame, sb, cx);
                return sb.toString();
              });
    }
    f.set("self", new Self(frame, cx));
    run(chain.get(at).body(), f, out, cx);
  }

  /**
   * A renderer for a template imported or included without context: as in Ansible, it sees none of
   * the play's variables, only its own.
   */
  private JinjaRenderer withoutContext() {
    return new JinjaRenderer(new Templar(Scope.of(Map.of())), loader);
  }

  private String capture(List<Stmt> body, Frame frame, Context cx) throws ExprException {
    StringBuilder sb = new StringBuilder();
    run(body, frame, sb, cx);
    return sb.toString();
  }

  private Evaluator evaluator(String source, Frame frame) {
    return new Evaluator(templar, chain, source, frame);
  }

  private Object eval(Node node, String source, Frame frame, int line, JinjaTemplate template)
      throws ExprException {
    Evaluator ev = evaluator(source, frame);
    try {
      Object v = ev.evaluate(node);
      readUnsafe |= ev.readUnsafe();
      return v;
    } catch (TemplateError e) {
      throw e;
    } catch (UndefinedVariableException e) {
      throw undefinedPassesThrough ? e : error(template, line, e.detail());
    } catch (ExprException e) {
      throw error(template, line, e.detail());
    }
  }

  private interface Step<T> {
    T run() throws ExprException;
  }

  private <T> T located(Step<T> step, Stmt at, Context cx) throws ExprException {
    try {
      return step.run();
    } catch (TemplateError e) {
      throw e;
    } catch (UndefinedVariableException e) {
      throw undefinedPassesThrough ? e : error(cx.template(), at.line(), e.detail());
    } catch (ExprException e) {
      throw error(cx.template(), at.line(), e.detail());
    } catch (EvalError e) {
      throw error(cx.template(), at.line(), e.getMessage());
    }
  }

  private static TemplateError error(JinjaTemplate template, int line, String message) {
    return new TemplateError(template.name(), line, 0, message);
  }

  /** A macro (or the body of a call block, as {@code caller}), bound to where it was defined. */
  private final class MacroValue implements Invocable {
    private final String name;
    private final List<Param> params;
    private final List<Stmt> body;
    private final Frame closure;
    private final Context cx;

    MacroValue(String name, List<Param> params, List<Stmt> body, Frame closure, Context cx) {
      this.name = name;
      this.params = params;
      this.body = body;
      this.closure = closure;
      this.cx = cx;
    }

    @Override
    public Object invoke(List<Object> args, Map<String, Object> kwargs) throws ExprException {
      Frame f = closure.child();
      Map<String, Object> extra = new LinkedHashMap<>(kwargs);
      for (int k = 0; k < params.size(); k++) {
        Param param = params.get(k);
        if (k < args.size()) {
          f.set(param.name(), args.get(k));
        } else if (extra.containsKey(param.name())) {
          f.set(param.name(), extra.remove(param.name()));
        } else if (param.fallback() != null) {
          f.set(
              param.name(),
              eval(
                  param.fallback(),
                  name,
                  f,
                  body.isEmpty() ? 1 : body.get(0).line(),
                  cx.template()));
        } else {
          f.set(
              param.name(),
              new Undefined(
                  param.name(),
                  "parameter '" + param.name() + "' was not provided to macro '" + name + "'"));
        }
      }
      Object caller = extra.remove("caller");
      if (caller != null) {
        f.set("caller", caller);
      }
      f.set(
          "varargs",
          args.size() > params.size()
              ? new ArrayList<>(args.subList(params.size(), args.size()))
              : new ArrayList<>());
      f.set("kwargs", extra);
      return capture(body, f, cx);
    }
  }

  /** The {@code loop} variable of a for loop; calling it renders the loop again, one level down. */
  private final class LoopObject implements TemplateObject, Invocable {
    private static final Set<String> NAMES =
        Set.of(
            "index",
            "index0",
            "revindex",
            "revindex0",
            "first",
            "last",
            "length",
            "depth",
            "depth0",
            "previtem",
            "nextitem",
            "cycle",
            "changed");
    private final For stmt;
    private final List<Object> items;
    private final int depth0;
    private final Frame frame;
    private final Context cx;
    private List<Object> lastChanged;
    int index0;

    LoopObject(For stmt, List<Object> items, int depth0, Frame frame, Context cx) {
      this.stmt = stmt;
      this.items = items;
      this.depth0 = depth0;
      this.frame = frame;
      this.cx = cx;
    }

    @Override
    public boolean hasAttribute(String name) {
      return NAMES.contains(name);
    }

    @Override
    public Object attribute(String name) {
      int n = items.size();
      return switch (name) {
        case "index" -> index0 + 1;
        case "index0" -> index0;
        case "revindex" -> n - index0;
        case "revindex0" -> n - index0 - 1;
        case "first" -> index0 == 0;
        case "last" -> index0 == n - 1;
        case "length" -> n;
        case "depth" -> depth0 + 1;
        case "depth0" -> depth0;
        case "previtem" ->
            index0 > 0
                ? items.get(index0 - 1)
                : new Undefined("loop.previtem", "there is no previous item");
        case "nextitem" ->
            index0 < n - 1
                ? items.get(index0 + 1)
                : new Undefined("loop.nextitem", "there is no next item");
        case "cycle" ->
            (Invocable)
                (args, kwargs) -> {
                  if (args.isEmpty()) {
                    throw error(cx.template(), stmt.line(), "no items for cycling given");
                  }
                  return args.get(index0 % args.size());
                };
        default ->
            (Invocable)
                (args, kwargs) -> {
                  boolean changed = lastChanged == null || !Values.eq(lastChanged, args);
                  lastChanged = new ArrayList<>(args);
                  return changed;
                };
      };
    }

    @Override
    public Object invoke(List<Object> args, Map<String, Object> kwargs) throws ExprException {
      if (!stmt.recursive()) {
        throw error(
            cx.template(),
            stmt.line(),
            "the loop is not recursive: add 'recursive' to the for tag to call loop(...)");
      }
      StringBuilder out = new StringBuilder();
      loop(stmt, args.isEmpty() ? List.of() : args.get(0), depth0 + 1, frame, cx, out);
      return out.toString();
    }
  }

  /** {@code self}: each block of the template, callable. */
  private final class Self implements TemplateObject {
    private final Frame frame;
    private final Context cx;

    Self(Frame frame, Context cx) {
      this.frame = frame;
      this.cx = cx;
    }

    @Override
    public boolean hasAttribute(String name) {
      return cx.blocks().containsKey(name);
    }

    @Override
    public Object attribute(String name) {
      return (Invocable)
          (args, kwargs) -> {
            StringBuilder sb = new StringBuilder();
            renderBlock(cx.blocks().get(name), 0, frame, sb, cx);
            return sb.toString();
          };
    }
  }

  /** An imported template: its macros and top-level variables as attributes. */
  private record Module(String name, Map<String, Object> exported) implements TemplateObject {
    @Override
    public boolean hasAttribute(String attr) {
      return exported.containsKey(attr);
    }

    @Override
    public Object attribute(String attr) {
      return exported.get(attr);
    }
  }
}
