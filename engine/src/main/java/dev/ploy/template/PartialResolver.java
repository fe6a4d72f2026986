package dev.ploy.template;

import java.io.IOException;
import java.util.Optional;

/** Reads the source of a partial, {@code {{> name}}}, by its name as written. */
public interface PartialResolver {
  Optional<String> read(String name) throws IOException;
}
