package dev.ploy.module;

import java.util.Map;

/** The commands that close the gap a {@link Plan} found; run only outside check mode. */
@FunctionalInterface
public interface Apply {
  /** Applies the change and returns result keys to add to (or override in) the plan's result. */
  Map<String, Object> apply(Target target) throws ModuleException;
}
