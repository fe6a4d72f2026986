package dev.ploy.run;

import dev.ploy.module.ModuleException;

/** The host's connection failed while a module was talking to it: the host becomes unreachable. */
final class UnreachableException extends ModuleException {
  UnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
