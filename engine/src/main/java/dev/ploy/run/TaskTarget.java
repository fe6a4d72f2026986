package dev.ploy.run;

import dev.ploy.connection.Become;
import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.expr.ExprException;
import dev.ploy.expr.Jinja;
import dev.ploy.expr.Templar;
import dev.ploy.facts.FactCache;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import dev.ploy.playbook.RoleContext;
import dev.ploy.template.TemplateException;
import dev.ploy.template.TemplateRenderer;
import dev.ploy.vault.Vault;
import dev.ploy.vault.VaultException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A module's view of one host for one task: its connection, become, environment and scope. */
final class TaskTarget implements Target {
  private final java.util.function.Consumer<String> trace;
  private final String host;
  private final Connection connection;
  private final FactCache facts;
  private final Optional<Become> become;
  private final Map<String, String> environment;
  private final Templar templar;
  private final RoleContext role;
  private final Path playbookDir;
  private final Map<String, Object> vars;
  private final Vault vault;
  private final Optional<Deadline> deadline;

  /** The texts of the arguments that came from a target (or !unsafe), and their list parts. */
  private final Set<String> unsafeArgs = new java.util.HashSet<>();

  /** A task's timeout: its length, and the instant it ends. */
  record Deadline(java.time.Duration limit, java.time.Instant end) {
    String message() {
      return "the task did not finish within its timeout of " + limit.toSeconds() + " s";
    }
  }

  TaskTarget(
      java.util.function.Consumer<String> trace,
      String host,
      Connection connection,
      FactCache facts,
      Optional<Become> become,
      Map<String, String> environment,
      Templar templar,
      RoleContext role,
      Path playbookDir,
      Map<String, Object> vars,
      Vault vault,
      Optional<Deadline> deadline,
      Set<String> unsafeArgs) {
    this.trace = trace;
    this.host = host;
    this.connection = connection;
    this.facts = facts;
    this.become = become;
    this.environment = environment;
    this.templar = templar;
    this.role = role;
    this.playbookDir = playbookDir;
    this.vars = vars;
    this.vault = vault;
    this.deadline = deadline;
    for (String text : unsafeArgs) {
      this.unsafeArgs.add(text.strip());
      for (String part : text.split(",")) { // as a list argument splits it
        this.unsafeArgs.add(part.strip());
      }
    }
  }

