package dev.ploy.expr;

/**
 * An error in a template, found when parsing or rendering it; its message names the template, the
 * line and (when known) the column: {@code site.conf.j2:3:5: unexpected end of template}.
 */
public class TemplateError extends ExprException {
  private final String template;
  private final int line;
  private final int column;
  private final String reason;

  TemplateError(String template, int line, int column, String reason) {
    super(where(template, line, column) + reason, null);
    this.template = template;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String where(String template, int line, int column) {
    if (line <= 0) {
      return template + ": ";
    }
    return template + ":" + line + (column > 0 ? ":" + column : "") + ": ";
  }

  /** The template as named to the renderer (its path for a template file). */
  public String template() {
    return template;
  }

  /** The 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** What is wrong, without the place. */
  public String reason() {
    return reason;
  }
}
