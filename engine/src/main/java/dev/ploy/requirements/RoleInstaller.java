package dev.ploy.requirements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs roles from git repositories into a roles directory, as {@code ansible-galaxy install -r}
 * does: each role is cloned beside its final place, checked out at the version asked, stripped of
 * its .git directory, marked with {@code meta/.galaxy_install_info}, and only then renamed into
 * place, so a failed clone never leaves a half-written role. A role already installed at the same
 * version is left alone; another version is replaced only with {@code force}.
 */
public final class RoleInstaller {
  /** What happened to one role. */
  public enum Outcome {
    INSTALLED,
    REPLACED,
    ALREADY_INSTALLED,
    KEPT_OTHER_VERSION,
    /** A dependency given by name only that no requirement and no installed role provides. */
    MISSING_DEPENDENCY,
    FAILED
  }

  /** One role's outcome, with a line for the user (role is null for a missing dependency). */
  public record Result(Requirement role, Outcome outcome, String message) {}

  static final String INFO_FILE = "meta/.galaxy_install_info";
  private static final long GIT_MINUTES = 10;

  private final Path rolesDir;
  private final boolean force;
  private final boolean dependencies;

  public RoleInstaller(Path rolesDir, boolean force) {
    this(rolesDir, force, true);
  }

  /**
   * An installer into {@code rolesDir}; with {@code dependencies}, the roles each installed role
   * requires are installed after it (as ansible-galaxy does unless --no-deps).
   */
  public RoleInstaller(Path rolesDir, boolean force, boolean dependencies) {
    // absolute: git runs in other directories than this process
    this.rolesDir = rolesDir.toAbsolutePath().normalize();
    this.force = force;
    this.dependencies = dependencies;
  }

