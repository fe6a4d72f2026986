package dev.ploy.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /** Ansible's SINGLE_VAR: a string that is just {@code {{ name }}}. */
  private static final Pattern SINGLE_VAR = Pattern.compile("^\\{\\{\\s*(\\w*)\\s*\\}\\}$");

  /** Ansible's DEFAULT STRING_TYPE_FILTERS: what they give is never read back as a value. */
  private static final java.util.Set<String> STRING_TYPE_FILTERS =
      java.util.Set.of(
          "string", "to_json", "to_nice_json", "to_yaml", "to_nice_yaml", "ppretty", "json");

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
   * Evaluates a {@code when:}-style condition as Ansible 2.14 does: a bare expression's value by
   * Python's truth (a non-empty string such as "no" is true; {@code | bool} reads words); the text
   * a {@code {{ }}} condition renders to is evaluated again as an expression ("false" and "none"
   * are false, "yes" is an undefined variable), unless it holds text from a target, which is never
   * evaluated.
   */
  public boolean condition(String expression) throws ExprException {
    if (!TextTemplate.isTemplated(expression)) {
      return Values.truthy(evaluate(expression));
    }
    Object value = templateToStore(expression);
    if (value instanceof Unsafe) {
      throw new ExprException(
          "the condition renders to text from a target, which is never evaluated; write it"
              + " without {{ }}",
          expression);
    }
    value = Unsafe.strip(value);
    if (value instanceof String text && !text.isEmpty()) {
      return Values.truthy(evaluate(text));
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
    if (TextTemplate.hasStatements(text)) {
      return Jinja.renderText(text, this, List.of()).text();
    }
    TextTemplate t = TextTemplate.parse(text);
    StringBuilder sb = new StringBuilder();
    for (TextTemplate.Part part : t.parts()) {
      sb.append(part.node() == null ? part.text() : Values.str(evaluatePart(part, List.of())));
    }
    return sb.toString();
  }

  /**
   * {@code value} templated deeply, each string that needs something undefined left as it is, as
   * Ansible's templar does with fail_on_undefined off (what hostvars[host] gives); unsafe marks are
   * kept.
   */
  public Object templateKeepingUndefined(Object value) {
    if (value instanceof Unsafe || value instanceof TemplatedView) {
      return value;
    }
    if (value instanceof String s) {
      try {
        Object out = templateString(s, List.of(), false);
        return out instanceof Undefined ? s : out;
      } catch (ExprException e) {
        return s;
      }
    }
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(e.getKey(), templateKeepingUndefined(e.getValue()));
      }
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object item : c) {
        out.add(templateKeepingUndefined(item));
      }
      return out;
    }
    return value;
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

  Set<String> names() {
    return scope.names();
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
    if (value instanceof Unsafe || value instanceof TemplatedView) {
      return value;
    }
    if (value instanceof String s) {
      return templateString(s, chain, lenient);
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

  /**
   * Templates one string as Ansible 2.14's templar does (jinja2_native off): {@code {{ name }}}
   * alone gives a variable that is a number or a boolean as it is; otherwise the string renders to
   * text (none renders as nothing), and text that looks like a list, a dict or a boolean is read
   * back as that value ({@link PyLiteral}). A lone expression that gives a list, a dict or a
   * boolean keeps it, which is what that round trip gives.
   */
  private Object templateString(String s, List<String> chain, boolean lenient)
      throws ExprException {
    if (!TextTemplate.isTemplated(s)) {
      return s;
    }
    Matcher single = SINGLE_VAR.matcher(s);
    if (single.matches() && scope.has(single.group(1))) {
      Object raw = scope.raw(single.group(1));
      if (raw == null || raw instanceof Number || raw instanceof Boolean) {
        return raw;
      }
    }
    if (TextTemplate.hasStatements(s)) {
      Jinja.Rendered rendered = Jinja.renderText(s, this, chain);
      Object out =
          rendered.loneText()
              ? withNewlines(s, rendered.text())
              : PyLiteral.convert(rendered.text());
      return rendered.readUnsafe() ? Unsafe.wrap(out) : out;
    }
    // Jinja drops the source's last newline, and Ansible gives a text result back the trailing
    // newlines the source had: "{{ x | to_nice_json }}\n" is one expression, kept as text
    String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    TextTemplate t = TextTemplate.parse(body);
    if (t.single() != null && t.parts().size() == 1) {
      Evaluator ev = new Evaluator(this, chain, t.single().text());
      Object result = ev.evaluate(t.single().node());
      Object typed = lenient ? ev.use(result) : ev.defined(result);
      if (typed instanceof Number) { // a number's text is never unsafe
        return withNewlines(s, Values.str(typed));
      }
      boolean keepsText = nativeText(t.single().node(), chain);
      Object out =
          typed instanceof String text
              ? (keepsText ? text : PyLiteral.convert(text))
              : rendered(typed);
      out = withNewlines(s, out);
      if (!ev.readUnsafe()) {
        return out;
      }
      return keepsText && out instanceof String text ? new Unsafe(text, true) : Unsafe.wrap(out);
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
    Object out = withNewlines(s, PyLiteral.convert(sb.toString()));
    return readUnsafe ? Unsafe.wrap(out) : out;
  }

  /**
   * A text result with the trailing newlines of its source put back, as Ansible's templar does
   * after Jinja dropped the last one; any other value as it is.
   */
  private static Object withNewlines(String source, Object out) {
    if (!(out instanceof String text)) {
      return out;
    }
    int missing = trailingNewlines(source) - trailingNewlines(text);
    return missing > 0 ? text + "\n".repeat(missing) : text;
  }

  private static int trailingNewlines(String text) {
    int count = 0;
    while (count < text.length() && text.charAt(text.length() - 1 - count) == '\n') {
      count++;
    }
    return count;
  }

  /**
   * Whether an expression ends in one of Ansible's STRING_TYPE_FILTERS, whose text is kept as text
   * ({@code "{{ data | to_json }}"} stays a string).
   */
  static boolean givesText(Node expression) {
    return expression instanceof Node.Filter f && STRING_TYPE_FILTERS.contains(f.name())
        || unconvertedTemplate(expression);
  }

  /**
   * Whether a lone expression gives text that is never read back as a value, as Ansible's
   * NativeJinjaText: what a {@link #givesText} expression gives, and a variable holding such text,
   * however many variables deep ({@code v: "{{ lookup('template', 't.j2', convert_data=False) }}"}
   * then {@code "{{ v }}"} is still the text).
   */
  private boolean nativeText(Node expression, List<String> chain) throws ExprException {
    if (givesText(expression)) {
      return true;
    }
    if (!(expression instanceof Node.Var v) || !scope.has(v.name()) || chain.contains(v.name())) {
      return false;
    }
    Object raw = scope.raw(v.name());
    if (raw instanceof Unsafe u) {
      return u.nativeText();
    }
    Node lone = raw instanceof String s ? loneExpression(s) : null;
    if (lone == null) {
      return false;
    }
    List<String> next = new ArrayList<>(chain);
    next.add(v.name());
    return nativeText(lone, next);
  }

  /** The expression of a string that is one {@code {{ expr }}} and nothing else; null otherwise. */
  private static Node loneExpression(String s) throws ExprException {
    if (!TextTemplate.isTemplated(s) || TextTemplate.hasStatements(s)) {
      return null;
    }
    TextTemplate t = TextTemplate.parse(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
    return t.single() != null && t.parts().size() == 1 ? t.single().node() : null;
  }

  /**
   * The Python class Ansible 2.14 gives {@code value}, what {@code expression} gave, as its
   * type_debug filter names it: text from a target (registered results, facts, lookups) is
   * AnsibleUnsafeText, text a {@link #nativeText} expression gives NativeJinjaText, other text str
   * (Ansible's AnsibleUnicode, text as written in YAML, is not told apart: set_fact stores what an
   * expression made as plain text too). {@code readUnsafe} says whether evaluating it read unsafe
   * text.
   */
  String typeName(Node expression, Object value, boolean readUnsafe, List<String> chain)
      throws ExprException {
    if (!(value instanceof String)) {
      return Values.typeName(value);
    }
    if (expression instanceof Node.Var v && scope.has(v.name())) {
      // text as written in YAML is AnsibleUnicode in Ansible, but set_fact stores what an
      // expression made (str) as plain text too, so ploy cannot tell them apart: str for both
      Object raw = scope.raw(v.name());
      if (raw instanceof Unsafe u) {
        return u.typeName();
      }
      if (resolve(v.name(), chain) instanceof Unsafe u) {
        return u.typeName();
      }
    }
    if (unconvertedTemplate(expression)) {
      return "NativeJinjaUnsafeText";
    }
    if (nativeText(expression, chain)) {
      return "NativeJinjaText";
    }
    boolean path = expression instanceof Node.GetAttr || expression instanceof Node.GetItem;
    boolean lookup =
        expression instanceof Node.Call call
            && call.callee() instanceof Node.Var f
            && Functions.isLookup(f.name());
    return readUnsafe && (path || lookup) ? "AnsibleUnsafeText" : "str";
  }

  /**
   * {@code lookup('template', ..., convert_data=False)}: Ansible's template lookup gives its text
   * as NativeJinjaText then, which a lone expression keeps as text, never read back as a value.
   */
  private static boolean unconvertedTemplate(Node expression) {
    return expression instanceof Node.Call call
        && call.callee() instanceof Node.Var callee
        && callee.name().equals("lookup")
        && !call.args().isEmpty()
        && call.args().get(0) instanceof Node.Literal plugin
        && "template".equals(plugin.value())
        && call.kwargs().get("convert_data") instanceof Node.Literal convert
        && Boolean.FALSE.equals(convert.value());
  }

  /**
   * A lone expression's value (not a number, not text) as the template gives it: lists, dicts and
   * booleans as they are (reading back their text would give them again), none as empty text.
   */
  private static Object rendered(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Map<?, ?>
        || value instanceof Collection<?>
        || value instanceof Boolean
        || value instanceof Undefined
        || value instanceof Unsafe
        || value == OMIT) {
      return value;
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
