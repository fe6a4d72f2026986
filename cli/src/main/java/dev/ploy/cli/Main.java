package dev.ploy.cli;

import picocli.CommandLine;

/** Entry point of the {@code ploy} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code, as ansible-playbook's. */
  public static int run(String... args) {
    return new CommandLine(new PloyCommand()).execute(args);
  }
}
