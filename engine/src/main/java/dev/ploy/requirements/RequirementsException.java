package dev.ploy.requirements;

import java.util.List;

/** A requirements file that cannot be used; the message lists every problem with its place. */
public class RequirementsException extends Exception {
  public RequirementsException(List<String> problems) {
    super(String.join("\n", problems));
  }

  public RequirementsException(String message) {
    super(message);
  }
}
