package dev.ploy.facts;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's facts for the run: each read from the host the first time it is asked for and kept
 * until a module changes what it rests on ({@link #changed}). Several facts read together go in one
 * round trip, each in its own section of one script.
 */
public final class FactCache {
  private final Map<Fact<?>, Object> values = new HashMap<>();

  /** How the cache runs a probe on the host: with which become and environment is the caller's. */
  @FunctionalInterface
  public interface Shell<E extends Exception> {
    ExecResult run(Command command) throws E;
  }

  /** The fact's value: from the cache, or read from the host (and kept) the first time. */
  public synchronized <T, E extends Exception> T get(Fact<T> fact, Shell<E> shell)
      throws E, FactException {
    if (!values.containsKey(fact)) {
      values.putAll(read(List.of(fact), shell));
    }
    return value(fact);
  }

  /**
   * Reads these facts afresh in one round trip (gathering facts, the setup module), keeps them and
   * returns them.
   */
  public synchronized <E extends Exception> Values refresh(List<Fact<?>> facts, Shell<E> shell)
      throws E, FactException {
    Map<Fact<?>, Object> read = read(facts, shell);
    values.putAll(read);
    return new Values(read);
  }

  /** A module changed {@code basis} on the host: the facts resting on it are read again. */
  public synchronized void changed(Fact.Basis basis) {
    values.keySet().removeIf(fact -> fact.restsOn().contains(basis));
  }

  @SuppressWarnings("unchecked") // values holds each fact's own value
  private <T> T value(Fact<T> fact) {
    return (T) values.get(fact);
  }

  /** Facts read together, by fact. */
  public record Values(Map<Fact<?>, Object> values) {
    @SuppressWarnings("unchecked") // values holds each fact's own value
    public <T> T get(Fact<T> fact) {
      if (!values.containsKey(fact)) {
        throw new IllegalArgumentException("the fact " + fact.name() + " was not read");
      }
      return (T) values.get(fact);
    }
  }

  private static <E extends Exception> Map<Fact<?>, Object> read(
      List<Fact<?>> facts, Shell<E> shell) throws E, FactException {
    ExecResult result = shell.run(Command.of(script(facts)));
    if (!result.stdout().contains("@@end")) {
      List<String> names = new ArrayList<>();
      facts.forEach(fact -> names.add(fact.name()));
      throw new FactException(
          "reading the facts "
              + String.join(", ", names)
              + " failed (rc="
              + result.rc()
              + "): "
              + result.stderr().strip(),
          result.rc(),
          result.stderr());
    }
    Sections sections = Sections.parse(result.stdout());
    Map<Fact<?>, Object> read = new LinkedHashMap<>();
    for (Fact<?> fact : facts) {
      List<String> lines = new ArrayList<>(sections.lines(fact.name()));
      lines.removeIf(String::isEmpty);
      read.put(fact, fact.parse(lines));
    }
    return read;
  }

  /** One script printing each fact's output under its own {@code @@name} line, then @@end. */
  static String script(List<Fact<?>> facts) {
    List<String> lines = new ArrayList<>();
    for (Fact<?> fact : facts) {
      lines.add("echo @@" + fact.name() + "; " + fact.command());
    }
    lines.add("echo @@end");
    return String.join("\n", lines);
  }
}
