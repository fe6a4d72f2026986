package dev.ploy.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What can be found in a parsed template before rendering it: unknown filters and tests, and the
 * templates it names by literal strings (in include, import and extends, and in template lookups).
 */
final class TemplateCheck {
  private static final Set<String> LOOKUPS = Set.of("lookup", "query", "q");
  private static final Set<String> TEMPLATE_PLUGINS =
      Set.of("template", "ansible.builtin.template");

  private TemplateCheck() {}

  static void names(JinjaTemplate template) throws ExprException {
    stmts(template.name(), template.body());
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
    for (Stmt s : body) {
      if (s instanceof Stmt.Include i) {
        literal(i.template(), names);
      } else if (s instanceof Stmt.Import i) {
        literal(i.template(), names);
      } else if (s instanceof Stmt.Extends x) {
        literal(x.template(), names);
      }
      for (List<Stmt> inner : bodies(s)) {
        names.addAll(literalTemplates(inner));
      }
    }
    return names;
  }

  /**
   * The files that {@code lookup('template', ...)} (or query, q) is given as literal strings in
   * these statements' expressions.
   */
  static List<String> templateLookups(List<Stmt> body) {
    List<String> names = new ArrayList<>();
    for (Stmt s : body) {
      expressions(s).forEach(n -> templateLookups(n, names));
      for (List<Stmt> inner : bodies(s)) {
        names.addAll(templateLookups(inner));
      }
    }
    return names;
  }

  /** As {@link #templateLookups(List)}, in one expression. */
  static void templateLookups(Node n, List<String> names) {
    if (n == null) {
      return;
    }
    if (n instanceof Node.Call c
        && c.callee() instanceof Node.Var v
        && LOOKUPS.contains(v.name())
        && !c.args().isEmpty()
        && c.args().get(0) instanceof Node.Literal plugin
        && TEMPLATE_PLUGINS.contains(plugin.value())) {
      for (Node term : c.args().subList(1, c.args().size())) {
        if (term instanceof Node.Literal l && l.value() instanceof String name) {
          names.add(name);
        }
      }
    }
    for (Node child : children(n)) {
      templateLookups(child, names);
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
      for (Node n : expressions(s)) {
        node(name, s.line(), n);
      }
      for (List<Stmt> inner : bodies(s)) {
        stmts(name, inner);
      }
    }
  }

  /** The expressions a statement holds itself (not those of its bodies); nulls left out. */
  private static List<Node> expressions(Stmt s) {
    List<Node> nodes = new ArrayList<>();
    if (s instanceof Stmt.Output o) {
      nodes.add(o.expr());
    } else if (s instanceof Stmt.If i) {
      i.branches().forEach(b -> nodes.add(b.test()));
    } else if (s instanceof Stmt.For f) {
      nodes.add(f.iterable());
      nodes.add(f.filter());
    } else if (s instanceof Stmt.Set set) {
      nodes.add(set.value());
    } else if (s instanceof Stmt.SetBlock set) {
      nodes.add(set.filter());
    } else if (s instanceof Stmt.FilterBlock fb) {
      nodes.add(fb.filter());
    } else if (s instanceof Stmt.Macro m) {
      m.params().forEach(p -> nodes.add(p.fallback()));
    } else if (s instanceof Stmt.CallBlock c) {
      c.params().forEach(p -> nodes.add(p.fallback()));
      nodes.add(c.call());
    } else if (s instanceof Stmt.Include i) {
      nodes.add(i.template());
    } else if (s instanceof Stmt.Import i) {
      nodes.add(i.template());
    } else if (s instanceof Stmt.Extends x) {
      nodes.add(x.template());
    }
    nodes.removeIf(Objects::isNull);
    return nodes;
  }

  /** The statement lists nested in a statement. */
  private static List<List<Stmt>> bodies(Stmt s) {
    List<List<Stmt>> bodies = new ArrayList<>();
    if (s instanceof Stmt.If i) {
      i.branches().forEach(b -> bodies.add(b.body()));
      bodies.add(i.otherwise());
    } else if (s instanceof Stmt.For f) {
      bodies.add(f.body());
      bodies.add(f.otherwise());
    } else if (s instanceof Stmt.SetBlock set) {
      bodies.add(set.body());
    } else if (s instanceof Stmt.FilterBlock fb) {
      bodies.add(fb.body());
    } else if (s instanceof Stmt.Macro m) {
      bodies.add(m.body());
    } else if (s instanceof Stmt.CallBlock c) {
      bodies.add(c.body());
    } else if (s instanceof Stmt.Block b) {
      bodies.add(b.body());
    }
    return bodies;
  }

  private static void node(String name, int line, Node n) throws ExprException {
    if (n == null) {
      return;
    }
    if (n instanceof Node.Filter f
        && !Filters.has(f.name())
        && !f.name().equals("default")
        && !f.name().equals("d")
        && !f.name().equals("mandatory")) {
      throw new UnknownNameError(name, line, "filter", f.name());
    }
    if (n instanceof Node.Test t
        && !Tests.has(t.name())
        && !t.name().equals("defined")
        && !t.name().equals("undefined")) {
      throw new UnknownNameError(name, line, "test", t.name());
    }
    for (Node child : children(n)) {
      node(name, line, child);
    }
  }

  /** The expressions directly inside one; nulls left out. */
  private static List<Node> children(Node n) {
    List<Node> nodes = new ArrayList<>();
    if (n instanceof Node.Filter f) {
      nodes.add(f.input());
      nodes.addAll(f.args());
      nodes.addAll(f.kwargs().values());
    } else if (n instanceof Node.Test t) {
      nodes.add(t.input());
      nodes.addAll(t.args());
      nodes.addAll(t.kwargs().values());
    } else if (n instanceof Node.Binary b) {
      nodes.add(b.left());
      nodes.add(b.right());
    } else if (n instanceof Node.Compare c) {
      nodes.addAll(c.steps());
    } else if (n instanceof Node.Unary u) {
      nodes.add(u.operand());
    } else if (n instanceof Node.Conditional c) {
      nodes.add(c.test());
      nodes.add(c.then());
      nodes.add(c.otherwise());
    } else if (n instanceof Node.ListExpr l) {
      nodes.addAll(l.items());
    } else if (n instanceof Node.DictExpr d) {
      nodes.addAll(d.keys());
      nodes.addAll(d.values());
    } else if (n instanceof Node.GetAttr g) {
      nodes.add(g.target());
    } else if (n instanceof Node.GetItem g) {
      nodes.add(g.target());
      nodes.add(g.index());
    } else if (n instanceof Node.Slice sl) {
      nodes.add(sl.target());
      nodes.add(sl.start());
      nodes.add(sl.stop());
      nodes.add(sl.step());
    } else if (n instanceof Node.Call c) {
      nodes.add(c.callee());
      nodes.addAll(c.args());
      nodes.addAll(c.kwargs().values());
    }
    nodes.removeIf(Objects::isNull);
    return nodes;
  }
}
