package dev.ploy.modules.plans;

import dev.ploy.connection.Command;
import dev.ploy.connection.Connection;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.expr.Jinja;
import dev.ploy.facts.FactCache;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target that runs nothing: each command a module sends is answered from canned outputs and
 * recorded, with every upload, so that a module's plan and the commands it would run can be checked
 * as data (see {@link PlanCasesTest}).
 *
 * <p>A command takes the first unused answer whose {@code match} (a regular expression) is found in
 * its script or its standard input, or that has no {@code match}: answers without one are taken in
 * order. A command left without an answer succeeds with no output, as most apply commands do.
 */
final class FakeTarget implements Target {

  /** A canned result for one command; {@code match} empty answers the next command in order. */
  record Answer(Optional<Pattern> match, ExecResult result) {}

  private final List<Answer> answers;
  private final boolean[] used;
  private final Map<String, byte[]> files;
  private final Map<String, String> localFiles;
  private final List<Map<String, Object>> recorded = new ArrayList<>();
  private final Set<String> tokens = new HashSet<>();
  private final FactCache facts = new FactCache();
  private int reusedTokens;

  FakeTarget(List<Answer> answers, Map<String, byte[]> files, Map<String, String> localFiles) {
    this.localFiles = Map.copyOf(localFiles);
    this.answers = List.copyOf(answers);
    this.used = new boolean[answers.size()];
    this.files = Map.copyOf(files);
  }

  /**
   * What the module did, in order: {@code run} (with its stdin, environment) and {@code upload}.
   */
  List<Map<String, Object>> recorded() {
    return recorded;
  }

  /** How many temporary-file tokens were sent again: each write must name a new file. */
  int reusedTokens() {
    return reusedTokens;
  }

  /** The answers no command took: a case that declares them expects commands that were not sent. */
  List<Answer> unused() {
    List<Answer> left = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (!used[i]) {
        left.add(answers.get(i));
      }
    }
    return left;
  }

  /**
   * The script as a case expects it: a write's temporary file is named after the session with a
   * random token ({@code .ploy-tmp-$owner-UUID}) and the session lookup names the controller's
   * process id; both differ at every run, so the token becomes {@code TOKEN} (only when it is a
   * random UUID, which the case thereby checks) and the id {@code CONTROLLER_PID}. A site change's
   * rollback directory ({@code .ploy-rollback-UUID}, named once and used by several commands) has
   * its token replaced too, as has the random end marker of the SQL here-document the PostgreSQL
   * modules send ({@code PLOY_SQL_hex}, which becomes {@code PLOY_SQL_END}).
   */
  private String normalised(String script) {
    Matcher token = TOKEN.matcher(script);
    while (token.find()) {
      if (!tokens.add(token.group(2))) {
        reusedTokens++;
      }
    }
    String named = ROLLBACK.matcher(script).replaceAll("$1TOKEN");
    named = SQL_END.matcher(named).replaceAll("PLOY_SQL_END");
    return TOKEN
        .matcher(named)
        .replaceAll("$1TOKEN")
        .replace(
            SESSION_LOOKUP + ProcessHandle.current().pid() + ";",
            SESSION_LOOKUP + "CONTROLLER_PID;");
  }

  private static final Pattern TOKEN =
      Pattern.compile(
          "(\\.ploy-tmp-\\$owner-)([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})(?=\")");

  private static final Pattern ROLLBACK =
      Pattern.compile(
          "(/\\.ploy-rollback-)([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})");

  private static final Pattern SQL_END = Pattern.compile("PLOY_SQL_[0-9a-f]{2,32}");

  private static final String SESSION_LOOKUP = "for ploy_want in sshd ";

  @Override
  public String host() {
    return "fake";
  }

  /** Facts are read through a cache, from the canned answers, as on a real target. */
  @Override
  public FactCache facts() {
    return facts;
  }

  @Override
  public ExecResult run(Command command) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("run", normalised(command.script()));
    String stdin =
        command.stdin() == null ? "" : new String(command.stdin(), StandardCharsets.UTF_8);
    if (!stdin.isEmpty()) {
      entry.put("stdin", SQL_END.matcher(stdin).replaceAll("PLOY_SQL_END"));
    }
    if (!command.environment().isEmpty()) {
      entry.put("environment", new java.util.TreeMap<>(command.environment()));
    }
    command.become().ifPresent(how -> entry.put("become", how.user()));
    command.timeout().ifPresent(limit -> entry.put("timeout", limit.toSeconds()));
    recorded.add(entry);
    for (int i = 0; i < answers.size(); i++) {
      Answer answer = answers.get(i);
      // a script sent on standard input (sh -s) is matched there
      if (!used[i]
          && answer
              .match()
              .map(p -> p.matcher(command.script()).find() || p.matcher(stdin).find())
              .orElse(true)) {
        used[i] = true;
        return answer.result();
      }
    }
    return new ExecResult(0, "", "");
  }

  @Override
  public Connection connection() {
    return new Connection() {
      @Override
      public String host() {
        return "fake";
      }

      @Override
      public ExecResult exec(Command command) {
        return FakeTarget.this.run(command);
      }

      @Override
      public void upload(InputStream content, long size, String remotePath, int mode)
          throws ConnectionException {
        try {
          byte[] bytes = content.readNBytes((int) size);
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("upload", remotePath);
          entry.put("mode", String.format("%04o", mode & 07777));
          entry.put("content", new String(bytes, StandardCharsets.UTF_8));
          recorded.add(entry);
        } catch (IOException e) {
          throw new ConnectionException("fake: cannot read the upload: " + e.getMessage(), e);
        }
      }

      @Override
      public void download(String remotePath, OutputStream sink) throws ConnectionException {
        byte[] content = files.get(remotePath);
        if (content == null) {
          throw new ConnectionException("fake: no such file in the case: " + remotePath);
        }
        try {
          sink.write(content);
        } catch (IOException e) {
          throw new ConnectionException("fake: " + e.getMessage(), e);
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Map<String, Object> vars() {
    return Map.of();
  }

  @Override
  public Object evaluate(String expression) throws ModuleException {
    throw new ModuleException("the fake target evaluates no expression: " + expression);
  }

  @Override
  public boolean condition(String expression) throws ModuleException {
    throw new ModuleException("the fake target evaluates no condition: " + expression);
  }

  @Override
  public Object template(Object value) {
    return value;
  }

  /**
   * A template renders as its own text: a case's templates hold the text as rendered (the template
   * engine has its own tests).
   */
  @Override
  public String renderTemplateFile(Path file, String dest, Jinja.Options options)
      throws ModuleException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModuleException("fake: cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The case's local file of that name ({@code local_files}), written to a temporary directory. */
  @Override
  public Path findLocalFile(String src, String kind) throws ModuleException {
    String content = localFiles.get(src);
    if (content == null) {
      throw new ModuleException("the case has no local file " + src + " (local_files)");
    }
    try {
      Path dir = Files.createTempDirectory("ploy-plan-case-");
      Path file = dir.resolve(Path.of(src).getFileName());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new ModuleException("fake: cannot write the local file " + src + ": " + e.getMessage());
    }
  }

  @Override
  public byte[] decryptLocalFile(Path file) throws ModuleException {
    throw new ModuleException("the fake target decrypts nothing: " + file);
  }
}
