package dev.ploy.expr;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Jinja2 templates as ansible-core 2.14 renders them: trim_blocks on, lstrip_blocks off, the
 * template's trailing newlines kept, and the {@code #jinja2:} first line that overrides those.
 * Expressions inside are ploy's one expression language, with its filters, tests, lookups and
 * undefined rules.
 */
public final class Jinja {
  private static final String OVERRIDES = "#jinja2:";
  private static final Memo<JinjaTemplate> CACHE = new Memo<>(256);

  private Jinja() {}

  /** Reads the templates that include, import and extends name; empty when there is none. */
  public interface Loader {
    Optional<String> read(String name) throws IOException;
  }

  /** A loader that finds nothing: for templates that include no others. */
  public static final Loader NO_TEMPLATES = name -> Optional.empty();

  /**
   * The template module's settings of the environment: trim_blocks, lstrip_blocks and
   * newline_sequence (the line end of the template's own text: \n, \r or \r\n). A template's {@code
   * #jinja2:} first line overrides the first two, as in Ansible.
   */
  public record Options(
      boolean trimBlocks, boolean lstripBlocks, String newlineSequence, Delimiters delimiters) {
    public static final Options ANSIBLE = new Options(true, false, "\n", Delimiters.JINJA);

    public Options {
      if (!List.of("\n", "\r", "\r\n").contains(newlineSequence)) {
        throw new IllegalArgumentException("newline_sequence must be \\n, \\r or \\r\\n");
      }
    }
  }

  /**
   * The strings that open and close blocks, expressions and comments: the template module's
   * block_start_string, block_end_string, variable_start_string... None may be empty.
   */
  public record Delimiters(
      String blockStart,
      String blockEnd,
      String variableStart,
      String variableEnd,
      String commentStart,
      String commentEnd) {
    public static final Delimiters JINJA = new Delimiters("{%", "%}", "{{", "}}", "{#", "#}");

    public Delimiters {
      if (Stream.of(blockStart, blockEnd, variableStart, variableEnd, commentStart, commentEnd)
          .anyMatch(s -> s == null || s.isEmpty())) {
        throw new IllegalArgumentException("a Jinja delimiter cannot be empty");
      }
    }
  }

  /** Renders {@code source}, named {@code name} in messages, against the templar's variables. */
  public static String render(String source, String name, Templar templar, Loader loader)
      throws ExprException {
    return render(source, name, templar, loader, Options.ANSIBLE);
  }

  /** Renders {@code source} as {@link #render(String, String, Templar, Loader)}, with options. */
  public static String render(
      String source, String name, Templar templar, Loader loader, Options options)
      throws ExprException {
    Parsed parsed = parseTop(source, name, options);
    JinjaRenderer renderer =
        new JinjaRenderer(templar, included -> load(included, loader, parsed.settings()));
    String result = renderer.render(parsed.template(), new Frame(null));
    int wanted = trailingNewlines(source);
    int have = trailingNewlines(result);
    if (wanted > have) {
      result = result + parsed.settings().newline().repeat(wanted - have);
    }
    return result;
  }

  /**
   * Checks a string of a task or variable before running: its syntax (statements too) and the
   * filters and tests it names ({@link UnknownNameError}).
   */
  public static void checkText(String text) throws ExprException {
    if (!TextTemplate.isTemplated(text)) {
      return;
    }
    if (!TextTemplate.hasStatements(text)) {
      TemplateCheck.text(TextTemplate.parse(text));
      return;
    }
    try {
      TemplateCheck.names(parse(text, "template string", JinjaLexer.Settings.ANSIBLE));
    } catch (UnknownNameError e) {
      throw e;
    } catch (TemplateError e) {
      throw new ExprException(e.reason(), text);
    }
  }

  /**
   * The files a string of a task or variable (a bare expression when {@code condition}) names
   * literally in {@code lookup('template', ...)}; none when it does not parse, which {@link
   * #checkText} reports.
   */
  public static List<String> templateLookups(String text, boolean condition) {
    List<String> names = new ArrayList<>();
    try {
      if (condition && !TextTemplate.isTemplated(text)) {
        TemplateCheck.templateLookups(Parser.parse(text.strip()), names);
      } else if (!TextTemplate.isTemplated(text)) {
        return names;
      } else if (!TextTemplate.hasStatements(text)) {
        for (TextTemplate.Part part : TextTemplate.parse(text).parts()) {
          TemplateCheck.templateLookups(part.node(), names);
        }
      } else {
        names.addAll(
            TemplateCheck.templateLookups(
                parse(text, "template string", JinjaLexer.Settings.ANSIBLE).body()));
      }
    } catch (ExprException e) {
      return List.of();
    }
    return names;
  }

