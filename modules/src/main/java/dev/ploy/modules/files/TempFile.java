package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a uniquely named temporary file or directory with mktemp, readable only by its creator.
 * Always a change; like Ansible's tempfile, which does not support check mode, it is skipped in
 * check mode (its name cannot be known before it exists).
 */
public final class TempFile implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("tempfile")
          .description(
              "Creates a temporary file or directory (mode 0600 / 0700) and returns its 'path'."
                  + " Always changed; skipped in check mode, as in Ansible.")
          .arg(
              Arg.str("state", "Whether to create a file or a directory.")
                  .defaultsTo("file")
                  .choices("file", "directory"))
          .arg(
              Arg.path(
                  "path",
                  "The directory to create it in; default: $TMPDIR, else /tmp on the target."))
          .arg(Arg.str("prefix", "Start of the name.").defaultsTo("ansible."))
          .arg(Arg.str("suffix", "End of the name.").defaultsTo(""))
          .example(
              "- name: Make a build directory\n"
                  + "  ansible.builtin.tempfile:\n"
                  + "    state: directory\n"
                  + "    suffix: build\n"
                  + "  register: build_dir\n"
                  + "\n"
                  + "- name: Unpack the sources there\n"
                  + "  ansible.builtin.unarchive:\n"
                  + "    src: app.tar.gz\n"
                  + "    dest: \"{{ build_dir.path }}\"\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String prefix = args.str("prefix");
    String suffix = args.str("suffix");
    if (prefix.contains("/") || suffix.contains("/")) {
      throw new ModuleException(
          "prefix and suffix must not contain '/'; put the directory in path instead");
    }
    String state = args.str("state");
    String script = script(state, args.optStr("path").orElse(null), prefix, suffix);
    return Plan.run(new LinkedHashMap<>(), on -> create(on, script, state));
  }

  static String script(String state, String dir, String prefix, String suffix) {
    List<String> argv = new ArrayList<>();
    argv.add("mktemp");
    if (state.equals("directory")) {
      argv.add("-d");
    }
    if (!suffix.isEmpty()) {
      argv.add("--suffix=" + suffix);
    }
    String location = dir == null ? "--tmpdir" : "-p " + RemotePath.word(dir);
    return String.join(
        "\n",
        "t=$("
            + ShellQuote.join(argv)
            + " "
            + location
            + " -- "
            + ShellQuote.quote(prefix + "XXXXXXXX")
            + ") || exit 1",
        "printf '%s\\0' \"$t\"",
        "stat --printf '%u\\n%g\\n%U\\n%G\\n%a\\n%s\\n' -- \"$t\"");
  }

  private static Map<String, Object> create(Target target, String script, String state)
      throws ModuleException {
    ExecResult made = target.run(Command.of(script));
    if (!made.ok()) {
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("rc", made.rc());
      failed.put("stderr", made.stderr());
      throw new ModuleException(
          "could not create a temporary file: " + made.stderr().strip(), failed);
    }
    String out = made.stdout();
    int end = out.indexOf('\0');
    String path = out.substring(0, end);
    String[] f = out.substring(end + 1).split("\n");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("path", path);
    result.put("uid", Long.parseLong(f[0].strip()));
    result.put("gid", Long.parseLong(f[1].strip()));
    result.put("owner", f[2]);
    result.put("group", f[3]);
    result.put("mode", String.format("%04o", Integer.parseInt(f[4].strip(), 8)));
    result.put("state", state);
    result.put("size", Long.parseLong(f[5].strip()));
    return result;
  }
}