  /**
   * Installs each role in turn, then what they depend on, each role name once (the first
   * requirement of a name wins); a failure of one is reported and the others still go on.
   */
  public List<Result> install(List<Requirement> roles) {
    List<Result> results = new ArrayList<>();
    Deque<Requirement> queue = new ArrayDeque<>(roles);
    Set<String> seen = new HashSet<>();
    Map<String, String> wantedBy = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      Requirement role = queue.removeFirst();
      if (!seen.add(role.name())) {
        continue;
      }
      Result result;
      try {
        result = installOne(role);
      } catch (RequirementsException | IOException | UncheckedIOException e) {
        result = new Result(role, Outcome.FAILED, role.name() + ": " + e.getMessage());
      }
      results.add(result);
      if (!dependencies || result.outcome() == Outcome.FAILED) {
        continue;
      }
      try {
        RequirementsFile.Dependencies needs =
            RequirementsFile.dependencies(rolesDir.resolve(role.name()));
        queue.addAll(needs.roles());
        needs.byName().forEach(name -> wantedBy.putIfAbsent(name, role.name()));
      } catch (RequirementsException e) {
        results.add(
            new Result(
                role,
                Outcome.FAILED,
                role.name() + ": its dependencies cannot be read: " + e.getMessage()));
      }
    }
    wantedBy.forEach(
        (name, by) -> {
          if (!seen.contains(name) && !Files.isDirectory(rolesDir.resolve(name))) {
            results.add(
                new Result(
                    null,
                    Outcome.MISSING_DEPENDENCY,
                    by
                        + " depends on role '"
                        + name
                        + "', which is not in "
                        + rolesDir
                        + "; Galaxy names are not looked up: add its git repository to the"
                        + " requirements file"));
          }
        });
    return results;
  }

  private Result installOne(Requirement role) throws RequirementsException, IOException {
    Path dest = rolesDir.resolve(role.name());
    Optional<Map<String, String>> installed = readInfo(dest);
    if (Files.exists(dest) && !force) {
      if (installed.isEmpty()) {
        throw new RequirementsException(
            dest
                + " exists and was not installed from a requirements file; move it away, or use"
                + " --force to replace it");
      }
      String version = installed.get().getOrDefault("version", "");
      String wanted = role.version().orElse("");
      if (version.equals(wanted) && role.repository().equals(installed.get().get("src"))) {
        return new Result(
            role,
            Outcome.ALREADY_INSTALLED,
            role.name() + " (" + role.versionLabel() + ") is already installed, skipping");
      }
      return new Result(
          role,
          Outcome.KEPT_OTHER_VERSION,
          role.name()
              + " is installed from "
              + installed.get().getOrDefault("src", "?")
              + " at "
              + (version.isEmpty() ? "its default branch" : version)
              + "; the requirements ask for "
              + role.repository()
              + " at "
              + role.versionLabel()
              + ": use --force to change it");
    }
    Files.createDirectories(rolesDir);
    Path staging = Files.createTempDirectory(rolesDir, "." + role.name() + ".ploy-");
    try {
      Path checkout = staging.resolve("role");
      git(rolesDir, "clone", "--quiet", "--no-checkout", "--", source(role), checkout.toString());
      String commit = resolve(checkout, role);
      git(checkout, "checkout", "--quiet", "--detach", commit);
      deleteTree(checkout.resolve(".git"));
      writeInfo(checkout, role, commit);
      boolean replacing = Files.exists(dest);
      if (replacing) {
        Path old = staging.resolve("old");
        Files.move(dest, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(checkout, dest, StandardCopyOption.ATOMIC_MOVE);
      return new Result(
          role,
          replacing ? Outcome.REPLACED : Outcome.INSTALLED,
          role.name()
              + " ("
              + role.versionLabel()
              + ", commit "
              + commit.substring(0, Math.min(12, commit.length()))
              + ") was installed in "
              + dest);
    } finally {
      deleteTree(staging);
    }
  }

  /** The repository as git takes it: a local path made absolute (git runs in the roles dir). */
  private static String source(Requirement role) {
    String src = role.repository();
    if (src.startsWith("~/")) {
      return System.getProperty("user.home") + src.substring(1);
    }
    if (src.startsWith("./") || src.startsWith("../")) {
      return Path.of(src).toAbsolutePath().normalize().toString();
    }
    return src;
  }

  /** The commit a tag, commit, or branch (local or the clone's origin/...) names. */
  private static String resolve(Path checkout, Requirement role)
      throws RequirementsException, IOException {
    String version = role.version().orElse("HEAD");
    for (String candidate : List.of(version, "refs/remotes/origin/" + version)) {
      try {
        return git(checkout, "rev-parse", "--verify", "--quiet", candidate + "^{commit}").strip();
      } catch (RequirementsException notThisOne) {
        // try the next way of naming it
      }
    }
    throw new RequirementsException(
        "no branch, tag or commit '" + version + "' in " + role.repository());
  }

  /** The install record of a role directory, empty when there is none. */
  static Optional<Map<String, String>> readInfo(Path roleDir) throws IOException {
    Path info = roleDir.resolve(INFO_FILE);
    if (!Files.isRegularFile(info)) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(info, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        values.put(line.substring(0, colon).strip(), unquote(line.substring(colon + 1).strip()));
      }
    }
    return Optional.of(values);
  }

  /** ansible-galaxy's record (install_date, version) plus where the role came from. */
  private static void writeInfo(Path roleDir, Requirement role, String commit) throws IOException {
    Files.createDirectories(roleDir.resolve("meta"));
    String date =
        OffsetDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", java.util.Locale.ROOT));
    String text =
        "install_date: '"
            + date
            + "'\nversion: "
            + quote(role.version().orElse(""))
            + "\nsrc: "
            + quote(role.repository())
            + "\ncommit: "
            + commit
            + "\n";
    Files.writeString(roleDir.resolve(INFO_FILE), text, StandardCharsets.UTF_8);
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
      return value.substring(1, value.length() - 1).replace("''", "'");
    }
    return value;
  }

  /**
   * Runs git with these arguments (no shell: nothing in them is interpreted) and returns its
   * output; never asks for a password on the terminal.
   */
  private static String git(Path dir, String... args) throws RequirementsException, IOException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new RequirementsException(
          "git is needed to install roles and was not found: " + e.getMessage());
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(GIT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new RequirementsException(
            "git " + args[0] + " took more than " + GIT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new RequirementsException("interrupted");
    }
    if (process.exitValue() != 0) {
      throw new RequirementsException(failure(args, output));
    }
    return output;
  }

  private static String failure(String[] args, String output) {
    String said = output.strip().isEmpty() ? "" : ": " + output.strip().replace('\n', ' ');
    return switch (args[0]) {
      case "clone" -> "cannot clone " + args[args.length - 2] + said;
      default -> "git " + args[0] + " failed" + said;
    };
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
