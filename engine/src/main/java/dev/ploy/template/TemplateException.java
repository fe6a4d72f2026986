package dev.ploy.template;

/** A template could not be rendered; the message names the template and line. */
public class TemplateException extends Exception {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
