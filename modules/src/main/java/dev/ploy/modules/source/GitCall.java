package dev.ploy.modules.source;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How git is run on the target: which program, which environment; and the changing commands. */
record GitCall(String executable, Map<String, String> environment) {

  static GitCall of(Args args) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GIT_TERMINAL_PROMPT", "0");
    if (args.bool("accept_hostkey")) {
      env.put("GIT_SSH_COMMAND", "ssh -o StrictHostKeyChecking=no");
    } else if (args.bool("accept_newhostkey")) {
      env.put("GIT_SSH_COMMAND", "ssh -o StrictHostKeyChecking=accept-new");
    }
    return new GitCall(args.str("executable"), env);
  }

  String quoted() {
    return ShellQuote.quote(executable);
  }

  ExecResult run(Target target, String script) throws ModuleException {
    return target.run(Command.of(script).withEnvironment(environment));
  }

  /** Clones into dest, checks the version out; returns the commit checked out. */
  String cloneRepo(
      Target target, String repo, String dest, String remote, Version version, Args args)
      throws ModuleException {
    List<String> clone = new ArrayList<>(List.of(executable, "clone", "-q", "--origin", remote));
    if (args.has("depth")) {
      clone.addAll(List.of("--depth", String.valueOf(args.integer("depth"))));
      if (version.kind() != Version.Kind.COMMIT) {
        clone.addAll(List.of("--branch", version.name(), "--no-single-branch"));
      }
    }
    clone.addAll(List.of("--", repo, dest));
    String script =
        ShellQuote.join(clone)
            + " || exit 1\n"
            + checkout(dest, remote, version, args.bool("force"))
            + "\n"
            + head(dest);
    return lastLine(
        ModuleException.requireOk(run(target, script), "git clone of " + repo + " failed"));
  }

  /** Points the remote at repo if needed, fetches, checks the version out; returns the commit. */
  String update(
      Target target,
      String repo,
      String dest,
      String remote,
      Version version,
      boolean urlChanged,
      Args args)
      throws ModuleException {
    List<String> lines = new ArrayList<>();
    if (urlChanged) {
      lines.add(
          ShellQuote.join(executable, "-C", dest, "remote", "set-url", remote, repo)
              + " 2>/dev/null || "
              + ShellQuote.join(executable, "-C", dest, "remote", "add", remote, repo)
              + " || exit 1");
    }
    List<String> fetch =
        new ArrayList<>(List.of(executable, "-C", dest, "fetch", "-q", "--tags", "--force"));
    if (args.has("depth")) {
      fetch.addAll(List.of("--depth", String.valueOf(args.integer("depth"))));
    }
    fetch.addAll(List.of(remote, "+refs/heads/*:refs/remotes/" + remote + "/*"));
    lines.add(ShellQuote.join(fetch) + " || exit 1");
    lines.add(checkout(dest, remote, version, args.bool("force")));
    lines.add(head(dest));
    return lastLine(
        ModuleException.requireOk(
            run(target, String.join("\n", lines)), "git update of " + dest + " failed"));
  }

  private String checkout(String dest, String remote, Version version, boolean force) {
    List<String> argv = new ArrayList<>(List.of(executable, "-C", dest, "checkout", "-q"));
    if (force) {
      argv.add("--force");
    }
    if (version.kind() == Version.Kind.BRANCH) {
      argv.addAll(List.of("-B", version.name(), remote + "/" + version.name()));
    } else {
      argv.addAll(List.of("--detach", version.checkoutTarget()));
    }
    return ShellQuote.join(argv) + " || exit 1";
  }

  private String head(String dest) {
    return ShellQuote.join(executable, "-C", dest, "rev-parse", "HEAD");
  }

  private static String lastLine(ExecResult result) {
    List<String> lines = result.stdoutLines();
    return lines.isEmpty() ? null : lines.get(lines.size() - 1).strip();
  }
}
