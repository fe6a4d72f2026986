package dev.ploy.modules.source;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.connection.ShellWords;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
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
import java.util.Optional;

/**
 * Python packages with pip, optionally in a virtualenv created on demand. One probe ({@code pip
 * list --format=freeze}) decides what named packages need; requirements files and state latest
 * depend on an index, so they run and report changed when the installed set differs afterwards.
 */
public final class Pip implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("pip")
          .description(
              "Installs, upgrades or removes Python packages with pip, in the system or in a"
                  + " virtualenv (created with python3 -m venv when missing). Named packages are"
                  + " predicted from 'pip list'; requirements files and state latest are not"
                  + " (skipped in check mode).")
          .arg(
              Arg.list("name", "Packages, each optionally with a version spec ('flask>=2,<3').")
                  .elements(ArgType.STR))
          .arg(Arg.str("version", "Version of the single package in name (==version)."))
          .arg(Arg.str("requirements", "A requirements file on the target."))
          .arg(Arg.path("virtualenv", "Virtualenv directory to install into; created if missing."))
          .arg(
              Arg.str("virtualenv_command", "Command that creates the virtualenv.")
                  .defaultsTo("python3 -m venv"))
          .arg(
              Arg.bool("virtualenv_site_packages", "Let the virtualenv see system packages.")
                  .defaultsTo(false))
          .arg(
              Arg.str("state", "present, absent, latest (pip install -U) or forcereinstall.")
                  .choices("present", "absent", "latest", "forcereinstall")
                  .defaultsTo("present"))
          .arg(
              Arg.str(
                  "extra_args",
                  "Extra arguments for pip install (not uninstall), e.g. '--no-index --find-links /srv'."))
          .arg(Arg.path("executable", "The pip to run (e.g. pip3.11); default python3 -m pip."))
          .arg(Arg.path("chdir", "Directory to run pip in."))
          .mutuallyExclusive("name", "requirements")
          .requiredOneOf("name", "requirements")
          .mutuallyExclusive("executable", "virtualenv")
          .notHonoured(Arg.bool("editable", "Install in editable mode (pip -e).").defaultsTo(false))
          .notHonoured(Arg.str("umask", "umask for the installed files."))
          .notHonoured(Arg.str("virtualenv_python", "Python of a new virtualenv."))
          .example(
              "- name: Application dependencies in its virtualenv\n"
                  + "  ansible.builtin.pip:\n"
                  + "    name: [gunicorn==21.2.0, flask>=2.3]\n"
                  + "    virtualenv: /srv/app/venv\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String state = args.str("state");
    List<String> names = new ArrayList<>(args.strings("name"));
    // an empty version is no version, as in Ansible (a role's default of '')
    Optional<String> version = args.optStr("version").filter(v -> !v.isEmpty());
    if (version.isPresent()) {
      if (names.size() != 1) {
        throw new ModuleException("version needs exactly one package in name");
      }
      names.set(0, names.get(0) + "==" + version.get());
    }
    for (String name : names) {
      if (name.isBlank() || name.startsWith("-")) {
        throw new ModuleException("package '" + name + "' is not a package name");
      }
    }
    String pip = pipCommand(args);
    String venv = args.optStr("virtualenv").orElse(null);
    String prefix =
        args.optStr("chdir").map(d -> "cd -- " + ShellQuote.quote(d) + " || exit 1\n").orElse("");
    String probe =
        prefix
            + (venv == null
                ? ""
                : "if [ ! -x "
                    + ShellQuote.quote(venv + "/bin/python")
                    + " ]; then echo @@novenv;"
                    + " echo @@end; exit 0; fi\n")
            + "echo @@list; "
            + pip
            + " list --format=freeze --disable-pip-version-check 2>&1"
            + " || echo @@pipfail\necho @@end";
    Sections probed = Sections.parse(target.run(Command.of(probe)).stdout());
    if (probed.has("pipfail")) {
      throw new ModuleException(
          "pip does not run on "
              + target.host()
              + ": "
              + probed.text("list").strip()
              + (venv == null ? " (install python3-pip with apt, or give a virtualenv)" : ""));
    }
    Map<String, String> installed = freeze(probed.lines("list"));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", names);
    result.put("requirements", args.optStr("requirements").orElse(null));
    result.put("version", version.orElse(null));
    result.put("virtualenv", venv);
    result.put("state", state);

    List<String> words = new ArrayList<>();
    words.add(state.equals("absent") ? "uninstall" : "install");
    if (state.equals("absent")) {
      words.add("-y");
    }
    if (state.equals("latest")) {
      words.add("-U");
    }
    if (state.equals("forcereinstall")) {
      words.addAll(List.of("--force-reinstall", "--no-deps"));
    }
    words.add("--disable-pip-version-check");
    if (args.has("extra_args") && !state.equals("absent")) {
      try {
        words.addAll(ShellWords.split(args.str("extra_args")));
      } catch (IllegalArgumentException e) {
        throw new ModuleException("extra_args: " + e.getMessage());
      }
    }
    String createVenv = probed.has("novenv") ? createVenv(args, venv) : "";

    if (args.has("requirements") || state.equals("latest")) {
      List<String> all = new ArrayList<>(words);
      if (args.has("requirements")) {
        all.addAll(List.of("-r", args.str("requirements")));
      } else {
        all.add("--");
        all.addAll(names);
      }
      String script = prefix + createVenv + pip + " " + ShellQuote.join(all);
      result.put("cmd", script);
      return Plan.run(result, on -> run(on, prefix, createVenv, pip, all, true));
    }

    List<Diff> diffs = new ArrayList<>();
    List<String> todo = new ArrayList<>();
    for (String name : names) {
      Requirement req = Requirement.parse(name);
      String have = req == null ? null : installed.get(req.name());
      boolean act =
          switch (state) {
            case "absent" -> req == null || have != null;
            case "forcereinstall" -> true;
            default -> req == null || have == null || !req.satisfiedBy(have);
          };
      if (act) {
        todo.add(state.equals("absent") && req != null ? req.name() : name);
        diffs.add(
            Diff.property(
                req == null ? name : req.name(),
                "version",
                have,
                state.equals("absent") ? null : req == null ? name : wanted(req, name)));
      }
    }
    if (todo.isEmpty()) {
      return Plan.ok(result);
    }
    List<String> argv = new ArrayList<>(words);
    argv.add("--");
    argv.addAll(todo);
    result.put("cmd", pip + " " + ShellQuote.join(argv));
    return Plan.change(diffs, result, on -> run(on, prefix, createVenv, pip, argv, false));
  }

  private static String wanted(Requirement req, String text) {
    return req.clauses().isEmpty() ? "(any)" : text.strip();
  }

  private static String pipCommand(Args args) {
    if (args.has("virtualenv")) {
      return ShellQuote.quote(args.str("virtualenv") + "/bin/python") + " -m pip";
    }
    return args.optStr("executable").map(ShellQuote::quote).orElse("python3 -m pip");
  }

  private static String createVenv(Args args, String venv) throws ModuleException {
    List<String> argv;
    try {
      argv = new ArrayList<>(ShellWords.split(args.str("virtualenv_command")));
    } catch (IllegalArgumentException e) {
      throw new ModuleException("virtualenv_command: " + e.getMessage());
    }
    if (args.bool("virtualenv_site_packages")) {
      argv.add("--system-site-packages");
    }
    argv.add(ShellQuote.operand(venv));
    return ShellQuote.join(argv)
        + " || { echo 'could not create the virtualenv (python3-venv installed?)' >&2; exit 1; }\n";
  }

  /** Runs pip between two listings; with {@code compare}, changed means the listing differs. */
  private static Map<String, Object> run(
      Target target,
      String prefix,
      String createVenv,
      String pip,
      List<String> argv,
      boolean compare)
      throws ModuleException {
    String list = pip + " list --format=freeze --disable-pip-version-check 2>/dev/null";
    String script =
        prefix
            + createVenv
            + "echo @@before; "
            + list
            + "\necho @@output; "
            + pip
            + " "
            + ShellQuote.join(argv)
            + " 2>&1; rc=$?\necho @@after; "
            + list
            + "\necho @@rc; echo $rc";
    ExecResult done = target.run(Command.of(script));
    Sections out = Sections.parse(done.stdout());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stdout", out.text("output"));
    result.put("stderr", done.stderr());
    if (!done.ok() || !out.first("rc").equals("0")) {
      result.put("rc", out.first("rc").isEmpty() ? done.rc() : Integer.parseInt(out.first("rc")));
      throw new ModuleException(
          "pip failed: " + (out.text("output") + done.stderr()).strip(), result);
    }
    if (compare) {
      result.put("changed", !freeze(out.lines("before")).equals(freeze(out.lines("after"))));
    }
    return result;
  }

  private static Map<String, String> freeze(List<String> lines) {
    Map<String, String> installed = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf("==");
      if (eq > 0) {
        installed.put(Requirement.normalize(line.substring(0, eq)), line.substring(eq + 2).strip());
      } else if (line.contains(" @ ")) {
        installed.put(Requirement.normalize(line.substring(0, line.indexOf(" @ "))), "");
      }
    }
    return installed;
  }
}
