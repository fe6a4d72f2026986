package dev.ploy.modules.files;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting (or a whole section) of an INI file, as community.general.ini_file edits it: the file
 * is read in one command, edited in memory with that module's rules (a commented-out option is
 * taken over, duplicates go when exclusive, a missing section is appended) and written atomically.
 */
public final class IniFile implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("ini_file")
                  .description(
                      "Adds, changes or removes one option of an INI-style file, or a whole"
                          + " section, leaving the rest of the file as it is. The file is created"
                          + " when missing (create), read once, edited in memory and written"
                          + " atomically when it changes.")
                  .arg(
                      Arg.path("path", "The INI file (created when missing, with create).")
                          .required()
                          .aliases("dest"))
                  .arg(
                      Arg.str(
                          "section",
                          "The section ([name]); omitted or empty: the options before the first"
                              + " section (a file without sections). Added when missing."))
                  .arg(
                      Arg.str(
                          "option",
                          "The option's name; omitted: the whole section (state=absent removes"
                              + " it)."))
                  .arg(Arg.str("value", "The option's value (same as values: [value])."))
                  .arg(
                      Arg.list(
                              "values",
                              "The option's values, one 'option = value' line each (an option"
                                  + " given several times).")
                          .elements(ArgType.STR))
                  .arg(
                      Arg.str(
                              "state",
                              "present: the option has the value(s); absent: the option (or"
                                  + " with exclusive=false only its given values) or the"
                                  + " section is removed.")
                          .choices("absent", "present")
                          .defaultsTo("present"))
                  .arg(
                      Arg.bool(
                              "exclusive",
                              "present: other lines of the option are removed; absent: every"
                                  + " line of the option is removed, whatever its value. false:"
                                  + " only the given values are added or removed.")
                          .defaultsTo(true))
                  .arg(
                      Arg.bool("no_extra_spaces", "Write 'option=value', without spaces.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "allow_no_value",
                              "An option may stand alone, without '=' and a value (my.cnf's"
                                  + " skip-name-resolve).")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "create",
                              "Create the file (and its directories) when missing; false: fail.")
                          .defaultsTo(true))
                  .arg(FileArgs.backup())
                  .mutuallyExclusive("value", "values")
                  .example(
                      "- name: Let MariaDB listen on every address\n"
                          + "  community.general.ini_file:\n"
                          + "    path: /etc/mysql/mariadb.conf.d/60-server.cnf\n"
                          + "    section: mysqld\n"
                          + "    option: bind-address\n"
                          + "    value: 0.0.0.0\n"
                          + "    mode: \"0644\"\n"))
          .build();

  /** The stand-in name of the lines before the first section, as the Python module has it. */
  private static final String TOP = "ad01e11446efb704fcdbdb21f2c43757423d91c5";

  private static final Pattern BLANK_OR_COMMENT =
      Pattern.compile("[ \\t]*([#;].*)?$", Pattern.UNIX_LINES);

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    check(args);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("path", args.str("path"));
    return TextEditPlanner.planEdit(
        target, args, content -> edit(args, content), result, (edit, keys) -> {});
  }

  private static void check(Args args) throws ModuleException {
    List<String> words = new ArrayList<>(args.strings("values"));
    words.add(args.optStr("section").orElse(""));
    words.add(args.optStr("option").orElse(""));
    words.add(args.optStr("value").orElse(""));
    for (String word : words) {
      if (word != null && (word.contains("\n") || word.contains("\r"))) {
        // written as it is, a line break would add lines (options, sections) of its own
        throw new ModuleException(
            "section, option and values must be one line each; '"
                + word.replace("\n", "\\n").replace("\r", "\\r")
                + "' contains a line break");
      }
    }
    if (args.str("state").equals("present")
        && !args.bool("allow_no_value")
        && !args.has("value")
        && args.strings("values").isEmpty()) {
      throw new ModuleException(
          "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.");
    }
  }

  /** The edit of {@code content} (null: no file; an edit without content: none made). */
  static Edit edit(Args args, byte[] content) throws ModuleException {
    check(args);
    if (content == null && !args.bool("create")) {
      throw new ModuleException(
          "Destination " + args.str("path") + " does not exist!", Map.of("rc", 257));
    }
    List<String> values = new ArrayList<>();
    List<String> given = args.has("value") ? List.of(args.str("value")) : args.strings("values");
    for (String value : given) {
      String bytes = ByteText.ofText(value);
      if (value != null && !values.contains(bytes)) {
        values.add(bytes);
      }
    }
    Edit edit =
        new Rules(
                ByteText.ofText(args.optStr("section").orElse(null)),
                ByteText.ofText(args.optStr("option").orElse(null)),
                values,
                args.str("state").equals("present"),
                args.bool("exclusive"),
                args.bool("no_extra_spaces"),
                args.bool("allow_no_value"))
            .apply(content == null ? "" : ByteText.of(content));
    if (content == null && !edit.changed()) {
      return Edit.unchanged(null, edit.msg());
    }
    return edit;
  }

  /** The Python module's rules, over the file's lines (bytes as {@link ByteText}, ends kept). */
  private record Rules(
      String section,
      String option,
      List<String> values,
      boolean present,
      boolean exclusive,
      boolean noExtraSpaces,
      boolean allowNoValue) {

    Edit apply(String text) {
      List<String> lines = ByteText.readlines(universalNewlines(withoutBom(text)));
      boolean changed = false;
      String msg = "OK";
      if (lines.isEmpty()) {
        lines.add("\n");
      }
      String last = lines.get(lines.size() - 1);
      if (!last.endsWith("\n")) {
        lines.set(lines.size() - 1, last + "\n");
        changed = true;
      }
      lines.add(0, "[" + TOP + "]");
      lines.add("[");
      String name = section == null || section.isEmpty() ? TOP : section;
      List<String> remaining = new ArrayList<>(values);

      boolean within = false;
      int start = 0;
      int end = 0;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.startsWith("[" + name + "]")) {
          within = true;
          start = i;
        } else if (line.startsWith("[") && within) {
          end = i;
          break;
        }
      }
      List<String> before = new ArrayList<>(lines.subList(0, start));
      List<String> body = new ArrayList<>(lines.subList(start, end));
      List<String> after = new ArrayList<>(lines.subList(end, lines.size()));
      List<Boolean> touched = new ArrayList<>();
      body.forEach(line -> touched.add(false));
      boolean bareOptionPresent = false;

      if (present && option != null) {
        // 1. lines whose value is one of the values are kept (rewritten in this module's format)
        for (int i = 0; i < body.size(); i++) {
          Matcher match = matchOption(body.get(i), false);
          if (match == null) {
            continue;
          }
          String value = match.group(6);
          if (!remaining.isEmpty() && remaining.contains(value)) {
            String line;
            if (value.isEmpty() && allowNoValue) {
              line = option + "\n";
              bareOptionPresent = true;
            } else {
              line = assignment(value);
            }
            if (!body.get(i).equals(line)) {
              changed = true;
              msg = "option changed";
            }
            body.set(i, line);
            touched.set(i, true);
            remaining.remove(value);
          } else if (remaining.isEmpty() && allowNoValue) {
            String line = option + "\n";
            if (!body.get(i).equals(line)) {
              changed = true;
              msg = "option changed";
            }
            body.set(i, line);
            touched.set(i, true);
            bareOptionPresent = true;
            break;
          }
        }
      }
      if (present && exclusive && !allowNoValue && option != null) {
        // 2. other lines of the option take the values left; 3. the rest of them go
        if (!remaining.isEmpty()) {
          for (int i = 0; i < body.size(); i++) {
            if (!touched.get(i) && matchOption(body.get(i), false) != null) {
              String line = assignment(remaining.remove(0));
              if (!body.get(i).equals(line)) {
                changed = true;
                msg = "option changed";
              }
              body.set(i, line);
              touched.set(i, true);
              if (remaining.isEmpty()) {
                break;
              }
            }
          }
        }
        for (int i = body.size() - 1; i > 0; i--) {
          if (!touched.get(i) && matchOption(body.get(i), false) != null) {
            body.remove(i);
            touched.remove(i);
            changed = true;
            msg = "option changed";
          }
        }
      }
      if (present) {
        // 4. what is still missing goes after the section's last line that is not blank or comment
        for (int i = body.size(); i > 0; i--) {
          if (!BLANK_OR_COMMENT.matcher(body.get(i - 1)).lookingAt()) {
            if (option != null && !remaining.isEmpty()) {
              List<String> added = new ArrayList<>();
              remaining.forEach(value -> added.add(assignment(value)));
              body.addAll(i, added);
              msg = "option added";
              changed = true;
            } else if (option != null && allowNoValue && !bareOptionPresent) {
              body.add(i, option + "\n");
              msg = "option added";
              changed = true;
            }
            break;
          }
        }
      } else if (option != null) {
        List<String> kept = new ArrayList<>();
        for (String line : body) {
          Matcher match = matchOption(line, true);
          if (match == null || !exclusive && !values.contains(match.group(6))) {
            kept.add(line);
          }
        }
        if ((exclusive || !values.isEmpty()) && !kept.equals(body)) {
          changed = true;
          msg = "option changed";
          body = kept;
        }
      } else if (!body.isEmpty()) {
        body = new ArrayList<>();
        msg = "section removed";
        changed = true;
      }

      List<String> out = new ArrayList<>(before);
      out.addAll(body);
      out.addAll(after);
      out.remove(0);
      out.remove(out.size() - 1);
      if (!within && present) {
        out.add("[" + name + "]\n");
        msg = "section and option added";
        if (option != null && !remaining.isEmpty()) {
          remaining.forEach(value -> out.add(assignment(value)));
        } else if (option != null && allowNoValue) {
          out.add(option + "\n");
        } else {
          msg = "only section added";
        }
        changed = true;
      }
      return new Edit(String.join("", out), changed, msg, 0);
    }

    private String assignment(String value) {
      return option + (noExtraSpaces ? "=" : " = ") + value + "\n";
    }

    /**
     * The option's line ({@code option = value}, {@code option} alone), commented out with # or ;
     * too unless {@code active}; group 6 is the value. Null when the line is not the option's.
     */
    private Matcher matchOption(String line, boolean active) {
      Matcher matcher =
          Pattern.compile(
                  (active ? "" : "[#;]?")
                      + "( |\\t)*("
                      + Pattern.quote(option)
                      + ")( |\\t)*(=|$)( |\\t)*(.*)",
                  Pattern.UNIX_LINES)
              .matcher(line);
      return matcher.lookingAt() ? matcher : null;
    }
  }

  private static String withoutBom(String text) {
    return text.startsWith("\u00ef\u00bb\u00bf") ? text.substring(3) : text;
  }

  /** Python's text mode: "\r\n" and "\r" read as "\n". */
  private static String universalNewlines(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }
}
