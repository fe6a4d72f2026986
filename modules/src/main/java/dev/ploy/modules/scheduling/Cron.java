package dev.ploy.modules.scheduling;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgRule;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.FileWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manages one job or variable in a user's crontab or in a file under /etc/cron.d, marked by a
 * {@code #Ansible: NAME} comment exactly as Ansible's cron module writes it. The crontab is read
 * with {@code crontab -l}, edited on the control node, and installed with {@code crontab -} on
 * standard input: the job text never passes through a shell.
 */
public final class Cron implements Module {
  private static final List<String> TIME_FIELDS =
      List.of("minute", "hour", "day", "month", "weekday");

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("cron")
          .description(
              "Manages a cron job (or a crontab variable) in a user's crontab or in a file under"
                  + " /etc/cron.d, marked by a '#Ansible: NAME' comment as Ansible writes it.")
          .arg(
              Arg.str(
                      "name",
                      "The job's name, written in the '#Ansible: NAME' line above it; with"
                          + " env=true, the variable's name.")
                  .required())
          .arg(
              Arg.str(
                      "job",
                      "The command to run (written literally), or with env=true the variable's"
                          + " value.")
                  .aliases("value"))
          .arg(
              Arg.str(
                  "user",
                  "Whose crontab to edit (default: the task's user, after become); the user"
                      + " field of a cron_file line."))
          .arg(
              Arg.path(
                  "cron_file",
                  "A file under /etc/cron.d (a bare name) or an absolute path to manage instead"
                      + " of a user's crontab; needs user."))
          .arg(Arg.presence("Whether the job or variable should be there."))
          .arg(
              Arg.bool(
                      "backup",
                      "Save the crontab as it was to a temporary file on the target"
                          + " (backup_file) before changing it.")
                  .defaultsTo(false))
          .arg(Arg.str("minute", "Minute field (0-59, *, */5...).").defaultsTo("*"))
          .arg(Arg.str("hour", "Hour field (0-23, *, */2...).").defaultsTo("*"))
          .arg(
              Arg.str("day", "Day of the month field (1-31, *...).").defaultsTo("*").aliases("dom"))
          .arg(Arg.str("month", "Month field (1-12, *...).").defaultsTo("*"))
          .arg(
              Arg.str("weekday", "Day of the week field (0-6 for Sunday-Saturday, *...).")
                  .defaultsTo("*")
                  .aliases("dow"))
          .arg(
              Arg.str("special_time", "A special time instead of the five fields (@daily...).")
                  .choices("reboot", "yearly", "annually", "monthly", "weekly", "daily", "hourly"))
          .arg(
              Arg.bool("disabled", "Write the job commented out with '#' (state=present only).")
                  .defaultsTo(false))
          .arg(
              Arg.bool(
                      "env",
                      "Manage a variable line NAME=\"value\" instead of a job (job is the value).")
                  .defaultsTo(false))
          .arg(
              Arg.str(
                  "insertafter",
                  "With env=true: put a new variable after this variable's declaration."))
          .arg(
              Arg.str(
                  "insertbefore",
                  "With env=true: put a new variable before this variable's declaration."))
          .mutuallyExclusive("insertafter", "insertbefore")
          .rule(
              ArgRule.requiredIf("state", "present", "job")
                  .saying("You must specify 'job' to install a new cron job or variable"))
          .example(
              "- name: Rotate the application's logs every night\n"
                  + "  ansible.builtin.cron:\n"
                  + "    name: rotate app logs\n"
                  + "    user: app\n"
                  + "    minute: \"30\"\n"
                  + "    hour: \"2\"\n"
                  + "    job: /srv/app/bin/rotate-logs > /dev/null 2>&1\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name = args.str("name");
    String user = args.optStr("user").orElse(null);
    String job = args.optStr("job").orElse(null);
    String cronFile = cronFilePath(args);
    boolean present = args.present();
    boolean env = args.bool("env");
    String special = args.optStr("special_time").orElse(null);
    List<String> fields = new ArrayList<>();
    for (String field : TIME_FIELDS) {
      fields.add(args.str(field));
    }
    validate(args, present, user, job, cronFile, special, fields, env, name);

    Source source = read(target, user, cronFile);
    CronTab tab = source.tab();
    String before = tab.existing();
    boolean changed = false;
    List<String> warnings = new ArrayList<>();
    List<Plan.Assumption> assumptions = new ArrayList<>();

    if (env) {
      String declaration = CronTab.envLine(name, job);
      Optional<Integer> old = tab.findEnv(name);
      if (present) {
        if (old.isEmpty()) {
          if (!tab.addEnv(
              declaration,
              args.optStr("insertafter").orElse(null),
              args.optStr("insertbefore").orElse(null))) {
            String other =
                args.optStr("insertafter").orElse(args.optStr("insertbefore").orElse(""));
            // an earlier task may declare it; in check mode it may only have planned to
            assumptions.add(
                Plan.Assumption.warned(
                    "Variable named '" + other + "' not found.",
                    "Variable named '" + other + "' not found; it would be placed at the top"));
            tab.addEnv(declaration, null, null);
          }
          changed = true;
        } else if (!tab.line(old.get()).equals(declaration)) {
          tab.replaceEnv(name, declaration);
          changed = true;
        }
      } else if (old.isPresent()) {
        tab.replaceEnv(name, null);
        changed = true;
      }
    } else if (present) {
      String stripped = job.replaceAll("^[\r\n]+|[\r\n]+$", "");
      if (stripped.contains("\n") || stripped.contains("\r")) {
        warnings.add("Job should not contain line breaks");
      }
      String line =
          CronTab.jobLine(
              fields, special, job, args.bool("disabled"), cronFile == null ? null : user);
      Optional<CronTab.Found> old = tab.findJob(name, line);
      if (old.isEmpty()) {
        tab.addJob(name, line);
        changed = true;
      } else if (!old.get().line().equals(line) || old.get().markerAdded()) {
        tab.updateJob(name, line);
        changed = true;
      }
    } else if (tab.findJob(name, null).isPresent()) {
      tab.removeJob(name);
      changed = true;
      if (cronFile != null && tab.isEmpty()) {
        return removeFile(cronFile, before);
      }
    }
    if (!changed && tab.lacksFinalNewline()) {
      changed = true;
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("jobs", tab.jobNames());
    result.put("envs", tab.envNames());
    if (!warnings.isEmpty()) {
      result.put("warnings", warnings);
    }
    if (cronFile != null) {
      result.put("cron_file", cronFile);
    }
    if (!changed) {
      return Plan.ok(result);
    }
    String after = tab.render();
    boolean backup = args.bool("backup");
    if (cronFile != null) {
      FileWrites.Planned write =
          FileWrites.plan(target, cronFile, after, source.exists() ? null : "0644", null, null);
      return Plan.change(
              write.diffs(),
              result,
              on -> {
                Map<String, Object> done = backup ? backup(on, before) : new LinkedHashMap<>();
                write.applyOn(on);
                return done;
              })
          .assuming(assumptions);
    }
    String header = user == null ? "crontab" : "crontab for user \"" + user + "\"";
    return Plan.change(
            List.of(new Diff(header, before, after)),
            result,
            on -> {
              Map<String, Object> done = backup ? backup(on, before) : new LinkedHashMap<>();
              install(on, user, after);
              return done;
            })
        .assuming(assumptions);
  }

  private static void validate(
      Args args,
      boolean present,
      String user,
      String job,
      String cronFile,
      String special,
      List<String> fields,
      boolean env,
      String name)
      throws ModuleException {
    if ("/etc/crontab".equals(cronFile)) {
      throw new ModuleException( // Ansible's words (a file under /etc/cron.d is what to give)
          "Will not manage /etc/crontab via cron_file, see documentation.");
    }
    if (special != null && fields.stream().anyMatch(f -> !f.equals("*"))) {
      throw new ModuleException("You must specify time and date fields or special time.");
    }
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).isEmpty() || fields.get(i).matches("(?s).*[\\s].*")) {
        throw new ModuleException(
            TIME_FIELDS.get(i)
                + " must be one cron field without spaces, not '"
                + fields.get(i)
                + "'");
      }
    }
    if (name.contains("\n") || name.contains("\r")) {
      throw new ModuleException(
          "name must be one line: it is written as the '#Ansible: NAME' line");
    }
    if (present) {
      if (cronFile != null && user == null) {
        throw new ModuleException(
            "To use cron_file=... parameter you must specify user=... as well");
      }
      if ((args.has("insertafter") || args.has("insertbefore")) && !env) {
        throw new ModuleException(
            "Insertafter and insertbefore parameters are valid only with env=yes");
      }
    }
    if (env && name.contains(" ")) {
      throw new ModuleException("Invalid name for environment variable");
    }
  }

  /**
   * The cron file: an absolute path as given, a relative one under /etc/cron.d, which it may not
   * leave ('..' is refused: a name computed from data must not reach /etc/passwd).
   */
  private static String cronFilePath(Args args) throws ModuleException {
    String file = args.optStr("cron_file").orElse(null);
    if (file == null || file.startsWith("/")) {
      return file;
    }
    if (List.of(file.split("/")).contains("..")) {
      throw new ModuleException(
          "cron_file '" + file + "' leaves /etc/cron.d: give a name there or an absolute path");
    }
    return "/etc/cron.d/" + file;
  }

  private record Source(CronTab tab, boolean exists) {}

  /** Reads the crontab in one command: a user's listing, or a cron file. */
  private static Source read(Target target, String user, String cronFile) throws ModuleException {
    if (cronFile != null) {
      String f = ShellQuote.quote(cronFile);
      ExecResult read =
          target.run(
              Command.of(
                  "if [ -f "
                      + f
                      + " ]; then echo present; cat -- "
                      + f
                      + "; else echo absent; fi"));
      if (!read.ok()) {
        throw ModuleException.commandFailed(
            "cannot read " + cronFile + ": " + read.stderr().strip(), read);
      }
      String out = read.stdout();
      int newline = out.indexOf('\n');
      boolean exists = out.startsWith("present");
      return new Source(CronTab.ofFile(exists ? out.substring(newline + 1) : ""), exists);
    }
    ExecResult read = target.run(Command.of(crontabCommand(user, "-l")));
    // crontab -l exits 1 both for "no crontab for USER" (an empty table) and for real failures
    boolean noTable = read.rc() == 1 && read.stderr().contains("no crontab");
    if (read.rc() != 0 && !noTable) {
      throw ModuleException.commandFailed(
          "Unable to read crontab"
              + (user == null ? "" : " of " + user)
              + ": "
              + read.stderr().strip(),
          read);
    }
    return new Source(CronTab.ofListing(read.rc() == 0 ? read.stdout() : ""), read.rc() == 0);
  }

  /** crontab with -u USER unless USER is the one running it (crontab refuses -u to non-root). */
  private static String crontabCommand(String user, String operation) {
    if (user == null) {
      return "crontab " + operation;
    }
    String quoted = ShellQuote.quote(user);
    return "if [ \"$(id -un)\" = "
        + quoted
        + " ]; then crontab "
        + operation
        + "; else crontab -u "
        + quoted
        + " "
        + operation
        + "; fi";
  }

  private static void install(Target target, String user, String content) throws ModuleException {
    ExecResult done = target.run(Command.of(crontabCommand(user, "-")).withStdin(content));
    if (!done.ok()) {
      throw ModuleException.commandFailed(
          "crontab rejected the new crontab: " + (done.stderr() + done.stdout()).strip(), done);
    }
  }

  /** Saves the old crontab to a private temporary file on the target; returns backup_file. */
  private static Map<String, Object> backup(Target target, String before) throws ModuleException {
    ExecResult saved =
        target.run(
            Command.of("umask 077; f=$(mktemp /tmp/crontabXXXXXXXX) && cat > \"$f\" && echo \"$f\"")
                .withStdin(before));
    if (!saved.ok()) {
      throw new ModuleException("could not back up the crontab: " + saved.stderr().strip());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("backup_file", saved.stdout().strip());
    return result;
  }

  /** The last job of a cron file removed: the file goes (as Ansible does). */
  private static Plan removeFile(String cronFile, String before) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("cron_file", cronFile);
    result.put("state", "absent");
    return Plan.change(
        List.of(new Diff(cronFile, before, "")),
        result,
        on -> {
          ExecResult done = on.run("rm", "-f", "--", cronFile);
          if (!done.ok()) {
            throw new ModuleException(
                "could not remove " + cronFile + ": " + done.stderr().strip());
          }
          return Map.of();
        });
  }
}
