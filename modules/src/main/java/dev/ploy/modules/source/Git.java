package dev.ploy.modules.source;

import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a git checkout at a version: one probe reads the checkout (HEAD, remote URL, local
 * modifications) and asks the remote which commit the version names ({@code git ls-remote}); the
 * plan is then a clone, a fetch and checkout, or nothing.
 */
public final class Git implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("git")
          .description(
              "Clones a git repository and keeps the checkout at a branch, tag or commit. Needs git"
                  + " on the target (install it with apt first).")
          .arg(
              Arg.str("repo", "The repository: URL, user@host:path or a path.")
                  .required()
                  .aliases("name")
                  .notAnOption())
          .arg(Arg.path("dest", "Where the checkout lives on the target.").required())
          .arg(
              Arg.str(
                      "version",
                      "Branch, tag or commit id to check out; HEAD: the remote's default"
                          + " branch.")
                  .defaultsTo("HEAD")
                  .notAnOption())
          .arg(Arg.bool("force", "Discard local modifications of tracked files.").defaultsTo(false))
          .arg(Arg.integer("depth", "Shallow clone/fetch with this many commits."))
          .arg(
              Arg.bool("update", "Fetch and check out the version in an existing checkout.")
                  .defaultsTo(true))
          .arg(Arg.bool("clone", "Clone when dest is not a checkout yet.").defaultsTo(true))
          .arg(Arg.str("remote", "Name of the remote.").defaultsTo("origin").notAnOption())
          .arg(
              Arg.bool("accept_hostkey", "Accept any SSH host key of the remote (insecure).")
                  .defaultsTo(false))
          .arg(
              Arg.bool("accept_newhostkey", "Accept the SSH host key of a remote not yet known.")
                  .defaultsTo(false))
          .arg(Arg.path("executable", "The git program to use.").defaultsTo("git"))
          .notHonoured(Arg.path("archive", "Write an archive of the repository to this path."))
          .notHonoured(Arg.str("archive_prefix", "Prefix of the paths in that archive."))
          .notHonoured(Arg.bool("bare", "A bare repository.").defaultsTo(false))
          .notHonoured(Arg.list("gpg_whitelist", "Fingerprints verify_commit accepts."))
          .notHonoured(Arg.path("key_file", "SSH private key for the remote."))
          .notHonoured(Arg.bool("recursive", "Clone submodules too.").defaultsTo(true))
          .notHonoured(Arg.str("reference", "Reference repository (git clone --reference)."))
          .notHonoured(Arg.str("refspec", "Extra refspec to fetch."))
          .notHonoured(Arg.path("separate_git_dir", "Where the .git directory goes."))
          .notHonoured(
              Arg.bool("single_branch", "Clone only the branch of version.").defaultsTo(false))
          .notHonoured(Arg.str("ssh_opts", "Options for ssh (GIT_SSH_COMMAND)."))
          .notHonoured(
              Arg.bool("track_submodules", "Update submodules to their branch heads.")
                  .defaultsTo(false))
          .notHonoured(Arg.raw("umask", "umask for the checkout."))
          .notHonoured(
              Arg.bool("verify_commit", "Verify the GPG signature of the commit.")
                  .defaultsTo(false))
          .example(
              "- name: Deploy the application at its release tag\n"
                  + "  ansible.builtin.git:\n"
                  + "    repo: https://git.example.com/shop/app.git\n"
                  + "    dest: /srv/app\n"
                  + "    version: v2.3.1\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    GitCall git = GitCall.of(args);
    String repo = args.str("repo");
    String dest = args.str("dest");
    String version = args.str("version");
    String remote = args.str("remote");
    if (!remote.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new ModuleException("remote '" + remote + "' is not a valid remote name");
    }
    Sections probe =
        Sections.parse(git.run(target, probeScript(git, repo, dest, version, remote)).stdout());
    if (probe.has("nogit")) {
      throw new ModuleException(
          "git is not installed on "
              + target.host()
              + " ("
              + git.executable()
              + " not found): install it first, e.g. with apt: name=git");
    }
    if (probe.has("lsfail")) {
      throw new ModuleException(
          "cannot read the remote repository " + repo + ": " + probe.text("lsfail").strip());
    }
    String kind = probe.first("dest");
    Version wanted = Version.resolve(version, probe.lines("remote"), probe.first("local"));
    if (wanted == null) {
      throw new ModuleException(
          "version '" + version + "' is neither a branch, a tag nor a commit of " + repo);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("before", null);
    result.put("after", wanted.commit());
    result.put("remote_url_changed", false);

    switch (kind) {
      case "occupied" ->
          throw new ModuleException(
              "destination "
                  + dest
                  + " exists and is neither a git checkout nor an empty"
                  + " directory: remove it or choose another dest");
      case "absent", "empty" -> {
        if (!args.bool("clone")) {
          result.put("after", null);
          return Plan.ok(result);
        }
        return Plan.change(
            List.of(Diff.property(dest, "commit", "(none)", wanted.commit())),
            result,
            on -> Map.of("after", git.cloneRepo(on, repo, dest, remote, wanted, args)));
      }
      default -> {
        String head = probe.first("head");
        result.put("before", head);
        if (!args.bool("update")) {
          result.put("after", head);
          return Plan.ok(result);
        }
        boolean urlChanged = !probe.first("url").equals(repo);
        boolean moves = !wanted.isAt(head);
        boolean modified = !probe.lines("status").isEmpty();
        if (modified && moves && !args.bool("force")) {
          throw new ModuleException(
              "local modifications exist in "
                  + dest
                  + " (force=no): commit or discard them,"
                  + " or set force: true",
              Map.of("before", head, "status", probe.text("status")));
        }
        if (!urlChanged && !moves && !(modified && args.bool("force"))) {
          return Plan.ok(result);
        }
        result.put("remote_url_changed", urlChanged);
        List<Diff> diffs =
            urlChanged
                ? List.of(
                    Diff.property(dest, "commit", head, wanted.commit()),
                    Diff.property(dest, "remote " + remote, probe.first("url"), repo))
                : List.of(Diff.property(dest, "commit", head, wanted.commit()));
        return Plan.change(
            diffs,
            result,
            on -> Map.of("after", git.update(on, repo, dest, remote, wanted, urlChanged, args)));
      }
    }
  }

  private static String probeScript(
      GitCall git, String repo, String dest, String version, String remote) {
    String d = ShellQuote.quote(dest);
    String g = git.quoted();
    String v = ShellQuote.quote(version);
    String patterns =
        version.equals("HEAD") ? "HEAD" : "HEAD " + v + " " + ShellQuote.quote(version + "^{}");
    return String.join(
        "\n",
        "command -v " + g + " >/dev/null 2>&1 || { echo @@nogit; exit 0; }",
        "echo @@dest",
        "if [ ! -e " + d + " ]; then echo absent",
        "elif [ -d "
            + d
            + " ] && [ \"$("
            + g
            + " -C "
            + d
            + " rev-parse --show-toplevel 2>/dev/null)\" = \"$(cd "
            + d
            + " && pwd -P)\" ];"
            + " then echo repo; r=1",
        "elif [ -d " + d + " ] && [ -z \"$(ls -A " + d + ")\" ]; then echo empty",
        "else echo occupied; fi",
        "if [ -n \"$r\" ]; then",
        "  echo @@head; " + g + " -C " + d + " rev-parse HEAD 2>/dev/null",
        "  echo @@url; "
            + g
            + " -C "
            + d
            + " config --get "
            + ShellQuote.quote("remote." + remote + ".url"),
        "  echo @@status; " + g + " -C " + d + " status --porcelain --untracked-files=no",
        "  echo @@local; "
            + g
            + " -C "
            + d
            + " rev-parse --verify -q "
            + ShellQuote.quote(version + "^{commit}")
            + " 2>/dev/null",
        "fi",
        "if out=$("
            + g
            + " ls-remote --symref "
            + ShellQuote.quote(repo)
            + " "
            + patterns
            + " 2>&1); then echo @@remote; printf '%s\\n' \"$out\"",
        "else echo @@lsfail; printf '%s\\n' \"$out\"; fi",
        "echo @@end");
  }
}
