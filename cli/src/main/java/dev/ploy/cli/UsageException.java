package dev.ploy.cli;

/** The command line is wrong: exit code 5, the message says what to change. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
