package dev.ploy.module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A module's arguments after templating and conversion to their declared types: every key is a
 * declared argument's canonical name (aliases resolved), defaults filled in.
 */
public final class Args {
  private final ModuleSpec spec;
  private final Map<String, Object> values;

  Args(ModuleSpec spec, Map<String, Object> values) {
    this.spec = spec;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Converts raw (already templated) values to the spec's types. Throws with a message naming the
   * argument when a value does not fit.
   */
  public static Args bind(ModuleSpec spec, Map<String, Object> raw) throws ModuleException {
    return ArgChecker.bind(spec, raw);
  }

  public ModuleSpec spec() {
    return spec;
  }

  /** Whether the argument was given or has a default. */
  public boolean has(String name) {
    return values.get(declared(name)) != null;
  }

  public Object get(String name) {
    return values.get(declared(name));
  }

  public Optional<String> optStr(String name) {
    return Optional.ofNullable((String) get(name));
  }

  public String str(String name) {
    return (String) require(name);
  }

  /**
   * The string argument, refused as "NAME 'VALUE' is not WHAT" unless {@code shape} matches all of
   * it: a value that reaches a command line or a path is checked before it is used.
   */
  public String matching(String name, Pattern shape, String what) throws ModuleException {
    String value = str(name);
    if (!shape.matcher(value).matches()) {
      throw new ModuleException(name + " '" + value + "' is not " + what);
    }
    return value;
  }

  /** Whether {@code state}, declared with {@link Arg#presence}, is present (not absent). */
  public boolean present() {
    return str("state").equals("present");
  }

  /**
   * A string argument whose value {@code auto} leaves the choice to the host (package's and
   * service's {@code use}): then what {@code host} answers, usually from a fact.
   */
  public String orAuto(String name, HostChoice host) throws ModuleException {
    String value = str(name);
    return value.equals("auto") ? host.choose() : value;
  }

  /** What the host chooses for an argument given as {@code auto}. */
  @FunctionalInterface
  public interface HostChoice {
    String choose() throws ModuleException;
  }

  public String str(String name, String fallback) {
    return optStr(name).orElse(fallback);
  }

  public boolean bool(String name) {
    Object value = get(name);
    return value != null && (Boolean) value;
  }

  public Optional<Boolean> optBool(String name) {
    return Optional.ofNullable((Boolean) get(name));
  }

  public Optional<Long> optInt(String name) {
    return Optional.ofNullable((Long) get(name));
  }

  public long integer(String name) {
    return (Long) require(name);
  }

  /** An integer argument that must be {@code least} or more (a count of seconds, say). */
  public long integerAtLeast(String name, long least) throws ModuleException {
    long value = integer(name);
    if (value < least) {
      throw new ModuleException(name + " must be " + least + " or more, not " + value);
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String name) {
    Object value = get(name);
    return value == null ? List.of() : (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String name) {
    Object value = get(name);
    return value == null ? List.of() : (List<String>) (List<?>) value;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> dict(String name) {
    Object value = get(name);
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  /** All values by canonical name, as the module sees them (for {@code invocation} in results). */
  public Map<String, Object> asMap() {
    return values;
  }

  private Object require(String name) {
    Object value = get(name);
    if (value == null) {
      throw new IllegalStateException(
          spec.name()
              + ": argument '"
              + name
              + "' has no value; declare it required or check has()");
    }
    return value;
  }

  private String declared(String name) {
    if (spec.arg(name).isEmpty()) {
      throw new IllegalArgumentException(spec.name() + " declares no argument '" + name + "'");
    }
    return spec.arg(name).get().name();
  }
}
