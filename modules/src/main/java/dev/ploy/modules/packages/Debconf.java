package dev.ploy.modules.packages;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * debconf: one answer in the debconf database, as Ansible's module sets it: read with debconf-show,
 * set with debconf-set-selections. A password is compared on the target (in debconf's
 * passwords.dat, readable as root) and never leaves it, nor appears in a result or diff.
 */
public final class Debconf implements Module {
  private static final String HIDDEN = "********";

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("debconf")
          .description(
              "Sets an answer in the debconf database (what a package's installation asks),"
                  + " with debconf-set-selections; without a question, reports the package's"
                  + " answers. A password value is never shown.")
          .arg(
              Arg.str("name", "The package whose question it is (debconf's owner).")
                  .aliases("pkg")
                  .required())
          .arg(
              Arg.str("question", "The question, e.g. tzdata/Areas.")
                  .aliases("selection", "setting"))
          .arg(
              Arg.str("vtype", "The answer's type.")
                  .choices(
                      "boolean",
                      "error",
                      "multiselect",
                      "note",
                      "password",
                      "seen",
                      "select",
                      "string",
                      "text",
                      "title"))
          .arg(Arg.str("value", "The answer.").aliases("answer").secret())
          .arg(
              Arg.bool("unseen", "Leave the question unseen (debconf-set-selections -u).")
                  .defaultsTo(false))
          .requiredTogether("question", "vtype", "value")
          .example(
              "- name: Answer the locale question before installing locales\n"
                  + "  ansible.builtin.debconf:\n"
                  + "    name: locales\n"
                  + "    question: locales/default_environment_locale\n"
                  + "    value: en_US.UTF-8\n"
                  + "    vtype: select\n")
          .build();

  /** A package name as dpkg allows it: never an option, never more than one word. */
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]*");

  /** A question: one word without backslashes (debconf-set-selections reads words). */
  private static final Pattern QUESTION = Pattern.compile("[^\\s\\\\]+");

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String name =
        args.matching("name", PACKAGE, "a package name (lower-case letters, digits, + - .)");
    Map<String, String> previous = selections(target, name);
    if (!args.has("question")) {
      return Plan.ok(Map.of("changed", false, "msg", "", "current", previous));
    }
    String question = args.str("question");
    String vtype = args.str("vtype");
    String value = args.str("value");
    if (!QUESTION.matcher(question).matches()) {
      throw new ModuleException(
          "question '" + question + "' must be one word without spaces or backslashes");
    }
    if (value.contains("\n") || value.contains("\r")) {
      throw new ModuleException("value must be one line: debconf-set-selections reads lines");
    }
    boolean password = vtype.equals("password");
    if (vtype.equals("boolean")) {
      value = value.toLowerCase(Locale.ROOT);
    }
    boolean changed;
    if (password) {
      changed = !passwordIs(target, question, value);
    } else if (!previous.containsKey(question)) {
      changed = true;
    } else {
      String existing = previous.get(question);
      if (vtype.equals("boolean")) {
        existing = existing.toLowerCase(Locale.ROOT);
      }
      changed = !value.equals(existing);
    }
    String shown = password ? HIDDEN + (previous.containsKey(question) ? " (changed)" : "") : value;
    if (!changed) {
      return Plan.ok(Map.of("msg", "", "current", previous));
    }
    String before = previous.getOrDefault(question, "");
    if (password && !before.isEmpty()) {
      before = HIDDEN;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("msg", "");
    result.put("current", Map.of(question, shown));
    result.put("previous", Map.of(question, before));
    Diff diff =
        new Diff(
            "debconf " + name, question + ": " + before + "\n", question + ": " + shown + "\n");
    List<String> argv = new ArrayList<>(List.of("debconf-set-selections"));
    if (args.bool("unseen")) {
      argv.add("-u");
    }
    String answer = value;
    String line = String.join(" ", name, question, vtype, answer) + "\n";
    return Plan.change(
        List.of(diff),
        result,
        on -> {
          ExecResult set = on.run(Command.argv(argv).withStdin(line));
          if (!set.ok()) {
            throw new ModuleException(
                "debconf-set-selections failed: " + set.stderr().replace(answer, HIDDEN).strip());
          }
          return Map.of();
        });
  }

  /** The package's answers as debconf-show lists them (passwords show as omitted). */
  private static Map<String, String> selections(Target target, String name) throws ModuleException {
    ExecResult result = target.run("debconf-show", name);
    if (!result.ok()) {
      throw new ModuleException(
          "debconf-show " + name + " failed: " + (result.stderr() + result.stdout()).strip());
    }
    Map<String, String> selections = new LinkedHashMap<>();
    for (String line : result.stdout().split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      while (key.startsWith("*")) {
        key = key.substring(1);
      }
      selections.put(key.strip(), line.substring(colon + 1).strip());
    }
    return selections;
  }

  /**
   * Whether debconf holds exactly this password for the question. The value goes to the target on
   * standard input and is compared there; only the verdict comes back. False when passwords.dat
   * cannot be read (without become), so the answer is set, as Ansible always does.
   */
  private static boolean passwordIs(Target target, String question, String value)
      throws ModuleException {
    String script =
        String.join(
            "\n",
            "f=/var/cache/debconf/passwords.dat",
            "[ -r \"$f\" ] || { echo unknown; exit 0; }",
            "awk -v q=" + ShellQuote.quote(question) + " '",
            "  FNR == NR { want = $0; next }",
            "  /^Name: / { name = substr($0, 7) }",
            "  /^Value: / && name == q { found = 1; same = (substr($0, 8) == want) }",
            "  /^$/ { name = \"\" }",
            "  END { print (found && same) ? \"same\" : \"differs\" }",
            "' - \"$f\"");
    ExecResult result = target.run(Command.of(script).withStdin(value + "\n"));
    return result.ok() && result.stdout().strip().equals("same");
  }
}
