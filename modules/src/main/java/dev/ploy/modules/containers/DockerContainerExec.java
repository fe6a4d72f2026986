package dev.ploy.modules.containers;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellWords;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a command in a running container, as community.docker.docker_container_exec does, with
 * {@code docker exec} on the target: always a change, skipped in check mode (the collection's
 * module does not support it); a non-zero exit fails the task with rc, stdout and stderr, as
 * Ansible fails any result whose rc is not 0.
 */
public final class DockerContainerExec implements Module {
  private static final ModuleSpec SPEC =
      Docker.daemonOptions(
              ModuleSpec.builder("docker_container_exec")
                  .description(
                      "Runs a command inside a running container with docker exec on the"
                          + " target, and reports its rc, stdout and stderr (a non-zero rc fails"
                          + " the task, as with Ansible). Always changed; skipped in check"
                          + " mode.")
                  .arg(Arg.str("container", "The container's name or id.").required().notAnOption())
                  .arg(
                      Arg.list("argv", "The command as a list of words (no quoting needed).")
                          .elements(ArgType.STR))
                  .arg(Arg.str("command", "The command, split into words as a shell would."))
                  .arg(Arg.str("chdir", "The directory the command runs in, in the container."))
                  .arg(Arg.str("user", "The user (and group) it runs as in the container."))
                  .arg(Arg.dict("env", "Environment variables (string values only)."))
                  .arg(Arg.str("stdin", "Text given to the command on its standard input."))
                  .arg(Arg.bool("stdin_add_newline", "Append a newline to stdin.").defaultsTo(true))
                  .arg(
                      Arg.bool(
                              "strip_empty_ends",
                              "Remove the newlines at the end of stdout and stderr.")
                          .defaultsTo(true))
                  .arg(
                      Arg.bool(
                              "detach",
                              "Start the command and return at once (no rc, stdout or stderr).")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "tty",
                              "Give the command a terminal: not supported (ploy's commands have"
                                  + " none); only false.")
                          .defaultsTo(false))
                  .mutuallyExclusive("argv", "command")
                  .requiredOneOf("argv", "command")
                  .example(
                      "- name: the application's migrations\n"
                          + "  community.docker.docker_container_exec:\n"
                          + "    container: ocpizza_app_1\n"
                          + "    argv: [python3, manage.py, migrate, --noinput]\n"
                          + "    chdir: /app\n"
                          + "  register: migrate\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String container = args.str("container");
    List<String> argv = command(args);
    if (args.bool("tty")) {
      throw new ModuleException(
          "tty: true is not supported: docker exec -t needs a terminal, and ploy's commands on"
              + " the target have none");
    }
    if (args.bool("detach") && args.has("stdin")) {
      throw new ModuleException("If detach=true, stdin cannot be provided.");
    }
    List<String> exec = new ArrayList<>(List.of("docker", "exec"));
    if (args.has("stdin")) {
      exec.add("--interactive");
    }
    if (args.bool("detach")) {
      exec.add("--detach");
    }
    args.optStr("user").ifPresent(user -> exec.addAll(List.of("--user", user)));
    args.optStr("chdir").ifPresent(dir -> exec.addAll(List.of("--workdir", dir)));
    if (args.has("env")) {
      for (Map.Entry<String, Object> entry : args.dict("env").entrySet()) {
        if (!(entry.getValue() instanceof String value)) {
          throw new ModuleException(
              "Non-string value found for env option. Ambiguous env options must be wrapped in"
                  + " quotes to avoid them being interpreted. Key: "
                  + entry.getKey());
        }
        exec.addAll(List.of("--env", entry.getKey() + "=" + value));
      }
    }
    exec.add(container);
    exec.addAll(argv);
    Command run = Command.argv(exec);
    if (args.has("stdin")) {
      String input = args.str("stdin") + (args.bool("stdin_add_newline") ? "\n" : "");
      run = run.withStdin(input.getBytes(StandardCharsets.UTF_8));
    }
    Command command = run;
    boolean strip = args.bool("strip_empty_ends");
    boolean detach = args.bool("detach");
    return Plan.run(new LinkedHashMap<>(), on -> exec(on, container, command, strip, detach));
  }

  /** argv, or command split as Python's shlex splits it. */
  private static List<String> command(Args args) throws ModuleException {
    if (args.has("argv")) {
      return args.strings("argv");
    }
    try {
      List<String> words = ShellWords.split(args.str("command"));
      if (words.isEmpty()) {
        throw new ModuleException("command: is empty");
      }
      return words;
    } catch (IllegalArgumentException e) {
      throw new ModuleException("command: " + e.getMessage());
    }
  }

  private static Map<String, Object> exec(
      Target on, String container, Command command, boolean strip, boolean detach)
      throws ModuleException {
    // docker exec's own failures (no such container, not running) are the task's, as Ansible's
    ExecResult state =
        on.run(
            Command.argv(
                "docker", "container", "inspect", "--format", "{{.State.Status}}", container));
    if (!state.ok()) {
      if (state.stderr().contains("No such")) {
        throw new ModuleException("Could not find container \"" + container + "\"");
      }
      throw new ModuleException(
          "docker cannot inspect container " + container + ": " + state.stderr().strip());
    }
    String status = state.stdout().strip();
    if (!status.equals("running")) {
      throw new ModuleException("Container " + container + " is not running (" + status + ")");
    }
    ExecResult done = on.run(command);
    Map<String, Object> result = new LinkedHashMap<>();
    if (detach) {
      if (!done.ok()) {
        throw new ModuleException("docker exec failed: " + done.stderr().strip());
      }
      return result;
    }
    result.put("changed", true);
    result.put("rc", done.rc());
    result.put("stdout", strip ? stripEnds(done.stdout()) : done.stdout());
    result.put("stderr", strip ? stripEnds(done.stderr()) : done.stderr());
    if (done.rc() != 0) {
      // the collection's module returns the rc; Ansible then fails a result whose rc is not 0
      result.put("msg", "non-zero return code");
      throw new ModuleException("non-zero return code", result);
    }
    return result;
  }

  private static String stripEnds(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
