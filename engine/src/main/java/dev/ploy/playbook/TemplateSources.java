package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.isTemplated;

import dev.ploy.expr.Jinja;
import dev.ploy.expr.TemplateError;
import dev.ploy.expr.UnknownNameError;
import dev.ploy.module.Arg;
import dev.ploy.module.Module;
import dev.ploy.vault.Vault;
import dev.ploy.yaml.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Jinja2 template a task names with a literal {@code src:} (an argument its module declares as
 * a {@link Arg#template()}), parsed when the playbook loads with the delimiters the task gives, and
 * the templates it includes, imports or extends by a literal name: a syntax error, an unclosed tag,
 * an unknown filter or test is a problem at the template's own line and column, before any host is
 * contacted (a filter or test Ansible or a plugin of the role has is a warning, as in tasks). Files
 * are searched as the template module searches them at run time.
 */
final class TemplateSources {
  private final LoadContext context;
  private final Path playbookDir;

  TemplateSources(LoadContext context, Path playbookDir) {
    this.context = context;
    this.playbookDir = playbookDir;
  }

  /** Checks the templates that a task of {@code module} names in its template arguments. */
  void check(Optional<Module> module, Map<String, Object> args, Location at, FileScope scope) {
    if (module.isEmpty()) {
      return;
    }
    for (Arg arg : module.get().spec().args()) {
      if (arg.isTemplate()) {
        check(args.get(arg.name()), args, at, scope);
      }
    }
  }

  private void check(Object named, Map<String, Object> args, Location at, FileScope scope) {
    if (!(named instanceof String src) || isTemplated(src) || src.endsWith(".mustache")) {
      return;
    }
    Jinja.Options options = options(args);
    if (options == null) {
      return; // delimiters given by expressions: the template is read with them when it renders
    }
    Path file = find(src, scope);
    if (file == null) {
      return; // the module says where it looked, if the task runs
    }
    checkFile(context, file, options, scope, playbookDir, " (template of the task at " + at + ")");
  }

  /**
   * Checks a template file and what it includes (searched in its directory, the role's templates/
   * and the playbook's), reporting each problem at its file's line and column, {@code after} ending
   * the message. A vaulted file is left to the render.
   */
  static void checkFile(
      LoadContext context,
      Path file,
      Jinja.Options options,
      FileScope scope,
      Path playbookDir,
      String after) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    if (Vault.isEncrypted(text)) {
      return;
    }
    List<Path> dirs = new ArrayList<>();
    dirs.add(file.getParent());
    if (scope.role() != null) {
      dirs.add(scope.role().path().resolve("templates"));
    }
    if (playbookDir != null) {
      dirs.add(playbookDir.resolve("templates"));
    }
    for (TemplateError e : Jinja.check(text, file, options, name -> included(name, dirs))) {
      Location where = new Location(Path.of(e.template()), e.line(), e.column());
      if (e instanceof UnknownNameError unknown) {
        ExpressionCheck.unknown(context, unknown, "", after, where, scope);
      } else {
        context.problem(where, e.reason() + after);
      }
    }
  }

  /** A template that another includes, found as the render finds it. */
  private static Optional<Path> included(String name, List<Path> dirs) {
    for (Path dir : dirs) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The delimiters the task gives (others as Ansible's), or null when one is not literal text; the
   * whitespace settings change no error and are left as Ansible's.
   */
  private static Jinja.Options options(Map<String, Object> args) {
    Jinja.Delimiters jinja = Jinja.Options.ANSIBLE.delimiters();
    List<String> given = new ArrayList<>();
    for (String key :
        List.of(
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string")) {
      Object value = args.get(key);
      if (value == null) {
        given.add(null);
      } else if (value instanceof String text && !text.isEmpty() && !isTemplated(text)) {
        given.add(text);
      } else {
        return null;
      }
    }
    return new Jinja.Options(
        true,
        false,
        "\n",
        new Jinja.Delimiters(
            orElse(given.get(0), jinja.blockStart()),
            orElse(given.get(1), jinja.blockEnd()),
            orElse(given.get(2), jinja.variableStart()),
            orElse(given.get(3), jinja.variableEnd()),
            orElse(given.get(4), jinja.commentStart()),
            orElse(given.get(5), jinja.commentEnd())));
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private Path find(String src, FileScope scope) {
    Path asPath = Path.of(src);
    if (asPath.isAbsolute()) {
      return Files.isRegularFile(asPath) ? asPath : null;
    }
    List<Path> places = new ArrayList<>();
    if (scope.role() != null) {
      Path role = scope.role().path();
      places.add(role.resolve("templates").resolve(src));
      places.add(role.resolve(src));
      places.add(role.resolve("tasks").resolve(src));
    }
    places.add(playbookDir.resolve("templates").resolve(src));
    places.add(playbookDir.resolve(src));
    for (Path place : places) {
      if (Files.isRegularFile(place)) {
        return place;
      }
    }
    return null;
  }
}