  /** The names of the filters ploy has. */
  public static java.util.Set<String> filterNames() {
    return Filters.names();
  }

  /** The names of the tests ploy has. */
  public static java.util.Set<String> testNames() {
    return Tests.names();
  }

  /** Checks a bare expression ({@code when:}) as {@link #checkText} checks a string. */
  public static void checkExpression(String expression) throws ExprException {
    if (TextTemplate.isTemplated(expression)) {
      checkText(expression);
    } else {
      TemplateCheck.expression(Parser.parse(expression.trim()));
    }
  }

  /**
   * What a string of a task or variable rendered to, whether it read something unsafe, and whether
   * it wrote only the text of one expression ending in a string filter, which stays text.
   */
  record Rendered(String text, boolean readUnsafe, boolean loneText) {}

  /**
   * Renders a string that holds statements ({@code {% %}}) or comments, as Ansible's templar
   * renders every string: the same settings as a template file, its trailing newlines kept, no
   * templates to include. {@code chain} holds the variables being resolved, for cycles.
   */
  static Rendered renderText(String source, Templar templar, List<String> chain)
      throws ExprException {
    JinjaTemplate template;
    try {
      template = parse(source, "template string", JinjaLexer.Settings.ANSIBLE);
    } catch (TemplateError e) {
      throw new ExprException(e.reason(), source);
    }
    JinjaRenderer renderer =
        new JinjaRenderer(
            templar,
            name -> {
              throw new TemplateNotFound(name);
            },
            chain,
            true);
    String result;
    try {
      result = renderer.render(template, new Frame(null));
    } catch (TemplateError e) {
      throw new ExprException(e.reason(), source);
    }
    int wanted = trailingNewlines(source);
    int have = trailingNewlines(result);
    if (wanted > have) {
      result = result + "\n".repeat(wanted - have);
    }
    return new Rendered(result, renderer.readUnsafe(), renderer.loneText());
  }

  /** Finds the file of a template that another includes, imports or extends; empty if none. */
  public interface Finder {
    Optional<Path> find(String name);
  }

  /**
   * Parses a template file without rendering it, so that errors show before any host is contacted:
   * the syntax, unclosed tags, and filters or tests that do not exist ({@link UnknownNameError}),
   * each at its file's line and column. The templates it includes, imports or extends by a literal
   * name that {@code finder} finds are checked too, read with the same settings as when it renders;
   * one named by an expression, or not found, is left to the render.
   */
  public static List<TemplateError> check(
      String source, Path file, Options options, Finder finder) {
    List<TemplateError> problems = new ArrayList<>();
    // the #jinja2: line is not part of what Jinja numbers
    int offset = source.startsWith(OVERRIDES) && source.indexOf('\n') >= 0 ? 1 : 0;
    Parsed parsed;
    try {
      parsed = parseTop(source, file.toString(), options);
    } catch (ExprException e) {
      problems.add(placed(e, file, source, offset));
      return problems;
    }
    Set<Path> seen = new HashSet<>();
    seen.add(file.toAbsolutePath().normalize());
    checkTree(parsed.template(), source, offset, file, parsed.settings(), finder, seen, problems);
    return problems;
  }

