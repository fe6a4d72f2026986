package dev.ploy.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Text that is never templated: what came from a target (registered results, facts, lookups) or was
 * tagged {@code !unsafe} in YAML, as Ansible's AnsibleUnsafeText. It is stored in variables as this
 * wrapper; expressions see it as a plain string, and a template that read it gives a result marked
 * unsafe in turn, so that {@code {{ r.stdout }}} holding {@code {{ lookup(...) }}} renders as that
 * literal text, and stays literal when stored again by set_fact or a loop.
 *
 * @param text the literal text
 * @param nativeText whether it is also text never read back as a value, as Ansible's
 *     NativeJinjaUnsafeText ({@code lookup('template', ..., convert_data=False)}): a variable
 *     holding it stays text when templated again
 */
public record Unsafe(String text, boolean nativeText) {
  public Unsafe {
    Objects.requireNonNull(text, "text");
  }

  /** Unsafe text that a template reads back as a value when it looks like one. */
  public Unsafe(String text) {
    this(text, false);
  }

  /** The Python class Ansible gives this text, as its type_debug filter names it. */
  String typeName() {
    return nativeText ? "NativeJinjaUnsafeText" : "AnsibleUnsafeText";
  }

  /** The literal text: unsafe strings print as plain strings (console, JSON, debug). */
  @Override
  public String toString() {
    return text;
  }

  /**
   * Marks every string in {@code value} unsafe, deeply, as Ansible's wrap_var: map values and list
   * items are wrapped, map keys that hold template syntax too; other values stay as they are.
   */
  public static Object wrap(Object value) {
    return deep(
        value,
        key -> key instanceof String s && TextTemplate.isTemplated(s) ? new Unsafe(s) : key,
        leaf -> leaf instanceof String s ? new Unsafe(s) : leaf);
  }

  /**
   * {@code value} rebuilt: maps (their keys through {@code key}) and collections (as lists) deeply,
   * every other value through {@code leaf}.
   */
  private static Object deep(Object value, UnaryOperator<Object> key, UnaryOperator<Object> leaf) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(key.apply(e.getKey()), deep(e.getValue(), key, leaf));
      }
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object item : c) {
        out.add(deep(item, key, leaf));
      }
      return out;
    }
    return leaf.apply(value);
  }

  /**
   * A module's result or facts as stored in variables: every string in the values wrapped, as
   * everything that comes from a target is marked unsafe in Ansible; the top-level keys stay.
   */
  public static Map<String, Object> wrapValues(Map<String, ?> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, wrap(v)));
    return out;
  }

  /** A copy of {@code values} with each value {@link #strip stripped} of its marks. */
  public static Map<String, Object> stripValues(Map<String, ?> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, strip(v)));
    return out;
  }

  /** The texts of the unsafe strings in {@code value}, deeply. */
  public static Set<String> texts(Object value) {
    Set<String> texts = new HashSet<>();
    collect(value, texts);
    return texts;
  }

  private static void collect(Object value, Set<String> texts) {
    if (value instanceof Unsafe u) {
      texts.add(u.text());
    } else if (value instanceof Map<?, ?> m) {
      m.values().forEach(v -> collect(v, texts));
    } else if (value instanceof Collection<?> c) {
      c.forEach(v -> collect(v, texts));
    }
  }

  /** Whether {@code value} is, or deeply holds, an unsafe string. */
  public static boolean marked(Object value) {
    if (value instanceof Unsafe) {
      return true;
    }
    if (value instanceof TemplatedView) {
      return false; // what is read from it is stripped and marked then (hostvars[host].x)
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getKey() instanceof Unsafe || marked(e.getValue())) {
          return true;
        }
      }
    } else if (value instanceof Collection<?> c) {
      for (Object item : c) {
        if (marked(item)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code value} with every unsafe string replaced by its plain text, deeply: what modules,
   * filters and reporters are given. Returns {@code value} itself when nothing in it is marked.
   */
  public static Object strip(Object value) {
    return marked(value) ? plain(value) : value;
  }

  private static Object plain(Object value) {
    return deep(value, Unsafe::plain, leaf -> leaf instanceof Unsafe u ? u.text() : leaf);
  }
}
