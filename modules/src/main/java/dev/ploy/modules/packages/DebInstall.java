package dev.ploy.modules.packages;

import dev.ploy.connection.Command;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Installs a .deb file (apt's {@code deb}): the package's name and version are read from the file
 * with {@code dpkg-deb -f} (a file only on the control node is streamed to it on standard input, so
 * nothing is written while planning); it is installed with apt-get, which pulls its dependencies,
 * unless that version is installed already.
 */
final class DebInstall {
  private DebInstall() {}

  static Plan plan(Target target, String deb, AptGet apt, boolean refreshWanted, long validFor)
      throws ModuleException {
    if (deb.contains("://")) {
      throw new ModuleException(
          "deb: URLs are not supported; fetch the file with get_url first, then give its path");
    }
    String quoted = ShellQuote.quote(ShellQuote.operand(deb));
    ExecResult onTarget =
        target.run(
            Command.of(
                "if [ -f "
                    + quoted
                    + " ]; then dpkg-deb -f "
                    + quoted
                    + " Package Version; else echo @@absent; fi"));
    Path local = null;
    ExecResult fields = onTarget;
    if (onTarget.stdout().startsWith("@@absent")) {
      local = target.findLocalFile(deb, "files");
      try {
        fields =
            target.run(
                Command.of("dpkg-deb -f /dev/stdin Package Version")
                    .withStdin(Files.readAllBytes(local)));
      } catch (IOException e) {
        throw new ModuleException("cannot read " + local + ": " + e.getMessage());
      }
    }
    if (!fields.ok()) {
      throw ModuleException.commandFailed(
          "deb: " + deb + " is not a Debian package: " + fields.stderr().strip(), fields);
    }
    String name = null;
    String version = null;
    for (String line : fields.stdoutLines()) {
      if (line.startsWith("Package: ")) {
        name = line.substring(9).strip();
      } else if (line.startsWith("Version: ")) {
        version = line.substring(9).strip();
      }
    }
    if (name == null || version == null) {
      throw new ModuleException("deb: " + deb + " has no Package or Version field");
    }
    AptState state = AptState.probe(target, List.of(name), false);
    AptState.Installed installed = state.installed(name);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cache_updated", false);
    result.put("cache_update_time", state.cacheTime());
    if (installed != null && installed.version().equals(version)) {
      return Plan.ok(result);
    }
    boolean refresh =
        refreshWanted
            && !(state.cacheTime() > 0
                && validFor > 0
                && state.cacheTime() + validFor >= state.now());
    List<Diff> diffs = new ArrayList<>();
    diffs.add(
        new Diff(
            "apt packages",
            name + ": " + (installed == null ? "absent" : installed.version()) + "\n",
            name + ": " + version + " (from " + deb + ")\n"));
    Map<String, Object> packages = new LinkedHashMap<>();
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("before", installed == null ? null : installed.version());
    change.put("after", version);
    packages.put(name, change);
    result.put("packages", packages);
    Path upload = local;
    return Plan.change(
        diffs,
        result,
        on -> {
          Map<String, Object> done = new LinkedHashMap<>();
          if (refresh) {
            done.put("cache_update_time", apt.update(on).get("cache_update_time"));
            done.put("cache_updated", true);
          }
          String path = deb;
          if (upload != null) {
            path = "/tmp/.ploy-" + UUID.randomUUID() + ".deb";
            try (InputStream in = Files.newInputStream(upload)) {
              on.connection().upload(in, Files.size(upload), path, 0644);
            } catch (IOException | ConnectionException e) {
              throw new ModuleException(
                  "cannot send " + upload + " to the target: " + e.getMessage());
            }
          }
          try {
            // apt-get takes a file when the argument is a path (contains a slash)
            String argument = path.contains("/") ? ShellQuote.operand(path) : "./" + path;
            done.putAll(apt.run(on, List.of("install", argument), "install " + deb));
          } finally {
            if (upload != null) {
              on.run(Command.of("rm -f -- " + ShellQuote.quote(path)));
            }
          }
          return done;
        });
  }
}
