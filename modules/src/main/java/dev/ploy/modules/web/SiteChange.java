package dev.ploy.modules.web;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A change to a web server's sites made as a transaction: the files it touches are copied aside
 * first (cp -a: content, mode, owner, times, a link as a link), then the change is made, the whole
 * configuration is validated, the server reloaded and the site checked. When the change fails, the
 * validation refuses it, the reload fails or the check does not pass, every touched file is put
 * back exactly as it was (a file that did not exist is removed), and a server that was already
 * reloaded is reloaded again; the task fails with the reason. Shared by the site modules
 * (nginx_site, apache2_site).
 */
final class SiteChange {
  /** The change itself (write the site file, make or remove the link). */
  @FunctionalInterface
  interface Step {
    void run(Target target) throws ModuleException;
  }

  private final WebServer server;
  private final List<String> touched;

  /**
   * @param touched every path the change may create, replace or remove (regular files or links)
   */
  SiteChange(WebServer server, List<String> touched) {
    this.server = server;
    this.touched = List.copyOf(touched);
  }

  /**
   * Makes the change, validates, reloads unless {@code reload} is false, and checks {@code check}
   * (null: none). Returns the result keys: reloaded.
   */
  Map<String, Object> apply(Target target, Step change, boolean reload, UrlCheck check)
      throws ModuleException {
    String backup = server.configDir() + "/.ploy-rollback-" + UUID.randomUUID();
    snapshot(target, backup);
    boolean reloaded = false;
    try {
      change.run(target);
      ExecResult valid = target.run(server.validation());
      if (!valid.ok()) {
        throw ModuleException.commandFailedWithOutput(
            server.name()
                + " refused the configuration, so the site's files were put back as they were and "
                + server.name()
                + " was not reloaded: "
                + (valid.stderr() + valid.stdout()).strip(),
            valid);
      }
      if (reload) {
        reloaded = reload(target);
      }
      if (check != null) {
        String failure = check.failure(target);
        if (failure != null) {
          throw new ModuleException(
              failure
                  + "; the site's files were put back as they were"
                  + (reloaded ? " and " + server.name() + " reloaded again" : ""),
              Map.of("reloaded", reloaded, "url", check.url()));
        }
      }
    } catch (ModuleException | RuntimeException e) {
      try {
        restore(target, backup);
        if (reloaded) {
          reload(target);
        }
      } catch (ModuleException rollback) {
        throw new ModuleException(
            e.getMessage() + "; then the rollback failed: " + rollback.getMessage(),
            rollback.result());
      }
      throw e;
    }
    target.run(Command.argv("rm", "-rf", "--", backup));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("reloaded", reloaded);
    return result;
  }

  /** Reloads the server; false when it does not run (nothing to reload). */
  private boolean reload(Target target) throws ModuleException {
    ExecResult done = target.run(server.reload());
    if (!done.ok()) {
      throw ModuleException.failedSaying("could not reload " + server.name(), done);
    }
    return !done.stdout().contains(WebServer.NOT_RUNNING);
  }

  /** Copies every touched path that exists into a new private directory {@code backup}. */
  private void snapshot(Target target, String backup) throws ModuleException {
    List<String> lines = new ArrayList<>();
    lines.add("b=" + ShellQuote.quote(backup));
    lines.add("(umask 077; mkdir -- \"$b\") || exit 1");
    for (int i = 0; i < touched.size(); i++) {
      String path = ShellQuote.quote(touched.get(i));
      lines.add(
          "if [ -e "
              + path
              + " ] || [ -L "
              + path
              + " ]; then cp -a -- "
              + path
              + " \"$b/"
              + i
              + "\" || { rm -rf -- \"$b\"; exit 1; }; fi");
    }
    ExecResult done = target.run(Command.of(String.join("\n", lines)));
    if (!done.ok()) {
      throw ModuleException.commandFailedWithOutput(
          "could not keep a copy of the site's files before changing them: "
              + done.stderr().strip(),
          done);
    }
  }

  /** Puts every touched path back as the snapshot holds it, and removes the snapshot. */
  private void restore(Target target, String backup) throws ModuleException {
    List<String> lines = new ArrayList<>();
    lines.add("b=" + ShellQuote.quote(backup));
    lines.add("[ -d \"$b\" ] || exit 1");
    lines.add("ok=0");
    for (int i = 0; i < touched.size(); i++) {
      String path = ShellQuote.quote(touched.get(i));
      lines.add(
          "if [ -e \"$b/"
              + i
              + "\" ] || [ -L \"$b/"
              + i
              + "\" ]; then mv -fT -- \"$b/"
              + i
              + "\" "
              + path
              + " || ok=1; else rm -f -- "
              + path
              + " || ok=1; fi");
    }
    lines.add("[ $ok = 0 ] && rm -rf -- \"$b\"");
    lines.add("exit $ok");
    ExecResult done = target.run(Command.of(String.join("\n", lines)));
    if (!done.ok()) {
      throw ModuleException.commandFailedWithOutput(
          "could not put the site's files back; their earlier versions are kept in "
              + backup
              + ": "
              + done.stderr().strip(),
          done);
    }
  }
}
