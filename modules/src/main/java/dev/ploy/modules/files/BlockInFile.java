package dev.ploy.modules.files;

import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
                  .arg(FileArgs.editedPath())
                  .arg(Arg.presence("present: the block is in the file; absent: it is removed."))
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
                  .arg(FileArgs.create())
                  .arg(FileArgs.backup())
                  .arg(FileArgs.validate("path", null))
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
    return TextEditPlanner.planEdit(
        target, args, content -> edit(args, content), new LinkedHashMap<>(), (edit, keys) -> {});
  }

  /** The block's edit of {@code content} (null: no file; an edit without content: none made). */
  static Edit edit(Args args, byte[] content) throws ModuleException {
    return TextEditPlanner.edit(bytes -> rules(args, bytes), content);
  }

  private static Edit rules(Args args, byte[] content) throws ModuleException {
    String path = args.str("path");
    boolean present = args.present();
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
    String marker = ByteText.ofText(args.str("marker"));
    BlockEdit rules =
        new BlockEdit(
            present,
            ByteText.ofText(args.str("block")),
            BlockEdit.marker(marker, ByteText.ofText(args.str("marker_begin"))),
            BlockEdit.marker(marker, ByteText.ofText(args.str("marker_end"))),
            insertAfter,
            insertBefore,
            TextEditPlanner.insertion(insertAfter, insertBefore, Set.of("EOF")),
            args.bool("prepend_newline"),
            args.bool("append_newline"));
    return rules.apply(content == null ? null : ByteText.of(content));
  }
}
