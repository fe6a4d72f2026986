package dev.ploy.modules.packages;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.facts.Fact;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs apt-get on a target the one way ploy does: non-interactive (DEBIAN_FRONTEND in the command's
 * environment), in the C locale, after waiting for dpkg's and apt's locks, and with dpkg told how
 * to treat changed configuration files.
 *
 * @param options the options every apt-get call of the task gets (-o ..., -t release...)
 * @param lockTimeout seconds to wait for another package manager to finish
 */
record AptGet(List<String> options, long lockTimeout) {
  /** Exit code of the lock wait when the lock stayed held. */
  static final int LOCK_HELD = 75;

  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "DEBIAN_FRONTEND", "noninteractive", "LC_ALL", "C", "APT_LISTCHANGES_FRONTEND", "none");

  /** The options for dpkg_options ("force-confdef,force-confold"), install_recommends... */
  static List<String> options(
      String dpkgOptions,
      Boolean installRecommends,
      String defaultRelease,
      boolean allowDowngrade) {
    List<String> options = new ArrayList<>();
    for (String option : dpkgOptions.split(",")) {
      String trimmed = option.strip();
      if (!trimmed.isEmpty()) {
        options.add("-o");
        options.add(
            "Dpkg::Options::=--" + (trimmed.startsWith("--") ? trimmed.substring(2) : trimmed));
      }
    }
    if (installRecommends != null) {
      options.add("-o");
      options.add("APT::Install-Recommends=" + (installRecommends ? "true" : "false"));
    }
    if (defaultRelease != null) {
      options.add("-t");
      options.add(defaultRelease);
    }
    if (allowDowngrade) {
      options.add("--allow-downgrades");
    }
    return List.copyOf(options);
  }

  /** {@code apt-get -s} with the task's options: reads the lists only, takes no lock. */
  ExecResult simulate(Target target, List<String> action) throws ModuleException {
    List<String> argv = new ArrayList<>(List.of("apt-get", "-s", "-q", "-o", "Debug::NoLocking=1"));
    argv.addAll(options);
    argv.addAll(action);
    return target.run(Command.argv(argv).withEnvironment(ENVIRONMENT));
  }

  /**
   * Runs {@code apt-get -y <options> <action>} once the locks are free; fails with apt's words. The
   * facts resting on the installed packages are read again afterwards, even after a failure (apt
   * may have done part of the work).
   */
  Map<String, Object> run(Target target, List<String> action, String what) throws ModuleException {
    List<String> argv = new ArrayList<>(List.of("apt-get", "-y", "-q"));
    argv.add("-o");
    argv.add("DPkg::Lock::Timeout=" + lockTimeout);
    argv.addAll(options);
    argv.addAll(action);
    ExecResult done;
    try {
      done = target.run(Command.of(afterLocks(ShellQuote.join(argv))).withEnvironment(ENVIRONMENT));
    } finally {
      target.changed(Fact.Basis.PACKAGES);
    }
    return outcome(done, what);
  }

  /** {@code apt-get update}, then the stamp that cache_valid_time is measured against. */
  Map<String, Object> update(Target target) throws ModuleException {
    String script =
        afterLocks(
            "apt-get -q update && mkdir -p /var/lib/apt/periodic"
                + " && touch /var/lib/apt/periodic/update-success-stamp"
                + " && echo @@stamp && stat -c %Y /var/lib/apt/periodic/update-success-stamp");
    ExecResult done = target.run(Command.of(script).withEnvironment(ENVIRONMENT));
    Map<String, Object> result = outcome(done, "update the package lists (apt-get update)");
    String out = done.stdout();
    int at = out.lastIndexOf("@@stamp\n");
    if (at >= 0) {
      result.put("cache_update_time", Long.parseLong(out.substring(at + 8).strip()));
      result.put("stdout", out.substring(0, at));
    }
    return result;
  }

  private Map<String, Object> outcome(ExecResult done, String what) throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stdout", done.stdout());
    result.put("stderr", done.stderr());
    if (done.rc() == LOCK_HELD && done.stderr().contains("ploy: ")) {
      result.put("rc", done.rc());
      throw new ModuleException(done.stderr().strip().replace("ploy: ", ""), result);
    }
    if (!done.ok()) {
      result.put("rc", done.rc());
      throw new ModuleException("could not " + what + ": " + errors(done), result);
    }
    return result;
  }

  /** apt's error lines (E: ...), else the end of its output. */
  static String errors(ExecResult done) {
    StringBuilder errors = new StringBuilder();
    for (String line : (done.stderr() + "\n" + done.stdout()).split("\n")) {
      if (line.startsWith("E: ") || line.startsWith("dpkg: error")) {
        errors.append(errors.length() > 0 ? "; " : "").append(line.strip());
      }
    }
    if (errors.length() > 0) {
      return errors.toString();
    }
    String all = (done.stderr() + done.stdout()).strip();
    return all.length() > 400 ? "..." + all.substring(all.length() - 400) : all;
  }

  /** {@code script} run once no process holds a dpkg or apt lock, waiting up to lockTimeout. */
  private String afterLocks(String script) {
    return String.join(
        "\n",
        AptState.LOCK_HOLDER,
        "w=0",
        "while h=$(ploy_lock_holder); do",
        "  if [ \"$w\" -ge " + lockTimeout + " ]; then",
        "    printf 'ploy: the package manager lock is held by pid %s; waited %s s (lock_timeout)."
            + " Let that process finish or raise lock_timeout.\\n' \"$h\" \"$w\" >&2",
        "    exit " + LOCK_HELD,
        "  fi",
        "  sleep 1; w=$((w + 1))",
        "done",
        script);
  }
}
