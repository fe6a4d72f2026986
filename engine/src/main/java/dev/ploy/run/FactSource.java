package dev.ploy.run;

import dev.ploy.connection.Become;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.facts.FactCache;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gathers a host's facts (ansible_* names) through its connection, keeping what it reads in the
 * host's fact cache; each command line sent goes to {@code trace}.
 */
@FunctionalInterface
public interface FactSource {
  Map<String, Object> gather(
      Connection connection, Optional<Become> become, FactCache cache, Consumer<String> trace)
      throws ConnectionException;
}
