package dev.ploy.expr;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's reading of a value as a boolean (its {@code boolean()}), for keywords such as {@code
 * become:} and {@code ignore_errors:}, module arguments of type bool and settings: one word set for
 * all of them.
 */
public final class Booleans {
  private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
  private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");

  private Booleans() {}

  /** The value as a boolean, or empty when it is none of Ansible's boolean words. */
  public static Optional<Boolean> parse(Object value) {
    if (value instanceof Boolean b) {
      return Optional.of(b);
    }
    if (value instanceof Number n && (n.doubleValue() == 1 || n.doubleValue() == 0)) {
      return Optional.of(n.doubleValue() == 1);
    }
    if (value == null) {
      return Optional.empty();
    }
    String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    if (TRUE.contains(text)) {
      return Optional.of(true);
    }
    if (FALSE.contains(text)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /** Ansible's non-strict boolean: true for its true words (and 1), false for anything else. */
  public static boolean isTrue(Object value) {
    return parse(value).orElse(false);
  }
}
