package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.config.ConfigException;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.plan.PlayGraph;
import dev.ploy.playbook.Play;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ploy graph PLAYBOOK}: the task DAG of each play, as DOT, Mermaid, SVG or PNG. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = "Print the task graph of a playbook.")
final class GraphCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PLAYBOOK")
  Path playbook;

  @Option(
      names = "--format",
      defaultValue = "dot",
      description = "dot (default), mermaid, svg or png (svg/png need Graphviz's dot).")
  String format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of stdout (required for png).")
  Path output;

  @Mixin VaultOptions vaultOptions = new VaultOptions();

  @Override
  public Integer call() throws IOException, InterruptedException {
    Playbook loaded;
    try {
      Config config = Config.load(Path.of("."), System.getenv());
      List<Path> rolesPath = config.list("roles_path").stream().map(config::path).toList();
      loaded =
          new PlaybookLoader(ModuleRegistry.load(), rolesPath, vaultOptions.vault(config))
              .load(playbook);
    } catch (PlaybookException | ConfigException | UsageException e) {
      System.err.println("ERROR! " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    StringBuilder text = new StringBuilder();
    for (Play play : loaded.plays()) {
      PlayGraph graph = PlayGraph.of(play);
      text.append(format.equals("mermaid") ? graph.toMermaid() : graph.toDot());
    }
    switch (format) {
      case "dot", "mermaid" -> {
        if (output != null) {
          Files.writeString(output, text, StandardCharsets.UTF_8);
        } else {
          System.out.print(text);
        }
        return ExitCodes.OK;
      }
      case "svg", "png" -> {
        return renderWithDot(text.toString());
      }
      default -> {
        System.err.println("ERROR! --format takes dot, mermaid, svg or png");
        return ExitCodes.BAD_INPUT;
      }
    }
  }

  private int renderWithDot(String dot) throws IOException, InterruptedException {
    if (output == null && format.equals("png")) {
      System.err.println("ERROR! --format png needs -o FILE");
      return ExitCodes.BAD_INPUT;
    }
    ProcessBuilder builder = new ProcessBuilder("dot", "-T" + format);
    if (output != null) {
      builder.command().add("-o" + output);
    }
    builder.redirectOutput(
        output == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      System.err.println(
          "ERROR! --format "
              + format
              + " needs Graphviz's dot on the PATH (apt-get install graphviz); use --format dot or mermaid instead");
      return ExitCodes.ERROR;
    }
    try (var stdin = process.getOutputStream()) {
      stdin.write(dot.getBytes(StandardCharsets.UTF_8));
    }
    process.waitFor(60, TimeUnit.SECONDS);
    return process.exitValue() == 0 ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
