package dev.ploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * ploy's command line is built with only the subcommands the arguments name: what a user sees must
 * be what the command line of all of them shows.
 */
class LazySubcommandsTest {
  @Test
  void aPlaybookRunBuildsNoSubcommand() {
    CommandLine line = Main.commandLine(command(), "-i", "hosts.ini", "-f", "5", "site.yml");

    assertThat(line.getSubcommands()).isEmpty();
  }

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    CommandLine line = Main.commandLine(command(), "vault", "encrypt_string", "x");

    assertThat(line.getSubcommands()).containsOnlyKeys("vault");
  }

  @Test
  void helpUsageErrorsAndEachSubcommandShowWhatTheWholeCommandLineShows() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"--help"});
    cases.add(new String[] {"-h"});
    cases.add(new String[] {"-v", "--help", "site.yml"});
    cases.add(new String[] {"--version"});
    cases.add(new String[] {"--no-such-option"});
    cases.add(new String[] {"-f"});
    cases.add(new String[] {"-i"});
    for (Class<?> subcommand : PloyCommand.SUBCOMMANDS) {
      String name = subcommand.getAnnotation(Command.class).name();
      cases.add(new String[] {name, "--help"});
      cases.add(new String[] {name, "--no-such-option"});
      cases.add(new String[] {"--help", name});
    }
    for (String[] args : cases) {
      String lazy = run(command -> Main.commandLine(command, args), args);
      String whole = run(Main::commandLine, args);

      assertThat(lazy).as(String.join(" ", args)).isEqualTo(whole);
    }
    assertThat(run(command -> Main.commandLine(command, "--help"), "--help"))
        .contains("Commands:", "adhoc", "plan", "apply", "inventory", "vault");
  }

  private static String run(Function<PloyCommand, CommandLine> build, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PloyCommand command =
        new PloyCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Map.of("NO_COLOR", "1"));
    CommandLine line = build.apply(command);
    StringWriter picocli = new StringWriter();
    line.setOut(new PrintWriter(picocli, true));
    line.setErr(new PrintWriter(picocli, true));
    int code = line.execute(args);
    return code + "\n" + out.toString(StandardCharsets.UTF_8) + picocli;
  }

  private static PloyCommand command() {
    return new PloyCommand(System.out, System.err, Map.of("NO_COLOR", "1"));
  }
}
