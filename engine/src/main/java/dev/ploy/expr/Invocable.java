package dev.ploy.expr;

import java.util.List;
import java.util.Map;

/** A value a template can call: a macro, {@code caller}, {@code loop.cycle}, {@code super}. */
interface Invocable {
  Object invoke(List<Object> args, Map<String, Object> kwargs) throws ExprException;
}