  @Override
  public byte[] decryptLocalFile(Path file) throws ModuleException {
    try {
      return vault.decrypt(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new ModuleException("cannot read " + file + ": " + e.getMessage());
    } catch (VaultException e) {
      throw new ModuleException(file + ": " + e.getMessage());
    }
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public ExecResult run(Command command) throws ModuleException {
    Command full = command.withEnvironment(environment);
    if (command.become().isEmpty()) {
      full = full.withBecome(become);
    }
    if (deadline.isPresent()) {
      // each command gets what is left of the task's time
      java.time.Duration left =
          java.time.Duration.between(java.time.Instant.now(), deadline.get().end());
      if (left.isNegative() || left.isZero()) {
        throw new ModuleException(deadline.get().message());
      }
      if (full.timeout().isEmpty() || full.timeout().get().compareTo(left) > 0) {
        full = full.withTimeout(left);
      }
    }
    trace.accept(full.wrapped());
    try {
      return connection.exec(full);
    } catch (ConnectionException e) {
      if (deadline.isPresent() && !java.time.Instant.now().isBefore(deadline.get().end())) {
        throw new ModuleException(deadline.get().message());
      }
      throw new UnreachableException(e.getMessage(), e);
    }
  }

  @Override
  public FactCache facts() {
    return facts;
  }

  @Override
  public Map<String, Object> vars() {
    return vars;
  }

  @Override
  public Object evaluate(String expression) throws ModuleException {
    return evaluated(expression, templar::evaluate);
  }

  @Override
  public boolean condition(String expression) throws ModuleException {
    return evaluated(expression, templar::condition);
  }

  /** How a module's expression is read: as a value or as a condition. */
  private interface Evaluation<T> {
    T of(String expression) throws ExprException;
  }

  /** The expression evaluated, unless it is unsafe; its error is the module's failure. */
  private <T> T evaluated(String expression, Evaluation<T> evaluation) throws ModuleException {
    refuseUnsafe(expression);
    try {
      return evaluation.of(expression);
    } catch (ExprException e) {
      throw new ModuleException(e.getMessage());
    }
  }

  /**
   * An argument whose text came from a target (or {@code !unsafe}) is never evaluated as an
   * expression (debug var, assert that): Ansible's "Conditional is marked as unsafe, and cannot be
   * evaluated."
   */
  private void refuseUnsafe(String expression) throws ModuleException {
    if (unsafeArgs.contains(expression.strip())) {
      throw new ModuleException(
          "The conditional check '"
              + expression
              + "' failed. The error was: Conditional is marked as unsafe, and cannot be"
              + " evaluated.");
    }
  }

  @Override
  public Object template(Object value) throws ModuleException {
    try {
      return templar.template(value);
    } catch (ExprException e) {
      throw new ModuleException(e.getMessage());
    }
  }

  @Override
  public String renderTemplateFile(Path file, String dest, Jinja.Options options)
      throws ModuleException {
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModuleException("cannot read template " + file + ": " + e.getMessage());
    }
    if (Vault.isEncrypted(source)) {
      source = new String(decryptLocalFile(file), StandardCharsets.UTF_8);
    }
    List<Path> partialDirs = new ArrayList<>();
    partialDirs.add(file.getParent());
    if (role != null) {
      partialDirs.add(role.path().resolve("templates"));
    }
    partialDirs.add(playbookDir.resolve("templates"));
    if (!file.getFileName().toString().endsWith(".mustache")) {
      return renderJinja(source, file, dest, options, partialDirs);
    }
    TemplateRenderer renderer =
        new TemplateRenderer(
            name -> {
              for (Path dir : partialDirs) {
                for (String candidate : List.of(name, name + ".mustache", name + ".j2")) {
                  Path partial = dir.resolve(candidate);
                  if (Files.isRegularFile(partial)) {
                    return Optional.of(Files.readString(partial, StandardCharsets.UTF_8));
                  }
                }
              }
              return Optional.empty();
            });
    try {
      return renderer.render(source, file.toString(), templar);
    } catch (TemplateException e) {
      throw new ModuleException(e.getMessage());
    }
  }

  /**
   * A Jinja2 template, as Ansible's template module renders it: with the template_* variables and
   * ansible_managed, including and importing templates from the template's directory, the role's
   * templates/ and the playbook's templates/.
   */
  private String renderJinja(
      String source, Path file, String dest, Jinja.Options options, List<Path> dirs)
      throws ModuleException {
    try {
      return Jinja.render(
          source,
          file.toString(),
          templar.with(Jinja.templateVars(file, dest)),
          Jinja.searching(dirs),
          options);
    } catch (ExprException e) {
      throw new ModuleException(e.getMessage());
    }
  }

  @Override
  public Path findLocalFile(String src, String kind) throws ModuleException {
    Path asPath = Path.of(src);
    if (asPath.isAbsolute()) {
      if (Files.exists(asPath)) {
        return asPath;
      }
      throw new ModuleException("could not find " + src + " on the control node");
    }
    List<Path> places = searchPath(src, kind);
    for (Path candidate : places) {
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    List<String> names = new ArrayList<>();
    places.forEach(p -> names.add(p.toString()));
    throw new ModuleException(
        "could not find '"
            + src
            + "' on the control node; looked in "
            + String.join(", ", new LinkedHashSet<>(names)));
  }

  private List<Path> searchPath(String src, String kind) {
    List<Path> places = new ArrayList<>();
    if (role != null) {
      places.add(role.path().resolve(kind).resolve(src));
      places.add(role.path().resolve(src));
      places.add(role.path().resolve("tasks").resolve(src));
    }
    places.add(playbookDir.resolve(kind).resolve(src));
    places.add(playbookDir.resolve(src));
    return places;
  }
}
