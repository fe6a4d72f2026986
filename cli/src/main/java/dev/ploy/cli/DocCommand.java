package dev.ploy.cli;

import dev.ploy.module.ExecutorActions;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleDocs;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.module.Suggest;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ploy doc MODULE}, {@code --list}, and {@code --markdown} (docs/modules.md). */
@Command(
    name = "doc",
    mixinStandardHelpOptions = true,
    description = "Show a module's arguments and an example.")
final class DocCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODULE")
  String module;

  @Option(
      names = {"-l", "--list"},
      description = "List every module.")
  boolean list;

  @Option(names = "--markdown", description = "Print the whole module reference (docs/modules.md).")
  boolean markdown;

  @Override
  public Integer call() {
    ModuleRegistry registry = ModuleRegistry.load();
    if (markdown) {
      System.out.print(ModuleDocs.markdown(registry.modules()));
      return ExitCodes.OK;
    }
    if (list || module == null) {
      for (Module each : registry.modules()) {
        String first = each.spec().description().split("\\. |\\n", 2)[0];
        System.out.printf("%-18s %s%n", each.spec().name(), first);
      }
      System.out.println("\nExecutor actions (run by ploy itself):");
      for (ExecutorActions.Action each : ExecutorActions.all()) {
        String first = each.spec().description().split("\\. |\\n", 2)[0];
        System.out.printf("%-18s %s%n", each.name(), first);
      }
      return ExitCodes.OK;
    }
    Optional<ExecutorActions.Action> action = ExecutorActions.find(module);
    if (action.isPresent()) {
      System.out.print(ModuleDocs.text(action.get().spec()));
      return ExitCodes.OK;
    }
    Optional<Module> found = registry.find(module);
    if (found.isEmpty()) {
      String suggestion = Suggest.closest(module, registry.names());
      System.err.println(
          "ERROR! unknown module '"
              + module
              + "'"
              + (suggestion != null
                  ? "; did you mean '" + suggestion + "'?"
                  : "; see 'ploy doc --list'"));
      return ExitCodes.BAD_INPUT;
    }
    System.out.print(ModuleDocs.text(found.get().spec()));
    return ExitCodes.OK;
  }
}
