package dev.ploy.playbook;

import static dev.ploy.playbook.YamlValues.isTemplated;

import dev.ploy.expr.ExprException;
import dev.ploy.expr.Jinja;
import dev.ploy.expr.TemplateError;
import dev.ploy.vault.Vault;
import dev.ploy.yaml.Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Jinja2 template a template task names with a literal {@code src:}, parsed when the playbook
 * loads: a syntax error, an unclosed tag, an unknown filter or test is a problem at the template's
 * own line and column, before any host is contacted. The file is searched as the template module
 * searches it at run time.
 */
final class TemplateSources {
  private final LoadContext context;
  private final Path playbookDir;

  TemplateSources(LoadContext context, Path playbookDir) {
    this.context = context;
    this.playbookDir = playbookDir;
  }

  void check(Map<String, Object> args, Location at, FileScope scope) {
    if (!(args.get("src") instanceof String src) || isTemplated(src) || src.endsWith(".mustache")) {
      return;
    }
    if (args.keySet().stream()
        .anyMatch(k -> k.endsWith("_start_string") || k.endsWith("_end_string"))) {
      return; // other delimiters: the template is read with them when it renders
    }
    Path file = find(src, scope);
    if (file == null) {
      return; // the template module says where it looked, if the task runs
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    if (Vault.isEncrypted(text)) {
      return;
    }
    try {
      Jinja.check(text, file.toString());
    } catch (TemplateError e) {
      context.problem(
          new Location(file, e.line(), e.column()),
          e.reason() + " (template of the task at " + at + ")");
    } catch (ExprException e) {
      context.problem(at, "template " + file + ": " + e.getMessage());
    }
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
