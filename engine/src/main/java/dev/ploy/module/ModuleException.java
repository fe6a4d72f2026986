package dev.ploy.module;

import java.util.LinkedHashMap;
import java.util.Map;

/** A module failed on a host: the message says why, the result keys (rc, stderr...) say more. */
public class ModuleException extends Exception {
  private final Map<String, Object> result;

  public ModuleException(String message) {
    this(message, Map.of());
  }

  public ModuleException(String message, Map<String, Object> result) {
    super(message);
    this.result = new LinkedHashMap<>(result);
  }

  public ModuleException(String message, Throwable cause) {
    super(message, cause);
    this.result = new LinkedHashMap<>();
  }

  /** Extra result keys reported with the failure (rc, stdout, stderr, ...). */
  public Map<String, Object> result() {
    return result;
  }
}
