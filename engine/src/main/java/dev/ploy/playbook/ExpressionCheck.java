package dev.ploy.playbook;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Jinja;
import dev.ploy.expr.UnknownNameError;
import dev.ploy.module.Suggest;
import dev.ploy.yaml.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks before running the expressions a task or block holds: every string it templates (its
 * arguments and keywords) and its conditions. A syntax error, or a filter or test that no Ansible
 * has (a typo), is a problem with a did-you-mean. A filter or test that Ansible or one of Debian's
 * collections has and ploy lacks is a warning: the task fails where it is evaluated, if ever (a
 * RedHat branch never is on Debian).
 */
final class ExpressionCheck {
  private static final Set<String> ANSIBLE_FILTERS = names("ansible-filters.txt");
  private static final Set<String> ANSIBLE_TESTS = names("ansible-tests.txt");

  /** The keywords that hold bare expressions rather than strings to template. */
  private static final Set<String> CONDITIONS =
      Set.of("when", "changed_when", "failed_when", "until");

  /** Block keywords holding tasks, which are checked as tasks. */
  private static final Set<String> TASK_LISTS = Set.of("block", "rescue", "always");

  private final LoadContext context;

  ExpressionCheck(LoadContext context) {
    this.context = context;
  }

  /** Checks every value of a task, or the keywords of a block. */
  void check(Map<String, Object> values, Map<?, ?> original, FileScope scope) {
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      String key = entry.getKey();
      if (TASK_LISTS.contains(key)) {
        continue;
      }
      Location at = scope.doc().locateKey(original, key);
      walk(entry.getValue(), key, CONDITIONS.contains(key), at, scope);
    }
  }

  /** Walks a value: its strings are checked ({@code !unsafe} text is not a string here). */
  private void walk(Object value, String key, boolean condition, Location at, FileScope scope) {
    if (value instanceof String text) {
      try {
        if (condition) {
          Jinja.checkExpression(text);
        } else {
          Jinja.checkText(text);
        }
      } catch (UnknownNameError e) {
        unknown(context, e, "in '" + key + "': ", "", at, scope);
      } catch (ExprException e) {
        context.problem(at, "in '" + key + "': " + e.getMessage());
      }
      for (String name : Jinja.templateLookups(text, condition)) {
        Path file = lookedUp(name, scope);
        if (file != null) {
          TemplateSources.checkFile(
              context,
              file,
              Jinja.Options.ANSIBLE,
              scope,
              scope.baseDir(),
              " (template of the lookup in '" + key + "' at " + at + ")");
        }
      }
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> walk(v, key, false, at, scope));
    } else if (value instanceof Collection<?> items) {
      items.forEach(v -> walk(v, key, condition, at, scope));
    }
  }

  /**
   * The file {@code lookup('template', name)} reads, searched as the lookup searches: the role's
   * templates/ and directory, then the playbook's; null when none is found (the lookup fails then).
   */
  private static Path lookedUp(String name, FileScope scope) {
    Path asPath = Path.of(name);
    if (asPath.isAbsolute()) {
      return Files.isRegularFile(asPath) ? asPath : null;
    }
    List<Path> places = new ArrayList<>();
    if (scope.role() != null && scope.role().path() != null) {
      places.add(scope.role().path().resolve("templates").resolve(name));
      places.add(scope.role().path().resolve(name));
    }
    if (scope.baseDir() != null) {
      places.add(scope.baseDir().resolve("templates").resolve(name));
      places.add(scope.baseDir().resolve(name));
    }
    return places.stream().filter(Files::isRegularFile).findFirst().orElse(null);
  }

  /**
   * Reports a filter or test that ploy lacks, at {@code at}: a warning when a Python plugin of the
   * role or playbook or an Ansible collection has it (the task fails if it is evaluated), else a
   * problem with a did-you-mean. {@code where} starts the message, {@code after} ends it.
   */
  static void unknown(
      LoadContext context,
      UnknownNameError e,
      String where,
      String after,
      Location at,
      FileScope scope) {
    boolean filter = e.kind().equals("filter");
    Path plugin = pythonPlugin(scope, e.kind(), e.unknown());
    if (plugin != null) {
      context.warning(
          new Problem(
              at,
              where
                  + e.kind()
                  + " '"
                  + e.unknown()
                  + "' is a Python plugin ("
                  + plugin
                  + ") that ploy cannot run; the task fails if it is evaluated"
                  + after));
      return;
    }
    if ((filter ? ANSIBLE_FILTERS : ANSIBLE_TESTS).contains(e.unknown())) {
      context.warning(
          new Problem(
              at,
              where
                  + "ploy has no "
                  + e.kind()
                  + " '"
                  + e.unknown()
                  + "' (Ansible has); the task fails if it is evaluated"
                  + after));
      return;
    }
    String suggestion =
        Suggest.closest(e.unknown(), filter ? Jinja.filterNames() : Jinja.testNames());
    context.problem(
        at,
        where
            + "no "
            + e.kind()
            + " named '"
            + e.unknown()
            + "'"
            + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
            + after);
  }

  /**
   * The Python file in the role's or the playbook's filter_plugins/ (test_plugins/) that names
   * {@code name}; null when there is none.
   */
  private static Path pythonPlugin(FileScope scope, String kind, String name) {
    List<Path> dirs = new ArrayList<>();
    if (scope.role() != null && scope.role().path() != null) {
      dirs.add(scope.role().path().resolve(kind + "_plugins"));
    }
    if (scope.baseDir() != null) {
      dirs.add(scope.baseDir().resolve(kind + "_plugins"));
    }
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".py")).toList()) {
          String text = Files.readString(file, StandardCharsets.UTF_8);
          if (text.contains("'" + name + "'") || text.contains("\"" + name + "\"")) {
            return file;
          }
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        // no such directory, or unreadable: no plugin there
      }
    }
    return null;
  }

  private static Set<String> names(String resource) {
    try (InputStream in = ExpressionCheck.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(resource + " is missing from ploy's jar", e);
    }
  }
}
