package dev.ploy.modules.files;

import dev.ploy.expr.PyPattern;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgRule;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ensures one line is in a file (or that matching lines are not), with Ansible's lineinfile rules:
 * the file is read in one command, edited in memory ({@link LineEdit}) and written atomically.
 */
public final class LineInFile implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("lineinfile")
                  .description(
                      "Ensures a line is in a file, replacing the line a regular expression (or a"
                          + " literal) matches, or removes matching lines. Reads the file once,"
                          + " edits it in memory and writes it atomically when it changes, only over"
                          + " the content it read (changed meanwhile: read and edited again).")
                  .arg(FileArgs.editedPath())
                  .arg(
                      Arg.presence(
                          "present: the line is in the file; absent: no line matches"
                              + " regexp, search_string or equals line."))
                  .arg(
                      Arg.str(
                              "regexp",
                              "Python regular expression searched in every line; with"
                                  + " state=present the last match (first with firstmatch) is"
                                  + " replaced, with state=absent every match is removed.")
                          .aliases("regex"))
                  .arg(
                      Arg.str(
                          "search_string",
                          "A literal string searched in every line, like regexp without regex"
                              + " syntax."))
                  .arg(
                      Arg.str("line", "The line to put in the file (state=present).")
                          .aliases("value"))
                  .arg(
                      Arg.str(
                          "insertafter",
                          "Without a regexp/search_string match, insert after the last line"
                              + " matching this regular expression; EOF (default) or BOF. No"
                              + " match: EOF."))
                  .arg(
                      Arg.str(
                          "insertbefore",
                          "Without a regexp/search_string match, insert before the last line"
                              + " matching this regular expression, or BOF. No match: EOF."))
                  .arg(
                      Arg.bool(
                              "backrefs",
                              "Expand \\1 and \\g<name> in line from the regexp match; when"
                                  + " regexp matches nothing the file is left unchanged.")
                          .defaultsTo(false))
                  .arg(FileArgs.create())
                  .arg(FileArgs.backup())
                  .arg(
                      Arg.bool(
                              "firstmatch",
                              "Use the first line matching regexp/insertafter/insertbefore, not"
                                  + " the last.")
                          .defaultsTo(false))
                  .arg(FileArgs.validate("path", "visudo -cf %s"))
                  .mutuallyExclusive("insertbefore", "insertafter")
                  .mutuallyExclusive("regexp", "search_string")
                  .mutuallyExclusive("backrefs", "search_string")
                  .rule(
                      ArgRule.requiredIf("state", "present", "line")
                          .saying("line is required with state=present"))
                  .rule(
                      ArgRule.requiredIfAny("state", "absent", "line", "search_string", "regexp")
                          .saying(
                              "one of line, search_string, or regexp is required with"
                                  + " state=absent"))
                  .example(
                      "- name: Disable SSH password logins\n"
                          + "  ansible.builtin.lineinfile:\n"
                          + "    path: /etc/ssh/sshd_config\n"
                          + "    regexp: '^#?PasswordAuthentication '\n"
                          + "    line: PasswordAuthentication no\n"
                          + "    validate: /usr/sbin/sshd -t -f %s\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    String regexp = args.optStr("regexp").orElse(null);
    if ("".equals(regexp) || "".equals(args.optStr("search_string").orElse(null))) {
      result.put("warnings", List.of(emptySearchWarning(regexp)));
    }
    boolean absent = !args.present();
    return TextEditPlanner.planEdit(
        target,
        args,
        content -> edit(args, content),
        result,
        (edit, keys) -> {
          keys.put("backup", "");
          if (absent) {
            keys.put("found", edit.found());
          }
        });
  }

  /** The line's edit of {@code content} (null: no file; an edit without content: none made). */
  static Edit edit(Args args, byte[] content) throws ModuleException {
    return TextEditPlanner.edit(bytes -> rules(args, bytes), content);
  }

  private static Edit rules(Args args, byte[] content) throws ModuleException {
    String path = args.str("path");
    boolean present = args.present();
    String regexp = args.optStr("regexp").orElse(null);
    String searchString = args.optStr("search_string").orElse(null);
    String line = args.optStr("line").orElse(null);
    String insertAfter = args.optStr("insertafter").orElse(null);
    String insertBefore = args.optStr("insertbefore").orElse(null);
    if (present) {
      if (args.bool("backrefs") && regexp == null) {
        throw new ModuleException("regexp is required with backrefs=true");
      }
      if (insertAfter == null && insertBefore == null) {
        insertAfter = "EOF";
      }
    }
    LineEdit rules =
        new LineEdit(
            regexp == null ? null : PyPattern.compile(ByteText.ofText(regexp), 0, false, "regexp"),
            ByteText.ofText(searchString),
            ByteText.ofText(line),
            insertAfter,
            insertBefore,
            TextEditPlanner.insertion(insertAfter, insertBefore, Set.of("BOF", "EOF")),
            args.bool("backrefs"),
            args.bool("firstmatch"));
    if (content == null) {
      if (!present) {
        return Edit.unchanged(null, "file not present");
      }
      if (!args.bool("create")) {
        throw new ModuleException(
            "Destination " + path + " does not exist ! (set create: true to create it)",
            Map.of("rc", 257));
      }
      return rules.present("");
    }
    String before = ByteText.of(content);
    return present ? rules.present(before) : rules.absent(before);
  }

  private static String emptySearchWarning(String regexp) {
    String name = "".equals(regexp) ? "regular expression" : "search string";
    String msg =
        "The "
            + name
            + " is an empty string, which will match every line in the file. This may have"
            + " unintended consequences, such as replacing the last line in the file rather than"
            + " appending.";
    if ("".equals(regexp)) {
      msg += " If this is desired, use '^' to match every line in the file and avoid this warning.";
    }
    return msg;
  }
}
