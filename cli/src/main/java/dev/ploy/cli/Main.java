package dev.ploy.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ploy} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code, as ansible-playbook's. */
  public static int run(String... args) {
    return commandLine(new PloyCommand(), args).execute(args);
  }

  /**
   * The command line of ploy and all its subcommands. No argument is ever expanded from a file
   * (picocli's {@code @file} argument files are off): {@code -e @vars.yml} reaches ExtraVars, which
   * reads it as YAML or JSON variables, as ansible-playbook does.
   */
  static CommandLine commandLine(PloyCommand command) {
    CommandLine line = new CommandLine(command);
    for (Class<?> subcommand : PloyCommand.SUBCOMMANDS) {
      line.addSubcommand(subcommand);
    }
    return line.setExpandAtFiles(false);
  }

  /**
   * The command line to execute {@code args} with: ploy and only the subcommands {@code args} name
   * (picocli builds the model of each subcommand it is given, about a third of a second at every
   * start for all of them, where a playbook run needs none). Parsing is the same as with all of
   * them, since an argument is taken for a subcommand only when it is that subcommand's name. Where
   * ploy's own output lists the subcommands (its usage help, asked for or after a usage error), the
   * command line of all of them answers instead.
   */
  static CommandLine commandLine(PloyCommand command, String... args) {
    List<String> given = Arrays.asList(args);
    CommandLine line = new CommandLine(command);
    boolean every = true;
    for (Class<?> subcommand : PloyCommand.SUBCOMMANDS) {
      if (named(subcommand, given)) {
        line.addSubcommand(subcommand);
      } else {
        every = false;
      }
    }
    line.setExpandAtFiles(false);
    if (!every) {
      line.setParameterExceptionHandler((e, failed) -> whole(command, line).execute(failed));
      line.setExecutionStrategy(
          parsed ->
              parsed.isUsageHelpRequested()
                  ? whole(command, line).execute(parsed.originalArgs().toArray(String[]::new))
                  : new CommandLine.RunLast().execute(parsed));
    }
    return line;
  }

  /** Whether {@code args} hold the name or an alias of {@code subcommand}. */
  private static boolean named(Class<?> subcommand, List<String> args) {
    Command declared = subcommand.getAnnotation(Command.class);
    return args.contains(declared.name())
        || Arrays.stream(declared.aliases()).anyMatch(args::contains);
  }

  /**
   * All of ploy's command line, for a fresh command (the parse so far may have set some of {@code
   * command}'s options), writing where {@code lazy} writes.
   */
  private static CommandLine whole(PloyCommand command, CommandLine lazy) {
    CommandLine line =
        commandLine(new PloyCommand(command.out(), command.err(), command.environment()));
    line.setOut(lazy.getOut());
    line.setErr(lazy.getErr());
    return line;
  }
}
