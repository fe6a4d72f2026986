package dev.ploy.playbook;

import dev.ploy.module.ModuleRegistry;
import dev.ploy.vault.Vault;
import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import dev.ploy.yaml.YamlException;
import dev.ploy.yaml.YamlReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What loading a playbook shares across files: the modules known, where roles are searched, the
 * problems found so far, and the files already parsed.
 */
public final class LoadContext {
  private final ModuleRegistry modules;
  private final List<Path> rolesPath;
  private final Vault vault;
  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();
  private int dynamic;
  private List<Problem> captured;
  private final Map<Path, YamlDocument> documents = new HashMap<>();
  private final Map<Path, RoleDefinition> roles = new HashMap<>();

  public LoadContext(ModuleRegistry modules, List<Path> rolesPath, Vault vault) {
    this.modules = modules;
    this.rolesPath = List.copyOf(rolesPath);
    this.vault = vault;
  }

  public ModuleRegistry modules() {
    return modules;
  }

  public List<Path> rolesPath() {
    return rolesPath;
  }

  /**
   * A problem; inside {@link #dynamically} it is a warning; inside {@link #capturing} it is kept.
   */
  public void problem(Location location, String message) {
    if (captured != null) {
      captured.add(new Problem(location, message));
    } else if (dynamic > 0) {
      warn(
          new Problem(
              location,
              message + " (reached only through a dynamic include; an error if the include runs)"));
    } else {
      problems.add(new Problem(location, message));
    }
  }

  /**
   * A problem Ansible finds only when the task runs: a module's arguments (the module or its action
   * plugin checks them), a module in the role's own library/. Where a task is parsed ({@link
   * #capturing}) it is kept as such, and the task fails with it if it runs (see TaskListParser).
   */
  void runTimeProblem(Location location, String message) {
    if (captured != null) {
      captured.add(new Problem(location, message, true));
    } else {
      problem(location, message);
    }
  }

  /**
   * Checks what only runs if a dynamic include (include_tasks, include_role) runs: its problems are
   * warnings now, and errors only when the include runs.
   */
  void dynamically(Runnable check) {
    dynamic++;
    try {
      check.run();
    } finally {
      dynamic--;
    }
  }

  /**
   * Runs a check whose problems are returned instead of recorded: for a task whose problems may
   * turn into a failure at run time (see TaskListParser).
   */
  List<Problem> capturing(Runnable check) {
    List<Problem> outer = captured;
    captured = new ArrayList<>();
    try {
      check.run();
      return captured;
    } finally {
      captured = outer;
    }
  }

  /** Records a problem found by {@link #capturing}, as if found now. */
  void problem(Problem problem) {
    problem(problem.location(), problem.message());
  }

  /** Records a problem that stops nothing now: a warning, saying the task fails if it runs. */
  void deferred(Problem problem) {
    warn(
        new Problem(
            problem.location(), problem.message() + " (the task fails if it runs, as in Ansible)"));
  }

  /** Records a warning printed before running. */
  void warning(Problem problem) {
    warn(problem);
  }

  /**
   * A warning, once: a file included from two places (a task's include_tasks and a handler's) is
   * checked from each, and its problems are the same.
   */
  private void warn(Problem problem) {
    if (!warnings.contains(problem)) {
      warnings.add(problem);
    }
  }

  /**
   * What to warn about before running: problems of files that only a dynamic include reaches,
   * duplicate keys; in the order found.
   */
  public List<Problem> warnings() {
    return List.copyOf(warnings);
  }

  /** Every problem found, grouped by file (in the order files were met), then by line. */
  public List<Problem> problems() {
    java.util.Map<Object, Integer> fileOrder = new java.util.HashMap<>();
    for (Problem problem : problems) {
      fileOrder.putIfAbsent(String.valueOf(problem.location().file()), fileOrder.size());
    }
    return problems.stream()
        .sorted(
            java.util.Comparator.<Problem>comparingInt(
                    p -> fileOrder.get(String.valueOf(p.location().file())))
                .thenComparingInt(p -> p.location().line())
                .thenComparingInt(p -> p.location().column()))
        .toList();
  }

  /** A YAML file, parsed once; null (with a problem recorded) when it cannot be read. */
  public YamlDocument document(Path file, Location includedFrom) {
    Path key = file.toAbsolutePath().normalize();
    if (documents.containsKey(key)) {
      return documents.get(key);
    }
    YamlDocument doc = null;
    try {
      doc = YamlReader.read(key, vault);
      for (YamlDocument.Warning warning : doc.warnings()) {
        warnings.add(new Problem(warning.location(), warning.message()));
      }
    } catch (YamlException e) {
      if (e.getMessage().endsWith("file not found") && includedFrom != null) {
        problem(includedFrom, "file not found: " + key);
      } else {
        problem(e.location(), e.getMessage().substring(e.location().toString().length() + 2));
      }
    }
    documents.put(key, doc);
    return doc;
  }

  RoleDefinition cachedRole(Path dir) {
    return roles.get(dir);
  }

  void cacheRole(Path dir, RoleDefinition role) {
    roles.put(dir, role);
  }
}
