package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.module.ModuleRegistry;
import dev.ploy.playbook.Playbook;
import dev.ploy.playbook.PlaybookException;
import dev.ploy.playbook.PlaybookLoader;
import dev.ploy.playbook.Problem;
import dev.ploy.yaml.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The playbooks a command line names, all loaded before any host is contacted, with the settings
 * and modules they were loaded with: what {@code ploy} and {@code ploy plan} start from.
 *
 * @param logging whether the run is logged to a file (ploy.yml's log_path or --log-file)
 */
record Playbooks(
    List<Playbook> loaded,
    Setup setup,
    ModuleRegistry modules,
    PlaybookLoader loader,
    boolean logging) {

  /**
   * Reads the settings (ploy.yml, the environment, the options), starts the log and loads every
   * playbook in order, each one's warnings given to {@code warnings}.
   *
   * @throws PlaybookException with the problems of all of them, when any has one
   */
  static Playbooks load(
      HostOptions host,
      Setup.Selection selection,
      List<Path> files,
      Map<String, String> environment,
      Consumer<Problem> warnings)
      throws Exception {
    Config config = Config.load(Path.of("."), environment);
    boolean logging = host.startLog(config);
    Setup setup = Setup.from(host, selection, config, files.get(0).toAbsolutePath().getParent());
    ModuleRegistry modules = ModuleRegistry.load();
    PlaybookLoader loader = new PlaybookLoader(modules, setup.rolesPath(), setup.vault());
    List<Playbook> loaded = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path playbook : files) {
      if (!Files.isRegularFile(playbook)) {
        problems.add(new Problem(Location.of(playbook), "the playbook does not exist"));
        continue;
      }
      try {
        Playbook read = loader.load(playbook);
        read.warnings().forEach(warnings);
        loaded.add(read);
      } catch (PlaybookException e) {
        e.warnings().forEach(warnings);
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new PlaybookException(problems);
    }
    return new Playbooks(List.copyOf(loaded), setup, modules, loader, logging);
  }
}
