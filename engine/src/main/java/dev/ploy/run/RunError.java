package dev.ploy.run;

/**
 * An error that ends the whole run where it happens, as ansible-playbook's {@code ERROR!} does: no
 * further task, play or playbook runs, no recap is shown, and the run exits with {@code exitCode}.
 */
public record RunError(String message, int exitCode) {
  /** ansible-playbook's exit code for an error met while running (AnsibleError). */
  public static final int ERROR = 1;

  /** ansible-playbook's exit code for a file it could not parse (AnsibleParserError). */
  public static final int PARSE_ERROR = 4;

  /** A changed task notified a handler that the play does not have. */
  static RunError unknownHandler(String name) {
    return new RunError(
        "The requested handler '"
            + name
            + "' was not found in either the main handlers list nor in the listening handlers list",
        ERROR);
  }
}
