package dev.ploy.expr;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Ansible's readings of a value as a boolean, in one place: its {@code boolean()} for keywords such
 * as {@code become:} and {@code ignore_errors:}, module arguments of type bool, settings and the
 * {@code truthy(convert_bool=true)} test; and the narrower {@code bool} filter. Conditions ({@code
 * when:}) use Python's truth instead ({@code Values.truthy}), as Ansible does.
 */
public final class Booleans {
  private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
  private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");
  private static final Set<String> FILTER_TRUE = Set.of("yes", "on", "1", "true");

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

  /**
   * Ansible 2.14's {@code bool} filter: none stays none; yes/on/1/true (any case, not stripped) and
   * the number 1 are true; everything else, "y" and "t" included, is false.
   */
  public static Boolean filter(Object value) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number n) {
      return n.doubleValue() == 1;
    }
    return FILTER_TRUE.contains(Values.str(value).toLowerCase(Locale.ROOT));
  }
}
