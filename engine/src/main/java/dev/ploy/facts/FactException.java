package dev.ploy.facts;

/** A fact's probe did not run to its end: the host could not run /bin/sh, or it was cut off. */
public final class FactException extends Exception {
  private final int rc;
  private final String stderr;

  FactException(String message, int rc, String stderr) {
    super(message);
    this.rc = rc;
    this.stderr = stderr;
  }

  public int rc() {
    return rc;
  }

  public String stderr() {
    return stderr;
  }
}
