package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.isTemplated;

import dev.ploy.yaml.Location;
import dev.ploy.yaml.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Task files named by import_tasks and include_tasks: where a relative name is looked for (the
 * role's tasks/, the including file's directory, the playbook's), cycles, and the parse of the
 * file.
 */
final class TaskFiles {
  private final LoadContext context;
  private final TaskListParser parser;
  private final Path playbookDir;

  TaskFiles(LoadContext context, TaskListParser parser, Path playbookDir) {
    this.context = context;
    this.parser = parser;
    this.playbookDir = playbookDir;
  }

  /** import_tasks (and the old include): the file's tasks, parsed now, as one block. */
  TaskItem importTasks(Map<String, Object> args, Keywords keywords, Location at, FileScope scope) {
    Object file = args.get("file");
    if (file == null) {
      context.problem(at, "import_tasks needs a file: 'import_tasks: other.yml'");
      return null;
    }
    if (isTemplated(file)) {
      context.problem(
          at,
          "import_tasks is static and cannot use a templated file name; use include_tasks for that");
      return null;
    }
    Path path = resolve(String.valueOf(file), scope);
    if (path == null) {
      context.problem(
          at, "import_tasks: file not found: " + file + searched(String.valueOf(file), scope));
      return null;
    }
    Path normalized = path.toAbsolutePath().normalize();
    if (scope.includeChain().contains(normalized)) {
      context.problem(at, "import cycle: " + chain(scope.includeChain(), normalized));
      return null;
    }
    YamlDocument doc = context.document(normalized, at);
    if (doc == null) {
      return null;
    }
    List<TaskItem> items =
        parser.parseList(
            doc.root(),
            Location.of(doc.file()),
            scope.in(doc, scope.role(), normalized.getParent()));
    return new Block(null, items, List.of(), List.of(), keywords, scope.role(), at);
  }

  /**
   * include_tasks: it needs a file; one named without templating is looked for and parsed now, so
   * that its problems are known before the run, as warnings: the include is dynamic, and they are
   * errors only if it runs (when it is loaded again).
   */
  void checkInclude(Map<String, Object> args, Location at, FileScope scope) {
    Object file = args.get("file");
    if (file == null) {
      context.problem(at, "include_tasks needs a file: 'include_tasks: other.yml'");
    } else if (!isTemplated(file)) {
      context.dynamically(() -> checkIncludedFile(String.valueOf(file), at, scope));
    }
  }

  private void checkIncludedFile(String file, Location at, FileScope scope) {
    Path path = resolve(file, scope);
    if (path == null) {
      context.problem(at, "include_tasks: file not found: " + file + searched(file, scope));
      return;
    }
    Path normalized = path.toAbsolutePath().normalize();
    if (scope.includeChain().contains(normalized)) {
      context.problem(at, "include cycle: " + chain(scope.includeChain(), normalized));
      return;
    }
    YamlDocument doc = context.document(normalized, at);
    if (doc != null) {
      parser.parseList(
          doc.root(), Location.of(doc.file()), scope.in(doc, scope.role(), normalized.getParent()));
    }
  }

  private Path resolve(String file, FileScope scope) {
    for (Path candidate : candidates(file, scope)) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private List<Path> candidates(String file, FileScope scope) {
    Path asPath = Path.of(file);
    if (asPath.isAbsolute()) {
      return List.of(asPath);
    }
    List<Path> places = new ArrayList<>();
    if (scope.role() != null) {
      places.add(scope.role().path().resolve("tasks").resolve(file));
      // 'tasks/set_vars.yml' from the role's root, as Ansible finds it (linux-system-roles)
      places.add(scope.role().path().resolve(file));
    }
    places.add(scope.baseDir().resolve(file));
    places.add(playbookDir.resolve(file));
    return places;
  }

  private String searched(String file, FileScope scope) {
    List<String> places = new ArrayList<>();
    for (Path p : candidates(file, scope)) {
      places.add(p.toString());
    }
    return " (looked in " + String.join(", ", new LinkedHashSet<>(places)) + ")";
  }

  private static String chain(List<Path> chain, Path again) {
    List<String> names = new ArrayList<>();
    for (Path p : chain.subList(Math.max(0, chain.indexOf(again)), chain.size())) {
      names.add(p.getFileName().toString());
    }
    names.add(again.getFileName().toString());
    return String.join(" -> ", names);
  }
}
