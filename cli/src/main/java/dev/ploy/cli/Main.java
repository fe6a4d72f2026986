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
    return commandLine(new PloyCommand()).execute(args);
  }

  /**
   * The command line of ploy and its subcommands. No argument is ever expanded from a file
   * (picocli's {@code @file} argument files are off): {@code -e @vars.yml} reaches ExtraVars, which
   * reads it as YAML or JSON variables, as ansible-playbook does.
   */
  static CommandLine commandLine(PloyCommand command) {
    return new CommandLine(command).setExpandAtFiles(false);
  }
}
