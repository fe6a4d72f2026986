package dev.ploy.playbook;

import java.util.List;
import java.util.stream.Collectors;

/** A playbook has problems; every one found is listed, each with its file:line. */
public class PlaybookException extends Exception {
  private final List<Problem> problems;
  private final List<Problem> warnings;

  public PlaybookException(List<Problem> problems) {
    this(problems, List.of());
  }

  /** Problems, with the warnings found beside them (what would fail only if its task ran). */
  public PlaybookException(List<Problem> problems, List<Problem> warnings) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  public List<Problem> warnings() {
    return warnings;
  }

  public List<Problem> problems() {
    return problems;
  }
}
