package dev.ploy.modules.files;

import dev.ploy.expr.PyPattern;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a block of lines between marker lines in a file, with Ansible's blockinfile rules: read
 * once, edited in memory ({@link BlockEdit}), written atomically when it changes.
 */
public final class BlockInFile implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("blockinfile")
                  .description(
                      "Inserts, updates or removes a block of lines surrounded by marker lines."
                          + " Reads the file once, edits it in memory and writes it atomically"
                          + " when it changes, only over the content it read (changed meanwhile:"
                          + " read and edited again).")
                  .arg(
                      Arg.path("path", "The file to edit (symbolic links are followed).")
                          .required()
                          .aliases("dest", "destfile", "name"))
                  .arg(
                      Arg.str("state", "present: the block is in the file; absent: it is removed.")
                          .choices("absent", "present")
                          .defaultsTo("present"))
                  .arg(
                      Arg.str(
                              "marker",
                              "The marker line template; {mark} becomes marker_begin or"
                                  + " marker_end. Give each block of a file its own marker.")
                          .defaultsTo("# {mark} ANSIBLE MANAGED BLOCK"))
                  .arg(
                      Arg.str(
                              "block",
                              "The lines between the markers; empty removes the block, like"
                                  + " state=absent.")
                          .aliases("content")
                          .defaultsTo(""))
                  .arg(
                      Arg.str(
                          "insertafter",
                          "Without markers in the file, insert after the last line matching this"
                              + " regular expression, or EOF (default). No match: EOF."))
                  .arg(
                      Arg.str(
                          "insertbefore",
                          "Without markers in the file, insert before the last line matching"
                              + " this regular expression, or BOF. No match: EOF."))
                  .arg(
                      Arg.bool("create", "Create the file (and its directories) when missing.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool("backup", "Keep a timestamped copy of the file replaced.")
                          .defaultsTo(false))
                  .arg(
                      Arg.str(
                          "validate",
                          "Command run on the new file before it replaces path; %s is the file."))
                  .arg(
                      Arg.str("marker_begin", "Replaces {mark} in the first marker line.")
                          .defaultsTo("BEGIN"))
                  .arg(
                      Arg.str("marker_end", "Replaces {mark} in the last marker line.")
                          .defaultsTo("END"))
                  .arg(
                      Arg.bool(
                              "prepend_newline",
                              "Put a blank line before the inserted block unless it starts the"
                                  + " file or follows one.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "append_newline",
                              "Put a blank line after the inserted block unless it ends the file"
                                  + " or one follows.")
                          .defaultsTo(false))
                  .mutuallyExclusive("insertbefore", "insertafter")
                  .example(
                      "- name: Let the monitoring host in\n"
                          + "  ansible.builtin.blockinfile:\n"
                          + "    path: /etc/hosts.allow\n"
                          + "    marker: \"# {mark} monitoring\"\n"
                          + "    block: |\n"
                          + "      sshd: 10.0.0.5\n"
                          + "      snmpd: 10.0.0.5\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String path = args.str("path");
    TextFile file = TextEditPlanner.readRegular(target, path);
    Edit edit = edit(args, file.content());
    Map<String, Object> result = new LinkedHashMap<>();
    if (edit.content() == null) {
      result.put("msg", edit.msg());
      return Plan.ok(result);
    }
    return TextEditPlanner.plan(args, file, edit, content -> edit(args, content), result);
  }

  /**
   * The edit of a file whose bytes are {@code content} (null: the file does not exist); an edit
   * with null content means there is no file and nothing to do.
   */
  static Edit edit(Args args, byte[] content) throws ModuleException {
    try {
      return rules(args, content);
    } catch (IllegalArgumentException badPattern) {
      throw new ModuleException(badPattern.getMessage());
    }
  }

  private static Edit rules(Args args, byte[] content) throws ModuleException {
    String path = args.str("path");
    boolean present = args.str("state").equals("present");
    if (content == null) {
      if (!args.bool("create")) {
        throw new ModuleException(
            "Path " + path + " does not exist ! (set create: true to create it)",
            Map.of("rc", 257));
      }
      if (!present) {
        return Edit.unchanged(null, "File " + path + " not present");
      }
    }
    String insertAfter = args.optStr("insertafter").orElse(null);
    String insertBefore = args.optStr("insertbefore").orElse(null);
    if (insertAfter == null && insertBefore == null) {
      insertAfter = "EOF";
    }
    String insertPattern = null;
    if (insertAfter != null && !insertAfter.equals("EOF")) {
      insertPattern = insertAfter;
    } else if (insertBefore != null && !insertBefore.equals("BOF")) {
      insertPattern = insertBefore;
    }
    String marker = ByteText.ofText(args.str("marker"));
    BlockEdit rules =
        new BlockEdit(
            present,
            ByteText.ofText(args.str("block")),
            BlockEdit.marker(marker, ByteText.ofText(args.str("marker_begin"))),
            BlockEdit.marker(marker, ByteText.ofText(args.str("marker_end"))),
            insertAfter,
            insertBefore,
            insertPattern == null
                ? null
                : PyPattern.compile(
                    ByteText.ofText(insertPattern),
                    0,
                    false,
                    insertAfter != null ? "insertafter" : "insertbefore"),
            args.bool("prepend_newline"),
            args.bool("append_newline"));
    return rules.apply(content == null ? null : ByteText.of(content));
  }
}
