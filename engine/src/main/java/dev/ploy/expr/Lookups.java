package dev.ploy.expr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The plugins of {@code lookup()} and {@code query()}, run on the control node as in Ansible: env,
 * file, fileglob, first_found, password, pipe, lines, vars, and the list lookups of {@link
 * ListLookups}. A relative file is searched in the role's files/, the role and its tasks/, then the
 * playbook's files/ and the playbook's directory.
 */
final class Lookups {
  static final List<String> NAMES =
      List.of(
          "env",
          "file",
          "fileglob",
          "first_found",
          "password",
          "pipe",
          "lines",
          "template",
          "vars",
          "varnames");
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Map<String, String> CHAR_SETS =
      Map.of(
          "ascii_letters", LETTERS,
          "ascii_lowercase", LETTERS.substring(0, 26),
          "ascii_uppercase", LETTERS.substring(26),
          "digits", "0123456789",
          "hexdigits", "0123456789abcdefABCDEF",
          "octdigits", "01234567",
          "punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

  /** What a lookup needs of the task: where it runs from, and its variables. */
  interface Context {
    Optional<Path> rolePath();

    Optional<Path> playbookDir();

    /**
     * The directory of a role or playbook that first_found looks in before the role or playbook's
     * own: files, or for a with_first_found loop what its task's action names, as Ansible's task
     * executor tells the lookup (templates for template, vars for include_vars).
     */
    String firstFoundDir();

    /** A variable's value, templated; an EvalError when it is undefined. */
    Object variable(String name);

    /** Whether a variable of this name is set. */
    boolean has(String name);

    /** The names of the task's variables, in order. */
    Set<String> variableNames();

    /** Renders a Jinja2 template file with the task's variables; an EvalError when it fails. */
    String render(Path template, List<Path> searchPath, Jinja.Options options);

    /**
     * A term templated again, as Ansible's listify_lookup_plugin_terms does for the terms of {@code
     * lookup()}: a string holding {@code {{ }}} renders; unsafe text never does.
     */
    Object template(Object term);
  }

  private Lookups() {}

  /** The values each term gives, in order (lines gives several per term). */
  static List<Object> run(String plugin, List<Object> terms, Args a, Context context) {
    if (ListLookups.has(plugin)) {
      return ListLookups.run(plugin, terms, a, context);
    }
    List<Object> results = new ArrayList<>();
    if (plugin.equals("first_found")) {
      Object found = firstFound(terms, a, context);
      if (!(found instanceof List<?>)) { // skip: true and nothing found gives no result
        results.add(found);
      }
      return results;
    }
    for (Object term : terms) {
      String t = Values.str(term);
      switch (plugin) {
        case "env" -> {
          String v = System.getenv(t);
          results.add(v == null ? a.get(99, "default", "") : v);
        }
        case "file" -> {
          Path file = find(t, context).orElseThrow(() -> notFound("file", t, context));
          String contents = read(file, "file");
          contents = a.bool(99, "lstrip", false) ? contents.stripLeading() : contents;
          results.add(a.bool(99, "rstrip", true) ? contents.stripTrailing() : contents);
        }
        case "fileglob" -> results.addAll(glob(t, context));
        case "password" -> results.add(password(t, a, context));
        case "pipe" -> results.add(pipe(t, context).stripTrailing());
        case "lines" -> results.addAll(pipe(t, context).lines().toList());
        case "vars" -> results.add(variable(term, a, context));
        case "varnames" -> results.addAll(varnames(term, context));
        case "template" -> {
          Path file =
              findIn(t, context, "templates").orElseThrow(() -> notFound("template", t, context));
          List<Path> dirs = new ArrayList<>();
          dirs.add(file.getParent());
          dirs.addAll(searchPath(context, "templates"));
          String text = context.render(file, dirs, templateOptions(a));
          // convert_data: text that reads as a list, a dict or a boolean is that value, as Ansible
          results.add(a.bool(99, "convert_data", true) ? PyLiteral.convert(text) : text);
        }
        default ->
            throw new EvalError(
                "lookup plugin '"
                    + plugin
                    + "' is not supported ("
                    + String.join(", ", NAMES)
                    + ", "
                    + String.join(", ", ListLookups.NAMES)
                    + ")");
      }
    }
    return results;
  }

  /** The names of the variables the regular expression {@code term} finds (Python's re.search). */
  private static List<String> varnames(Object term, Context context) {
    if (!(Unsafe.strip(term) instanceof String pattern)) {
      throw new EvalError(
          "Invalid setting identifier, \""
              + Values.str(term)
              + "\" is not a string, it is a "
              + Values.typeName(term));
    }
    PyPattern regex;
    try {
      regex = PyPattern.compile(pattern, 0, true, "regular expression");
    } catch (IllegalArgumentException e) {
      throw new EvalError(
          "Unable to use \"" + pattern + "\" as a search parameter: " + e.getMessage());
    }
    return context.variableNames().stream().filter(regex::search).toList();
  }

  /** The template lookup's variable_ and comment_ start and end strings, as Ansible's. */
  private static Jinja.Options templateOptions(Args a) {
    Jinja.Delimiters jinja = Jinja.Delimiters.JINJA;
    try {
      Jinja.Delimiters delimiters =
          new Jinja.Delimiters(
              jinja.blockStart(),
              jinja.blockEnd(),
              a.string(99, "variable_start_string", jinja.variableStart()),
              a.string(99, "variable_end_string", jinja.variableEnd()),
              a.string(99, "comment_start_string", jinja.commentStart()),
              a.string(99, "comment_end_string", jinja.commentEnd()));
      Jinja.Options ansible = Jinja.Options.ANSIBLE;
      return new Jinja.Options(
          ansible.trimBlocks(), ansible.lstripBlocks(), ansible.newlineSequence(), delimiters);
    } catch (IllegalArgumentException e) {
      throw new EvalError("lookup('template'): " + e.getMessage());
    }
  }

  /** The places a relative path is searched, in order. */
  private static List<Path> searchPath(Context context, String kind) {
    List<Path> places = new ArrayList<>();
    // a role's tasks/ too, where Ansible looks beside the task file (first_found of task files)
    context
        .rolePath()
        .ifPresent(role -> places.addAll(List.of(role.resolve(kind), role, role.resolve("tasks"))));
    context.playbookDir().ifPresent(dir -> places.addAll(List.of(dir.resolve(kind), dir)));
    if (places.isEmpty()) {
      places.add(Path.of("").toAbsolutePath());
    }
    return places;
  }

  /** A path as written, with a leading ~/ meaning the home directory (as Ansible reads it). */
  private static Path path(String name) {
    return Path.of(
        name.equals("~") || name.startsWith("~/")
            ? System.getProperty("user.home") + name.substring(1)
            : name);
  }

  private static Optional<Path> find(String name, Context context) {
    return findIn(name, context, "files");
  }

  private static Optional<Path> findIn(String name, Context context, String kind) {
    Path path = path(name);
    if (path.isAbsolute()) {
      return Files.exists(path) ? Optional.of(path) : Optional.empty();
    }
    return searchPath(context, kind).stream()
        .map(dir -> dir.resolve(path))
        .filter(Files::exists)
        .findFirst();
  }

  private static EvalError notFound(String plugin, String name, Context context) {
    Path path = path(name);
    List<String> places =
        path.isAbsolute()
            ? List.of(name)
            : searchPath(context, plugin.equals("template") ? "templates" : "files").stream()
                .map(d -> d.resolve(name).toString())
                .toList();
    return new EvalError(
        "lookup('" + plugin + "'): " + name + " not found; looked in " + String.join(", ", places));
  }

  private static String read(Path file, String plugin) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvalError(
          "lookup('" + plugin + "'): could not read " + file + ": " + e.getMessage());
    }
  }

  private static List<String> glob(String pattern, Context context) {
    Path path = path(pattern);
    List<Path> dirs = new ArrayList<>();
    if (path.isAbsolute()) {
      dirs.add(path.getParent());
    } else {
      Path parent = path.getParent();
      for (Path place : searchPath(context, "files")) {
        dirs.add(parent == null ? place : place.resolve(parent));
      }
    }
    for (Path dir : dirs) {
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      List<String> found = new ArrayList<>();
      try (DirectoryStream<Path> stream =
          Files.newDirectoryStream(dir, path.getFileName().toString())) {
        for (Path match : stream) {
          if (Files.isRegularFile(match)) {
            found.add(match.toString());
          }
        }
      } catch (IOException e) {
        throw new EvalError("lookup('fileglob'): " + e.getMessage());
      }
      if (!found.isEmpty()) {
        Collections.sort(found);
        return found;
      }
    }
    return List.of();
  }

  /** vars: a variable's value by name; default= when it is not there; Ansible's messages. */
  private static Object variable(Object term, Args a, Context context) {
    Object name = Unsafe.strip(term);
    if (!(name instanceof String text)) {
      throw new EvalError(
          "Invalid setting identifier, \""
              + Values.str(name)
              + "\" is not a string, its a "
              + Values.typeName(name));
    }
    try {
      return context.variable(text);
    } catch (EvalError e) {
      Object fallback = a.get(99, "default", null);
      if (fallback != null && !context.has(text)) {
        return fallback;
      }
      throw e;
    }
  }

  /**
   * first_found: the first file that exists among the terms (names, lists of names, or mappings
   * with files: and paths:); skip=True gives an empty list instead of an error.
   */
  private static Object firstFound(List<Object> terms, Args a, Context context) {
    List<String> candidates = new ArrayList<>();
    boolean skip = a.bool(99, "skip", false);
    List<Object> flat = new ArrayList<>();
    for (Object term : terms) {
      if (term instanceof List<?> list) {
        flat.addAll(list);
      } else {
        flat.add(term);
      }
    }
    if (a.get(99, "files", null) != null) {
      flat.add(Map.of("files", a.get(99, "files", null), "paths", a.get(99, "paths", List.of())));
    }
    for (Object term : flat) {
      if (term instanceof Map<?, ?> spec) {
        List<String> files = names(spec.get("files"), "[,;]");
        List<String> paths = names(spec.get("paths"), "[,:;]");
        skip = skip || PyValues.truthy(spec.get("skip"));
        for (String file : files) {
          if (paths.isEmpty()) {
            candidates.add(file);
          } else {
            paths.forEach(p -> candidates.add(Path.of(p).resolve(file).toString()));
          }
        }
      } else {
        candidates.add(Values.str(term));
      }
    }
    for (String candidate : candidates) {
      Optional<Path> found = findIn(candidate, context, context.firstFoundDir());
      if (found.isPresent() && Files.isRegularFile(found.get())) {
        return found.get().toString();
      }
    }
    if (skip) {
      return List.of();
    }
    throw new EvalError(
        "lookup('first_found'): none of these files exists: " + String.join(", ", candidates));
  }

  /** A list given as a list, or as text split on commas, semicolons and spaces. */
  /**
   * first_found's files or paths: as Ansible splits them, each name (also in a list) on these
   * separators (files on ',' and ';', paths also on ':'); spaces belong to the name.
   */
  private static List<String> names(Object value, String separators) {
    if (value == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Object one : value instanceof List<?> list ? list : List.of(value)) {
      for (String name : Values.str(one).split(separators)) {
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /**
   * password: the password stored in the file, or a new random one written there first (mode 0600,
   * directories 0700); {@code /dev/null} stores nothing. Options: length (20), chars (names of
   * character sets such as ascii_letters, digits, punctuation, or literal characters; ',,' is a
   * comma), seed (the same seed gives the same password).
   */
  private static String password(String term, Args a, Context context) {
    String[] words = term.strip().split("\\s+");
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq < 0) {
        throw new EvalError("lookup('password'): cannot read '" + words[i] + "' (key=value)");
      }
      options.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    for (String key : List.of("length", "chars", "seed", "encrypt")) {
      Object value = a.get(99, key, null);
      if (value != null) {
        options.put(
            key,
            value instanceof List<?> l
                ? String.join(",", l.stream().map(Values::str).toList())
                : Values.str(value));
      }
    }
    for (String key : options.keySet()) {
      if (!List.of("length", "chars", "seed", "encrypt").contains(key)) {
        throw new EvalError(
            "lookup('password'): unknown option '" + key + "' (length, chars, seed)");
      }
    }
    String encrypt = options.getOrDefault("encrypt", "");
    int bits = encrypt.isEmpty() ? 0 : ShaCrypt.bits(encrypt);
    if (bits < 0) {
      throw new EvalError(
          "lookup('password'): encrypt="
              + encrypt
              + " is not supported; ploy hashes sha512_crypt and sha256_crypt");
    }
    int length;
    try {
      length = Integer.parseInt(options.getOrDefault("length", "20"));
    } catch (NumberFormatException e) {
      throw new EvalError("lookup('password'): length must be a number");
    }
    String chars = alphabet(options.getOrDefault("chars", "ascii_letters,digits,.,,:-_"));
    Random random =
        options.containsKey("seed")
            ? new Random(options.get("seed").hashCode())
            : new SecureRandom();
    if (words[0].equals("/dev/null")) {
      String plain = generate(random, chars, length);
      return bits == 0
          ? plain
          : ShaCrypt.hash(plain, ShaCrypt.randomSalt(), ShaCrypt.defaultRounds(bits), bits);
    }
    Path file = path(words[0]);
    if (!file.isAbsolute()) {
      file = context.playbookDir().orElse(Path.of("").toAbsolutePath()).resolve(file);
    }
    if (!Files.isRegularFile(file)) {
      String salt = bits == 0 ? "" : " salt=" + ShaCrypt.randomSalt();
      store(file, generate(random, chars, length) + salt);
    }
    Stored stored = stored(file);
    if (bits == 0) {
      return stored.password();
    }
    if (stored.salt() == null) {
      // a password stored without a salt gets one, kept in its file as Ansible keeps it
      replace(file, stored.password() + " salt=" + ShaCrypt.randomSalt());
      stored = stored(file);
    }
    return ShaCrypt.hash(stored.password(), stored.salt(), ShaCrypt.defaultRounds(bits), bits);
  }

  /** Stores a new password file (mode 0600); another host's, stored first, wins. */
  private static void store(Path file, String content) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path temp =
          Files.createTempFile(
              dir,
              ".password-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, content + "\n");
        // A hard link fails when another host's lookup stored the file first: its password wins.
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException e) {
        // stored by another host meanwhile
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new EvalError("lookup('password'): cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Replaces a password file's content at once (renamed over it). */
  private static void replace(Path file, String content) {
    try {
      Path temp =
          Files.createTempFile(
              file.toAbsolutePath().getParent(),
              ".password-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, content + "\n");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new EvalError("lookup('password'): cannot write " + file + ": " + e.getMessage());
    }
  }

  /** A stored password and its salt (null when the file has none). */
  private record Stored(String password, String salt) {}

  /** A stored file's first line: the password, then Ansible's " salt=..." when there is one. */
  private static Stored stored(Path file) {
    String content = read(file, "password").lines().findFirst().orElse("");
    int salt = content.indexOf(" salt=");
    return salt < 0
        ? new Stored(content, null)
        : new Stored(content.substring(0, salt), content.substring(salt + " salt=".length()));
  }

  private static String alphabet(String spec) {
    StringBuilder chars = new StringBuilder();
    // ',,' stands for a literal comma
    for (String part : spec.replace(",,", ",\u0000").split(",")) {
      String name = part.replace("\u0000", ",");
      if (name.isEmpty()) {
        continue;
      }
      chars.append(CHAR_SETS.getOrDefault(name, name));
    }
    if (chars.isEmpty()) {
      throw new EvalError("lookup('password'): chars gives no characters");
    }
    return chars.toString();
  }

  private static String generate(Random random, String chars, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(chars.charAt(random.nextInt(chars.length())));
    }
    return out.toString();
  }

  /** pipe and lines: a command run by /bin/sh on the control node, in the playbook's directory. */
  private static String pipe(String command, Context context) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder("/bin/sh", "-c", command)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      context.playbookDir().ifPresent(dir -> builder.directory(dir.toFile()));
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new EvalError("lookup('pipe'): '" + command + "' did not finish in 10 minutes");
      }
      if (process.exitValue() != 0) {
        throw new EvalError("lookup('pipe'): '" + command + "' exited with " + process.exitValue());
      }
      return out;
    } catch (IOException e) {
      throw new EvalError("lookup('pipe'): cannot run '" + command + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EvalError("lookup('pipe'): interrupted");
    }
  }
}
