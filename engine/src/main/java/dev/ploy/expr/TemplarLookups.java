package dev.ploy.expr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where lookups run from, read from a templar's variables: the magic variables role_path and
 * playbook_dir, the variables themselves, and Jinja2 rendering for lookup('template'). The one
 * context of {@code lookup()} in expressions and of {@code with_<lookup>} loops. {@code
 * templatesTerms}: whether terms are templated again, as Ansible does for {@code lookup()}; never
 * when they were made of unsafe text. {@code firstFoundDir}: the directory of a role or playbook
 * first_found looks in first (files, or what the task's action tells a with_* loop).
 */
record TemplarLookups(Templar templar, boolean templatesTerms, String firstFoundDir)
    implements Lookups.Context {
  /** The context of {@code lookup()} in expressions. */
  TemplarLookups(Templar templar, boolean templatesTerms) {
    this(templar, templatesTerms, "files");
  }

  /**
   * The context of {@code with_<lookup>} loops, whose terms the task templated already; first_found
   * looks in {@code firstFoundDir} first.
   */
  TemplarLookups(Templar templar, String firstFoundDir) {
    this(templar, false, firstFoundDir);
  }

  @Override
  public Optional<Path> rolePath() {
    return path("role_path");
  }

  @Override
  public Optional<Path> playbookDir() {
    return path("playbook_dir");
  }

  private Optional<Path> path(String name) {
    return templar.has(name) ? Optional.of(Path.of(Values.str(variable(name)))) : Optional.empty();
  }

  @Override
  public String render(Path template, List<Path> searchPath, Jinja.Options options) {
    try {
      String text = Files.readString(template);
      Templar vars = templar.with(Jinja.templateVars(template, null));
      return Jinja.render(text, template.toString(), vars, Jinja.searching(searchPath), options);
    } catch (IOException e) {
      throw new EvalError("lookup('template'): could not read " + template + ": " + e);
    } catch (ExprException e) {
      throw new EvalError(e.getMessage());
    }
  }

  @Override
  public Object template(Object term) {
    if (!templatesTerms) {
      return term;
    }
    try {
      return templar.templateToStore(term);
    } catch (ExprException e) {
      throw new EvalError(e.getMessage());
    }
  }

  @Override
  public Set<String> variableNames() {
    return templar.names();
  }

  @Override
  public boolean has(String name) {
    return templar.has(name);
  }

  @Override
  public Object variable(String name) {
    if (!templar.has(name)) {
      throw new EvalError("No variable found with this name: " + name); // Ansible's words
    }
    try {
      return templar.lookup(name);
    } catch (ExprException e) {
      throw new EvalError(e.getMessage());
    }
  }
}