  private static void checkTree(
      JinjaTemplate template,
      String source,
      int offset,
      Path file,
      JinjaLexer.Settings settings,
      Finder finder,
      Set<Path> seen,
      List<TemplateError> problems) {
    try {
      TemplateCheck.names(template);
    } catch (ExprException e) {
      problems.add(placed(e, file, source, offset));
    }
    for (String name : TemplateCheck.literalTemplates(template.body())) {
      Optional<Path> found = finder.find(name);
      if (found.isEmpty() || !seen.add(found.get().toAbsolutePath().normalize())) {
        continue;
      }
      Path other = found.get();
      String text;
      try {
        text = Files.readString(other, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue;
      }
      try {
        JinjaTemplate included = parse(text, other.toString(), settings);
        checkTree(included, text, 0, other, settings, finder, seen, problems);
      } catch (ExprException e) {
        problems.add(placed(e, other, text, 0));
      }
    }
  }

  /**
   * The problem at its place in the file: the line counted from the file's first line, and for an
   * unknown filter or test the line and column where its name is written.
   */
  private static TemplateError placed(ExprException e, Path file, String source, int offset) {
    if (e instanceof UnknownNameError u) {
      String name = Pattern.quote(u.unknown());
      Pattern written =
          Pattern.compile(
              u.kind().equals("filter")
                  ? "(?:\\|\\s*|\\bfilter\\s+)(?:[A-Za-z_]\\w*\\.)*(" + name + ")\\b"
                  : "\\bis\\s+(?:not\\s+)?(?:[A-Za-z_]\\w*\\.)*(" + name + ")\\b");
      String[] lines = source.split("\n", -1);
      for (int k = Math.max(u.line() - 1 + offset, 0); k < lines.length; k++) {
        Matcher m = written.matcher(lines[k]);
        if (m.find()) {
          return new UnknownNameError(
              file.toString(), k + 1, m.start(1) + 1, u.kind(), u.unknown());
        }
      }
      return new UnknownNameError(
          file.toString(), u.line() > 0 ? u.line() + offset : 0, 0, u.kind(), u.unknown());
    }
    if (e instanceof TemplateError t) {
      return new TemplateError(
          file.toString(), t.line() > 0 ? t.line() + offset : 0, t.column(), t.reason());
    }
    return new TemplateError(file.toString(), 0, 0, e.getMessage());
  }

  /**
   * The variables Ansible's template module and template lookup add for a template file:
   * template_host, template_path, template_fullpath, template_uid, template_mtime and
   * template_run_date (datetimes), template_destpath ({@code dest} as the task gives it, none for a
   * lookup) and ansible_managed.
   */
  public static Map<String, Object> templateVars(Path file, String dest) {
    Map<String, Object> vars = new LinkedHashMap<>();
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    String uid;
    try {
      uid = Files.getOwner(file).getName();
    } catch (IOException | UnsupportedOperationException e) {
      uid = "";
    }
    vars.put("template_host", host);
    vars.put("template_path", file.toString());
    vars.put("template_fullpath", file.toAbsolutePath().toString());
    vars.put("template_uid", uid);
    try {
      Instant mtime = Files.getLastModifiedTime(file).toInstant();
      vars.put("template_mtime", datetime(LocalDateTime.ofInstant(mtime, ZoneId.systemDefault())));
    } catch (IOException e) {
      vars.put("template_mtime", null);
    }
    vars.put("template_run_date", datetime(LocalDateTime.now()));
    vars.put("template_destpath", dest);
    vars.put("ansible_managed", "Ansible managed");
    return vars;
  }

  /** A Python datetime, to the microsecond. */
  private static PyDateTime datetime(LocalDateTime time) {
    return new PyDateTime(time.truncatedTo(ChronoUnit.MICROS));
  }

  /** A loader reading templates from the first of {@code dirs} that holds the name. */
  public static Loader searching(List<Path> dirs) {
    return name -> {
      for (Path dir : dirs) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return Optional.of(Files.readString(candidate, StandardCharsets.UTF_8));
        }
      }
      return Optional.empty();
    };
  }

  /** A parsed template and the settings it was read with, which its includes are read with. */
  private record Parsed(JinjaTemplate template, JinjaLexer.Settings settings) {}

  private static Parsed parseTop(String source, String name, Options options) throws ExprException {
    JinjaLexer.Settings settings =
        new JinjaLexer.Settings(
            options.trimBlocks(),
            options.lstripBlocks(),
            false,
            options.newlineSequence(),
            options.delimiters(),
            null,
            null);
    String data = source;
    if (data.startsWith(OVERRIDES)) {
      // as Ansible slices it: without a line end, the line loses its last character and the
      // template keeps the line
      int eol = data.indexOf('\n');
      String line =
          data.substring(
              OVERRIDES.length(), Math.max(OVERRIDES.length(), eol < 0 ? data.length() - 1 : eol));
      data = data.substring(eol + 1);
      settings = overrides(line, settings, name);
    }
    return new Parsed(parse(data, name, settings), settings);
  }

  static JinjaTemplate parse(String source, String name, JinjaLexer.Settings settings)
      throws ExprException {
    String key = settings + "\0" + name + "\0" + source;
    JinjaTemplate cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    JinjaTemplate template =
        JinjaTemplate.of(name, JinjaParser.parse(JinjaLexer.split(source, name, settings), name));
    CACHE.put(key, template);
    return template;
  }

  private static JinjaTemplate load(String name, Loader loader, JinjaLexer.Settings settings)
      throws ExprException {
    Optional<String> text;
    try {
      text = loader.read(name);
    } catch (IOException e) {
      throw new TemplateError(name, 0, 0, "cannot read the template: " + e.getMessage());
    }
    if (text.isEmpty()) {
      throw new TemplateNotFound(name);
    }
    return parse(text.get(), name, settings);
  }

  /** A template named by include, import or extends that the loader does not find. */
  static final class TemplateNotFound extends TemplateError {
    TemplateNotFound(String name) {
      super(name, 0, 0, "template not found");
    }
  }

  /**
   * Applies a {@code #jinja2:} first line as Ansible's templar does: comma-separated {@code key:
   * value} pairs, each value a Python literal ({@code ast.literal_eval}) set on the environment
   * under that exact name. The delimiters, line_statement_prefix, line_comment_prefix, trim_blocks,
   * lstrip_blocks, keep_trailing_newline and newline_sequence change how the template (and what it
   * includes) is read; a name the environment does not read changes nothing, as in Ansible; one
   * ploy cannot honour (autoescape...) is refused.
   */
  private static JinjaLexer.Settings overrides(
      String line, JinjaLexer.Settings settings, String name) throws ExprException {
    boolean trim = settings.trimBlocks();
    boolean lstrip = settings.lstripBlocks();
    boolean keep = settings.keepTrailingNewline();
    String newline = settings.newline();
    Delimiters d = settings.delimiters();
    String blockStart = d.blockStart();
    String blockEnd = d.blockEnd();
    String variableStart = d.variableStart();
    String variableEnd = d.variableEnd();
    String commentStart = d.commentStart();
    String commentEnd = d.commentEnd();
    String statementPrefix = settings.lineStatementPrefix();
    String commentPrefix = settings.lineCommentPrefix();
    for (String pair : line.split(",", -1)) {
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw new TemplateError(
            name,
            1,
            0,
            "failed to parse jinja2 override '"
                + pair.strip()
                + "': write key: value pairs, such as #jinja2: trim_blocks: False");
      }
      String key = pair.substring(0, colon).strip();
      Object value = PyLiteral.eval(pair.substring(colon + 1).strip(), name);
      switch (key) {
        case "trim_blocks" -> trim = PyValues.truthy(value);
        case "lstrip_blocks" -> lstrip = PyValues.truthy(value);
        case "keep_trailing_newline" -> keep = PyValues.truthy(value);
        case "newline_sequence" -> {
          newline = overrideText(key, value, name);
          if (!List.of("\n", "\r", "\r\n").contains(newline)) {
            throw new TemplateError(
                name,
                1,
                0,
                "the jinja2 override newline_sequence must be '\\n', '\\r' or '\\r\\n'");
          }
        }
        case "block_start_string" -> blockStart = overrideText(key, value, name);
        case "block_end_string" -> blockEnd = overrideText(key, value, name);
        case "variable_start_string" -> variableStart = overrideText(key, value, name);
        case "variable_end_string" -> variableEnd = overrideText(key, value, name);
        case "comment_start_string" -> commentStart = overrideText(key, value, name);
        case "comment_end_string" -> commentEnd = overrideText(key, value, name);
        case "line_statement_prefix" ->
            statementPrefix = value == null ? null : overrideText(key, value, name);
        case "line_comment_prefix" ->
            commentPrefix = value == null ? null : overrideText(key, value, name);
        case "autoescape",
            "finalize",
            "undefined",
            "optimized",
            "extensions",
            "policies",
            "filters",
            "tests",
            "globals",
            "enable_async",
            "is_async" -> {
          if (PyValues.truthy(value)) {
            throw new TemplateError(
                name, 1, 0, "the jinja2 override '" + key + "' is not supported by ploy");
          }
        }
        default -> {
          // Ansible sets it on the environment, which never reads it
        }
      }
    }
    return new JinjaLexer.Settings(
        trim,
        lstrip,
        keep,
        newline,
        new Delimiters(blockStart, blockEnd, variableStart, variableEnd, commentStart, commentEnd),
        statementPrefix,
        commentPrefix);
  }

  private static String overrideText(String key, Object value, String name) throws TemplateError {
    if (!(value instanceof String text) || text.isEmpty()) {
      throw new TemplateError(
          name,
          1,
          0,
          "the jinja2 override " + key + " takes a quoted string, such as " + key + ": '[%'");
    }
    return text;
  }

  private static int trailingNewlines(String s) {
    int n = 0;
    for (int k = s.length() - 1; k >= 0 && s.charAt(k) == '\n'; k--) {
      n++;
    }
    return n;
  }
}
