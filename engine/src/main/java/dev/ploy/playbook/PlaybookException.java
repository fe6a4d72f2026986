package dev.ploy.playbook;

import java.util.List;
import java.util.stream.Collectors;

/** A playbook has problems; every one found is listed, each with its file:line. */
public class PlaybookException extends Exception {
  private final List<Problem> problems;

  public PlaybookException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
