package dev.ploy.cli;

import dev.ploy.config.Config;
import dev.ploy.config.ConfigException;
import dev.ploy.requirements.RequirementsException;
import dev.ploy.requirements.RequirementsFile;
import dev.ploy.requirements.RoleInstaller;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ploy roles install}: roles from git repositories, as {@code ansible-galaxy install -r}.
 */
@Command(
    name = "roles",
    mixinStandardHelpOptions = true,
    description = "Install roles from a shared git repository.",
    subcommands = {RolesCommand.Install.class})
final class RolesCommand {
  @ParentCommand PloyCommand ploy;

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description =
          "Install the roles a requirements file lists (git repositories, at a branch, tag or"
              + " commit) into the roles directory, like ansible-galaxy install -r. Each role is"
              + " cloned beside its place and renamed into it when complete; a role already"
              + " installed at the same version is skipped. The roles an installed role depends"
              + " on (its meta/requirements.yml, and meta/main.yml dependencies with src) are"
              + " installed after it.")
  static final class Install implements Callable<Integer> {
    @ParentCommand RolesCommand roles;

    @Option(
        names = {"-r", "--role-file"},
        paramLabel = "FILE",
        description =
            "The requirements file (default: requirements.yml, else roles/requirements.yml).")
    Path file;

    @Option(
        names = {"-p", "--roles-path"},
        paramLabel = "DIR",
        description = "Where to install (default: the first roles_path of ploy.yml, else roles).")
    Path rolesDir;

    @Option(
        names = {"-f", "--force"},
        description =
            "Replace roles installed at another version, or not from a requirements file.")
    boolean force;

    @Option(
        names = "--no-deps",
        description = "Do not install the roles that the installed roles depend on.")
    boolean noDeps;

    @Override
    public Integer call() {
      PrintStream out = roles.ploy.out();
      PrintStream err = roles.ploy.err();
      Path requirements = file != null ? file : defaultFile();
      if (requirements == null) {
        err.println("ERROR! no requirements.yml here or in roles/; give one with -r FILE");
        return ExitCodes.BAD_INPUT;
      }
      RequirementsFile parsed;
      Path target;
      try {
        parsed = RequirementsFile.read(requirements);
        target = rolesDir != null ? rolesDir : defaultRolesDir(roles.ploy.environment());
      } catch (RequirementsException | ConfigException e) {
        err.println("ERROR! " + e.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      if (parsed.collections() > 0) {
        out.println(
            "- "
                + parsed.collections()
                + " collection(s) skipped: ploy's modules are built in (ploy doc --list)");
      }
      if (parsed.roles().isEmpty()) {
        out.println("- no roles to install in " + requirements);
        return ExitCodes.OK;
      }
      List<RoleInstaller.Result> results =
          new RoleInstaller(target, force, !noDeps).install(parsed.roles());
      boolean failed = false;
      for (RoleInstaller.Result result : results) {
        switch (result.outcome()) {
          case FAILED -> {
            failed = true;
            err.println("ERROR! " + result.message());
          }
          case KEPT_OTHER_VERSION, MISSING_DEPENDENCY ->
              err.println("[WARNING]: " + result.message());
          default -> out.println("- " + result.message());
        }
      }
      return failed ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private static Path defaultFile() {
      for (Path candidate :
          List.of(Path.of("requirements.yml"), Path.of("roles/requirements.yml"))) {
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
      return null;
    }

    private static Path defaultRolesDir(Map<String, String> environment) throws ConfigException {
      Config config = Config.load(Path.of(""), environment);
      List<String> paths = config.list("roles_path");
      return paths.isEmpty() ? Path.of("roles") : config.path(paths.get(0));
    }
  }
}
