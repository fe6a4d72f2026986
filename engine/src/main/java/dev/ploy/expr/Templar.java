package dev.ploy.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates expressions and templates strings against a {@link Scope}. Variables are templated
 * lazily, when read; {@link Unsafe} values (from targets, lookups and {@code !unsafe}) never are,
 * and a template that read one gives a result marked unsafe in turn. Instances are immutable and
 * safe to share between threads.
 */
public final class Templar {
  /** The value of {@code omit}: an argument templated to it is left out of a module call. */
  public static final Object OMIT =
      new Object() {
        @Override
        public String toString() {
          return "__omit_place_holder__";
        }
      };

  private final Scope scope;

  public Templar(Scope scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /** A new Templar whose scope has {@code vars} overlaid. */
  public Templar with(Map<String, ?> vars) {
    return new Templar(scope.with(vars));
  }

  /** Evaluates a bare expression such as {@code a + 1} (no braces). */
  public Object evaluate(String expression) throws ExprException {
    Evaluator ev = new Evaluator(this, List.of(), expression);
    return Unsafe.strip(ev.defined(ev.evaluate(Parser.parse(expression.trim()))));
  }

  /**
   * Evaluates a {@code when:}-style condition: a bare expression or a string with {@code {{ }}},
   * then applies Ansible's truthiness; the strings true/false/yes/no/on/off count as booleans.
   */
  public boolean condition(String expression) throws ExprException {
    Object value =
        TextTemplate.isTemplated(expression) ? template(expression) : evaluate(expression);
    if (value instanceof String s) {
      switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "yes", "on", "1" -> {
          return true;
        }
        case "false", "no", "off", "0", "none", "" -> {
          return false;
        }
        default -> {
          return true;
        }
      }
    }
    return Values.truthy(value);
  }

  /**
   * Templates a value deeply: strings with {@code {{ }}} are rendered, lists and maps copied. A
   * string that is exactly one {@code {{ expr }}} keeps the expression's type. The result holds
   * plain strings only: unsafe text comes out as its literal text.
   */
  public Object template(Object value) throws ExprException {
    return Unsafe.strip(template(value, List.of(), false));
  }

  /**
   * Templates a value that is stored as a variable (set_fact, loop items, include parameters): as
   * {@link #template}, but text that is unsafe, or that a template made of unsafe text, stays
   * marked {@link Unsafe}, so that it is never templated when the variable is read.
   */
  public Object templateToStore(Object value) throws ExprException {
    return template(value, List.of(), false);
  }

  /** Renders text to a string; null renders as empty, lists and maps in Python's repr. */
  public String render(String text) throws ExprException {
    if (!TextTemplate.isTemplated(text)) {
      return text;
    }
    TextTemplate t = TextTemplate.parse(text);
    StringBuilder sb = new StringBuilder();
    for (TextTemplate.Part part : t.parts()) {
      sb.append(part.node() == null ? part.text() : Values.str(evaluatePart(part, List.of())));
    }
    return sb.toString();
  }

  /** A variable's templated value; null when it is undefined. */
  public Object lookup(String name) throws ExprException {
    if (!scope.has(name)) {
      return name.equals("omit") ? OMIT : null;
    }
    Evaluator ev = new Evaluator(this, List.of(), name);
    return Unsafe.strip(ev.defined(resolve(name, List.of())));
  }

  // ---- used by the evaluator ----

  boolean has(String name) {
    return scope.has(name);
  }

  /**
   * The value of a variable that exists in the scope, templated, with its unsafe marks; {@link
   * Undefined} when templating it needs something undefined. {@code chain} holds the variables
   * being resolved, for cycles.
   */
  Object resolve(String name, List<String> chain) throws ExprException {
    int at = chain.indexOf(name);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(chain.subList(at, chain.size()));
      cycle.add(name);
      throw new ExprException("recursive variable: " + String.join(" -> ", cycle), name);
    }
    List<String> next = new ArrayList<>(chain);
    next.add(name);
    try {
      return template(scope.raw(name), List.copyOf(next), true);
    } catch (UndefinedVariableException e) {
      return new Undefined(e.variable(), e.detail());
    }
  }

  /**
   * Templates deeply. When {@code lenient}, a nested value needing something undefined becomes an
   * {@link Undefined} marker instead of failing, so that guards on sibling values still work.
   */
  private Object template(Object value, List<String> chain, boolean lenient) throws ExprException {
    if (value instanceof Unsafe) {
      return value;
    }
    if (value instanceof String s) {
      if (!TextTemplate.isTemplated(s)) {
        return s;
      }
      TextTemplate t = TextTemplate.parse(s);
      if (t.single() != null) {
        Evaluator ev = new Evaluator(this, chain, t.single().text());
        Object result = ev.evaluate(t.single().node());
        Object typed = lenient ? ev.use(result) : ev.defined(result);
        if (typed == null && !(t.single().node() instanceof Node.Var && t.parts().size() == 1)) {
          // as Ansible's finalize: an expression giving None renders as '' (only a bare
          // "{{ name }}" hands its None on)
          typed = "";
        }
        if (typed instanceof String text && t.parts().size() > 1) {
          // whitespace around one expression stays when it gives text, as in Ansible:
          // content: "{{ secret }}\n" ends with its newline
          StringBuilder sb = new StringBuilder();
          for (TextTemplate.Part part : t.parts()) {
            sb.append(part.node() == null ? part.text() : text);
          }
          typed = sb.toString();
        }
        return ev.readUnsafe() ? Unsafe.wrap(typed) : typed;
      }
      StringBuilder sb = new StringBuilder();
      boolean readUnsafe = false;
      for (TextTemplate.Part part : t.parts()) {
        if (part.node() == null) {
          sb.append(part.text());
          continue;
        }
        Evaluator ev = new Evaluator(this, chain, part.text());
        sb.append(Values.str(ev.defined(ev.evaluate(part.node()))));
        readUnsafe |= ev.readUnsafe();
      }
      return readUnsafe ? new Unsafe(sb.toString()) : sb.toString();
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object key = template(e.getKey(), chain, false);
        if (e.getKey() instanceof String && !(key instanceof String)) {
          key = Values.str(key);
        }
        out.put(key, nested(e.getValue(), chain, lenient));
      }
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object item : c) {
        out.add(nested(item, chain, lenient));
      }
      return out;
    }
    return value;
  }

  private Object nested(Object value, List<String> chain, boolean lenient) throws ExprException {
    if (!lenient) {
      return template(value, chain, false);
    }
    try {
      return template(value, chain, true);
    } catch (UndefinedVariableException e) {
      return new Undefined(e.variable(), e.detail());
    } catch (ExprException e) {
      return new Undefined(null, e.detail(), e);
    }
  }

  private Object evaluatePart(TextTemplate.Part part, List<String> chain) throws ExprException {
    Evaluator ev = new Evaluator(this, chain, part.text());
    return ev.defined(ev.evaluate(part.node()));
  }
}
