package dev.ploy.modules.commands;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.module.Apply;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a script from the control node on the target: it travels on the command's standard input
 * into a fresh temporary directory (mktemp -d), is made executable (0700), runs with its arguments
 * each quoted, and is removed afterwards, all in one round trip.
 */
public final class ScriptModule implements Module {
  /** Marks what the wrapper says on stderr when it fails before the script runs. */
  static final String SETUP = "ploy-script: ";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("script")
          .description(
              "Transfers a local script to the target, runs it there with its arguments and"
                  + " removes it. Reports changed, or skipped when creates/removes say it need"
                  + " not run; in check mode skipped, or changed when creates/removes say it would"
                  + " run.")
          .arg(
              Arg.str(
                      "cmd",
                      "The local script's path (the role's files/, then beside the playbook)"
                          + " followed by its arguments, split like a shell would.")
                  .required())
          .arg(Arg.path("chdir", "Change into this directory on the target before running."))
          .arg(
              Arg.path(
                  "creates",
                  "A path or glob on the target; when it already exists the script does not run."))
          .arg(
              Arg.path(
                  "removes",
                  "A path or glob on the target; when it does not exist the script does not run."))
          .arg(
              Arg.str(
                  "executable",
                  "The interpreter that runs the script, e.g. /bin/bash or python3 (default: the"
                      + " script's #! line)."))
          .freeForm("cmd")
          .notHonoured(Arg.bool("decrypt", "Decrypt a vault-encrypted script.").defaultsTo(true))
          .example(
              "- name: Prepare the data directory\n"
                  + "  ansible.builtin.script: scripts/prepare.sh --size 20G\n"
                  + "  args:\n"
                  + "    creates: /srv/data/.prepared\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String cmd = args.str("cmd");
    List<String> words = split("cmd", cmd);
    if (words.isEmpty()) {
      throw new ModuleException("no script given; write the script's path and its arguments");
    }
    Path local = target.findLocalFile(words.get(0), "files");
    if (!Files.isRegularFile(local)) {
      throw new ModuleException("the script " + local + " is not a regular file");
    }
    // the creates/removes guards are probed exactly as command and shell probe them; a guard that
    // says not to run skips the task, in a real run as in check mode, as Ansible's script action
    Optional<String> kept = Invocation.scriptKept(target, args);
    if (kept.isPresent()) {
      return Plan.skipped(kept.get());
    }
    List<String> interpreter =
        args.has("executable") ? split("executable", args.str("executable")) : List.of();
    byte[] content;
    try {
      content = Files.readAllBytes(local);
    } catch (IOException e) {
      throw new ModuleException("cannot read the script " + local + ": " + e.getMessage());
    }
    String name = local.getFileName().toString();
    String wrapper =
        wrapper(name, interpreter, words.subList(1, words.size()), args.optStr("chdir"));
    Command command = Command.of(wrapper).withStdin(content);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cmd", cmd);
    Apply apply =
        on -> {
          ExecResult executed = on.run(command);
          boolean setupFailed = executed.rc() != 0 && executed.stderr().startsWith(SETUP);
          return Outcome.of(cmd, executed, setupFailed);
        };
    // a guard that says it would run makes check mode report it changed, as Ansible's script
    // action does; without one, check mode cannot know and skips it with the action's message
    return args.has("creates") || args.has("removes")
        ? Plan.change(List.of(), result, apply)
        : Plan.run(result, apply, "Check mode is not supported for this task.");
  }

  /**
   * The script that receives the content on stdin, runs it with stdin from /dev/null and removes it
   * on exit, keeping the script's exit code.
   */
  static String wrapper(
      String name,
      List<String> interpreter,
      List<String> scriptArgs,
      java.util.Optional<String> chdir) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "d=$(mktemp -d \"${TMPDIR:-/tmp}/.ploy-script-XXXXXXXX\") || { echo '"
            + SETUP
            + "cannot create a temporary directory (mktemp -d)' >&2; exit 1; }");
    lines.add("trap 'rm -rf \"$d\"' EXIT");
    lines.add("s=\"$d\"/" + ShellQuote.quote(name));
    lines.add(
        "cat > \"$s\" && chmod 700 \"$s\" || { echo '"
            + SETUP
            + "cannot write the script to '\"$s\" >&2; exit 1; }");
    chdir.ifPresent(
        dir ->
            lines.add(
                "cd -- "
                    + ShellQuote.quote(dir)
                    + " 2>/dev/null || { printf '%s\\n' "
                    + ShellQuote.quote(SETUP + "cannot change into " + dir)
                    + " >&2; exit 1; }"));
    StringBuilder line = new StringBuilder();
    if (!interpreter.isEmpty()) {
      line.append(ShellQuote.join(interpreter)).append(' ');
    }
    line.append("\"$s\"");
    for (String word : scriptArgs) {
      line.append(' ').append(ShellQuote.quote(word));
    }
    line.append(" </dev/null");
    lines.add(line.toString());
    return String.join("\n", lines);
  }

  private static List<String> split(String arg, String text) throws ModuleException {
    try {
      return ShellWords.split(text);
    } catch (IllegalArgumentException e) {
      throw new ModuleException(arg + ": " + e.getMessage());
    }
  }
}
