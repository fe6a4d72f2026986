package dev.ploy.run;

import dev.ploy.connection.Become;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import java.util.Map;
import java.util.Optional;

/** Gathers a host's facts (ansible_* names) through its connection. */
@FunctionalInterface
public interface FactSource {
  Map<String, Object> gather(Connection connection, Optional<Become> become)
      throws ConnectionException;
}
