package dev.ploy.template;

import com.github.mustachejava.Binding;
import com.github.mustachejava.Code;
import com.github.mustachejava.Iteration;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.reflect.AbstractObjectHandler;
import com.github.mustachejava.util.Wrapper;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.PyValues;
import dev.ploy.expr.Templar;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves every Mustache tag by evaluating its ploy expression, with the variables of the
 * enclosing sections overlaid: a map item's keys, and the item itself as {@code item}. Sections use
 * Ansible's truthiness; lists iterate.
 */
final class ExpressionObjectHandler extends AbstractObjectHandler {
  /** The root of the scope stack, standing for the Templar's own variables. */
  static final Object ROOT = new Object();

  /**
   * Carries a {@link TemplateException} through Mustache.java, which only lets unchecked through.
   */
  static final class Failure extends RuntimeException {
    final TemplateException error;

    Failure(TemplateException error) {
      super(error.getMessage(), error, false, false);
      this.error = error;
    }
  }

  private final Templar templar;
  private final Tags tags;

  ExpressionObjectHandler(Templar templar, Tags tags) {
    this.templar = templar;
    this.tags = tags;
  }

  @Override
  public Wrapper find(String name, List<Object> scopes) {
    return s -> evaluate(name, s);
  }

  @Override
  public Binding createBinding(String name, TemplateContext tc, Code code) {
    return scopes -> evaluate(name, scopes);
  }

  private Object evaluate(String name, List<Object> scopes) {
    Tags.Tag tag = tags.get(name);
    if (tag == null) {
      throw new Failure(new TemplateException("unknown tag {{" + name + "}}"));
    }
    try {
      Object value = templar.with(overlay(scopes)).evaluate(tag.expression());
      return tag.section() ? value : PyValues.str(value);
    } catch (ExprException e) {
      if (tag.section() && e instanceof dev.ploy.expr.UndefinedVariableException) {
        // as in Mustache, a section over an undefined name renders as empty (inverted: once)
        return null;
      }
      throw new Failure(
          new TemplateException(
              tag.where() + ": " + e.detail() + " (in {{ " + tag.expression() + " }})", e));
    }
  }

  private static Map<String, Object> overlay(List<Object> scopes) {
    Map<String, Object> vars = new HashMap<>();
    for (int i = 0; i < scopes.size(); i++) {
      Object scope = scopes.get(i);
      if (scope == ROOT || scope == null || scope instanceof Boolean) {
        continue;
      }
      if (scope instanceof Map<?, ?> m) {
        m.forEach((k, v) -> vars.put(String.valueOf(k), v));
      }
      vars.put("item", scope);
    }
    return vars;
  }

  @Override
  public Writer iterate(Iteration iteration, Writer writer, Object object, List<Object> scopes) {
    if (!PyValues.truthy(object)) {
      return writer;
    }
    if (object instanceof List<?> list) {
      for (Object item : new ArrayList<>(list)) {
        writer = iteration.next(writer, item, scopes);
      }
      return writer;
    }
    return iteration.next(writer, object, scopes);
  }

  @Override
  public Writer falsey(Iteration iteration, Writer writer, Object object, List<Object> scopes) {
    return PyValues.truthy(object) ? writer : iteration.next(writer, object, scopes);
  }

  @Override
  public String stringify(Object object) {
    return object == ROOT ? "" : PyValues.str(object);
  }
}
