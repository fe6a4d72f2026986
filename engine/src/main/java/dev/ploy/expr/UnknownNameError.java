package dev.ploy.expr;

/** A template or expression names a filter or test that ploy does not have. */
public final class UnknownNameError extends TemplateError {
  private final String kind;
  private final String unknown;

  UnknownNameError(String template, int line, String kind, String unknown) {
    this(template, line, 0, kind, unknown);
  }

  UnknownNameError(String template, int line, int column, String kind, String unknown) {
    super(template, line, column, "no " + kind + " named '" + unknown + "'");
    this.kind = kind;
    this.unknown = unknown;
  }

  /** "filter" or "test". */
  public String kind() {
    return kind;
  }

  /** The name as written, without its collection. */
  public String unknown() {
    return unknown;
  }
}
