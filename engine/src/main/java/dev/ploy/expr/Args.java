package dev.ploy.expr;

import java.util.List;
import java.util.Map;

/** The input and arguments of one filter, test, method or function call. */
record Args(String name, Object input, List<Object> positional, Map<String, Object> keywords) {
  /** Argument {@code i} (0-based, after the input), or keyword {@code key}, or {@code dflt}. */
  Object get(int i, String key, Object dflt) {
    if (i < positional.size()) {
      return positional.get(i);
    }
    if (key != null && keywords.containsKey(key)) {
      return keywords.get(key);
    }
    return dflt;
  }

  Object required(int i, String key) {
    if (i < positional.size() || (key != null && keywords.containsKey(key))) {
      return get(i, key, null);
    }
    throw new EvalError(
        name + "() missing required argument " + (key == null ? "#" + (i + 1) : "'" + key + "'"));
  }

  String string(int i, String key, String dflt) {
    Object v = get(i, key, dflt);
    return v == null ? null : Values.str(v);
  }

  boolean bool(int i, String key, boolean dflt) {
    return Values.truthy(get(i, key, dflt));
  }

  int integer(int i, String key, int dflt) {
    Object v = get(i, key, dflt);
    if (v == null) {
      return dflt;
    }
    if (!Values.isNumeric(v)) {
      throw new EvalError(name + "(): expected an integer, got " + Values.typeName(v));
    }
    return (int) Values.dbl(v);
  }

  String inputString() {
    return Values.str(input);
  }

  @SuppressWarnings("unchecked")
  List<Object> inputList() {
    if (input instanceof List<?> l) {
      return (List<Object>) l;
    }
    return Values.iterate(input);
  }

  @SuppressWarnings("unchecked")
  Map<Object, Object> inputMap() {
    if (input instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw new EvalError(name + " expects a dict, got " + Values.typeName(input));
  }
}
