package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;

/** What can be found wrong in a parsed template before rendering it: unknown filters and tests. */
final class TemplateCheck {
  private TemplateCheck() {}

  static void names(JinjaTemplate template) throws ExprException {
    for (Stmt s : template.body()) {
      stmt(template.name(), s);
    }
  }

  /** Checks the expressions of a string that holds no statements. */
  static void text(TextTemplate text) throws ExprException {
    for (TextTemplate.Part part : text.parts()) {
      node("expression", 0, part.node());
    }
  }

  /** Checks one parsed expression. */
  static void expression(Node expression) throws ExprException {
    node("expression", 0, expression);
  }

  /**
   * The names of the templates that {@code body} includes, imports or extends as literal strings
   * (or a literal list of them), in the order written.
   */
  static List<String> literalTemplates(List<Stmt> body) {
    List<String> names = new ArrayList<>();
    collect(body, names);
    return names;
  }

  private static void collect(List<Stmt> body, List<String> names) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Include i) {
        literal(i.template(), names);
      } else if (s instanceof Stmt.Import i) {
        literal(i.template(), names);
      } else if (s instanceof Stmt.Extends x) {
        literal(x.template(), names);
      } else if (s instanceof Stmt.If i) {
        i.branches().forEach(b -> collect(b.body(), names));
        collect(i.otherwise(), names);
      } else if (s instanceof Stmt.For f) {
        collect(f.body(), names);
        collect(f.otherwise(), names);
      } else if (s instanceof Stmt.SetBlock set) {
        collect(set.body(), names);
      } else if (s instanceof Stmt.FilterBlock fb) {
        collect(fb.body(), names);
      } else if (s instanceof Stmt.Macro m) {
        collect(m.body(), names);
      } else if (s instanceof Stmt.CallBlock c) {
        collect(c.body(), names);
      } else if (s instanceof Stmt.Block b) {
        collect(b.body(), names);
      }
    }
  }

  private static void literal(Node template, List<String> names) {
    if (template instanceof Node.Literal l && l.value() instanceof String name) {
      names.add(name);
    } else if (template instanceof Node.ListExpr list) {
      list.items().forEach(item -> literal(item, names));
    }
  }

  private static void stmts(String name, List<Stmt> body) throws ExprException {
    for (Stmt s : body) {
      stmt(name, s);
    }
  }

  private static void stmt(String name, Stmt s) throws ExprException {
    int line = s.line();
    if (s instanceof Stmt.Output o) {
      node(name, line, o.expr());
    } else if (s instanceof Stmt.If i) {
      for (Stmt.Branch b : i.branches()) {
        node(name, line, b.test());
        stmts(name, b.body());
      }
      stmts(name, i.otherwise());
    } else if (s instanceof Stmt.For f) {
      node(name, line, f.iterable());
      node(name, line, f.filter());
      stmts(name, f.body());
      stmts(name, f.otherwise());
    } else if (s instanceof Stmt.Set set) {
      node(name, line, set.value());
    } else if (s instanceof Stmt.SetBlock set) {
      node(name, line, set.filter());
      stmts(name, set.body());
    } else if (s instanceof Stmt.FilterBlock fb) {
      node(name, line, fb.filter());
      stmts(name, fb.body());
    } else if (s instanceof Stmt.Macro m) {
      for (Stmt.Param p : m.params()) {
        node(name, line, p.fallback());
      }
      stmts(name, m.body());
    } else if (s instanceof Stmt.CallBlock c) {
      for (Stmt.Param p : c.params()) {
        node(name, line, p.fallback());
      }
      node(name, line, c.call());
      stmts(name, c.body());
    } else if (s instanceof Stmt.Block b) {
      stmts(name, b.body());
    } else if (s instanceof Stmt.Include i) {
      node(name, line, i.template());
    } else if (s instanceof Stmt.Import i) {
      node(name, line, i.template());
    } else if (s instanceof Stmt.Extends x) {
      node(name, line, x.template());
    }
  }

  private static void node(String name, int line, Node n) throws ExprException {
    if (n == null) {
      return;
    }
    if (n instanceof Node.Filter f) {
      if (!Filters.has(f.name())
          && !f.name().equals("default")
          && !f.name().equals("d")
          && !f.name().equals("mandatory")) {
        throw new UnknownNameError(name, line, "filter", f.name());
      }
      node(name, line, f.input());
      nodes(name, line, f.args());
      nodes(name, line, List.copyOf(f.kwargs().values()));
    } else if (n instanceof Node.Test t) {
      if (!Tests.has(t.name()) && !t.name().equals("defined") && !t.name().equals("undefined")) {
        throw new UnknownNameError(name, line, "test", t.name());
      }
      node(name, line, t.input());
      nodes(name, line, t.args());
      nodes(name, line, List.copyOf(t.kwargs().values()));
    } else if (n instanceof Node.Binary b) {
      node(name, line, b.left());
      node(name, line, b.right());
    } else if (n instanceof Node.Compare c) {
      for (Node.Binary b : c.steps()) {
        node(name, line, b);
      }
    } else if (n instanceof Node.Unary u) {
      node(name, line, u.operand());
    } else if (n instanceof Node.Conditional c) {
      node(name, line, c.test());
      node(name, line, c.then());
      node(name, line, c.otherwise());
    } else if (n instanceof Node.ListExpr l) {
      nodes(name, line, l.items());
    } else if (n instanceof Node.DictExpr d) {
      nodes(name, line, d.keys());
      nodes(name, line, d.values());
    } else if (n instanceof Node.GetAttr g) {
      node(name, line, g.target());
    } else if (n instanceof Node.GetItem g) {
      node(name, line, g.target());
      node(name, line, g.index());
    } else if (n instanceof Node.Slice sl) {
      node(name, line, sl.target());
      node(name, line, sl.start());
      node(name, line, sl.stop());
      node(name, line, sl.step());
    } else if (n instanceof Node.Call c) {
      node(name, line, c.callee());
      nodes(name, line, c.args());
      nodes(name, line, List.copyOf(c.kwargs().values()));
    }
  }

  private static void nodes(String name, int line, List<Node> nodes) throws ExprException {
    for (Node n : nodes) {
      node(name, line, n);
    }
  }
}
