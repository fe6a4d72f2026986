package dev.ploy.module;

/** The declared type of a module argument; values are converted to it before a module sees them. */
public enum ArgType {
  /** Text; numbers and booleans given in YAML are turned into their text. */
  STR,
  /** true/false, also yes/no, on/off, 1/0 as Ansible accepts. */
  BOOL,
  INT,
  FLOAT,
  /** A list; a comma-separated string is split into one. */
  LIST,
  DICT,
  /**
   * A path; on the target, {@code ~}, {@code ~user} and {@code $VAR} expand as Ansible's do (see
   * {@link PathExpansion}) before the module sees it.
   */
  PATH,
  /** A file mode: octal text ("0644", "644"), a YAML integer read as octal, or symbolic (u+rwx). */
  MODE,
  /** Any value, passed as it is. */
  RAW;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
