package dev.ploy.run;

/** How a task ended on one host. */
public enum Status {
  OK,
  CHANGED,
  FAILED,
  SKIPPED,
  UNREACHABLE;

  /** The word the console shows: ok, changed, failed, skipping, unreachable. */
  public String word() {
    return switch (this) {
      case OK -> "ok";
      case CHANGED -> "changed";
      case FAILED -> "failed";
      case SKIPPED -> "skipping";
      case UNREACHABLE -> "unreachable";
    };
  }
}
