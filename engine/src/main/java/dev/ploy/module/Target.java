package dev.ploy.module;

import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ExecResult;
import dev.ploy.expr.Jinja;
import dev.ploy.facts.Fact;
import dev.ploy.facts.FactCache;
import dev.ploy.facts.FactException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a module sees of the host it works on and of the task that called it. Commands run through
 * {@link #run}, which applies the task's become and environment; files move through {@link
 * #connection()}.
 */
public interface Target {

  /** The inventory name of the host. */
  String host();

  /** The host's connection, shared by every task of the run. */
  Connection connection();

  /** Runs a command with the task's become and environment. Connection failures propagate. */
  ExecResult run(Command command) throws ModuleException;

  /** Runs argv, each word quoted, with the task's become and environment. */
  default ExecResult run(List<String> argv) throws ModuleException {
    return run(Command.argv(argv));
  }

  /** Runs argv, each word quoted, with the task's become and environment. */
  default ExecResult run(String... argv) throws ModuleException {
    return run(Command.argv(argv));
  }

  /** The host's facts, shared by every task of the run that works on the host. */
  FactCache facts();

  /**
   * A fact about the host ({@code target.fact(PackageManager.FACT)}): read from the host (with the
   * task's become) the first time any task asks for it, then shared for the run until a module
   * changes what it rests on.
   */
  default <T> T fact(Fact<T> fact) throws ModuleException {
    try {
      return facts().get(fact, this::run);
    } catch (FactException e) {
      throw failed(e);
    }
  }

  /** Reads these facts afresh in one round trip (the setup module), and keeps them. */
  default FactCache.Values refresh(List<Fact<?>> facts) throws ModuleException {
    try {
      return facts().refresh(facts, this::run);
    } catch (FactException e) {
      throw failed(e);
    }
  }

  /** A fact that could not be read, as the task's failure: its message, rc and stderr. */
  private static ModuleException failed(FactException e) {
    return new ModuleException(e.getMessage(), Map.of("rc", e.rc(), "stderr", e.stderr()));
  }

  /**
   * Says that the task changed {@code basis} on the host (apt installed or removed packages): the
   * facts resting on it are read again when next asked for.
   */
  default void changed(Fact.Basis basis) {
    facts().changed(basis);
  }

  /** The variables visible to the task (facts, host and play variables...), templated on read. */
  Map<String, Object> vars();

  /** Evaluates an expression of ploy's expression language in the task's scope. */
  Object evaluate(String expression) throws ModuleException;

  /** Evaluates a condition as {@code when:} does (Ansible truthiness). */
  boolean condition(String expression) throws ModuleException;

  /** Templates a value: strings with {{ }} are rendered, lists and maps recursively. */
  Object template(Object value) throws ModuleException;

  /**
   * Renders a template file (Mustache structure, ploy expressions inside {{ }}) with the task's
   * variables. Partials are looked up beside the file and in the role's templates/. {@code dest} is
   * the template's destination as the task gives it (template_destpath), or null; {@code options}
   * the template module's environment settings (whitespace, line end, delimiters).
   */
  String renderTemplateFile(Path file, String dest, Jinja.Options options) throws ModuleException;

  /**
   * Resolves a relative local source path the way Ansible does: in the role's {@code kind}
   * directory ("files" or "templates"), then the role's own directory, then beside the playbook. An
   * absolute path is returned as it is. Fails with the places searched when nothing exists.
   */
  Path findLocalFile(String src, String kind) throws ModuleException;

  /**
   * The content of a vault-encrypted local file, opened with the run's vault passwords (copy's
   * decrypt). Fails saying which password options to give.
   */
  byte[] decryptLocalFile(Path file) throws ModuleException;
}
