package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a file on the target and returns its content base64-encoded. Never changes anything. */
public final class Slurp implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("slurp")
          .description(
              "Reads a file on the target (with become, when set) and returns it base64-encoded as"
                  + " 'content'; decode it with the b64decode filter. Never changes anything.")
          .arg(Arg.path("src", "The file to read on the target.").required().aliases("path"))
          .example(
              "- name: Read the node's join token\n"
                  + "  ansible.builtin.slurp:\n"
                  + "    src: /etc/cluster/token\n"
                  + "  register: token\n"
                  + "\n"
                  + "- ansible.builtin.debug:\n"
                  + "    msg: \"{{ token.content | b64decode }}\"\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String src = args.str("src");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("source", src);
    result.put("content", read(target, src));
    result.put("encoding", "base64");
    return Plan.ok(result);
  }

  /** The file's content as base64, read by the task's user (become applies). */
  static String read(Target target, String src) throws ModuleException {
    String script =
        String.join(
            "\n",
            "p=" + RemotePath.word(src),
            "[ -d \"$p\" ] && exit 3",
            "if ! [ -e \"$p\" ] && " + RemotePath.HIDDEN_BY_PARENT + "; then exit 5; fi",
            "[ -e \"$p\" ] || exit 4",
            "[ -r \"$p\" ] || exit 5",
            "base64 -w 0 < \"$p\"");
    ExecResult read = target.run(Command.of(script));
    Map<String, Object> failed = new LinkedHashMap<>();
    failed.put("source", src);
    switch (read.rc()) {
      case 0:
        return read.stdout().strip();
      case 3:
        throw new ModuleException("source is a directory and must be a file: " + src, failed);
      case 4:
        throw new ModuleException("file not found: " + src, failed);
      case 5:
        throw new ModuleException(
            "file is not readable: " + src + " (use become: true to read it as root)", failed);
      default:
        failed.put("rc", read.rc());
        failed.put("stderr", read.stderr());
        throw new ModuleException("cannot read " + src + ": " + read.stderr().strip(), failed);
    }
  }
}
