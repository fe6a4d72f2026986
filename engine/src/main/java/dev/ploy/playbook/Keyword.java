package dev.ploy.playbook;

import java.util.Locale;

/**
 * Settings that a play, block, role or task sets for everything inside it, and that the innermost
 * one overrides. ({@code when}, {@code tags}, {@code vars} and {@code environment} accumulate
 * instead, and live in {@link Keywords} directly.)
 */
public enum Keyword {
  BECOME,
  BECOME_USER,
  BECOME_METHOD,
  BECOME_FLAGS,
  IGNORE_ERRORS,
  IGNORE_UNREACHABLE,
  CHECK_MODE,
  DIFF,
  NO_LOG,
  DELEGATE_TO,
  DELEGATE_FACTS,
  RUN_ONCE,
  ANY_ERRORS_FATAL,
  REMOTE_USER,
  CONNECTION,
  PORT,
  TIMEOUT,
  THROTTLE,
  /**
   * Arguments given to every call of a module inside: module name (canonical) to arguments. Merged
   * argument by argument with the enclosing levels' (the innermost wins), and under the task's own.
   */
  MODULE_DEFAULTS;

  /** The keyword as written in YAML: {@code become_user}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Keyword fromYaml(String name) {
    for (Keyword keyword : values()) {
      if (keyword.yamlName().equals(name)) {
        return keyword;
      }
    }
    return null;
  }
}
