package dev.ploy.modules.files;

import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replaces every match of a Python regular expression in a file, with Ansible's replace rules: read
 * once, replaced in memory ({@link ReplaceEdit}), written atomically when it changes.
 */
public final class Replace implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("replace")
                  .description(
                      "Replaces all matches of a regular expression in a file (optionally only"
                          + " between 'after' and 'before'). Reads the file once, replaces in"
                          + " memory and writes it atomically when it changes, only over the content"
                          + " it read (changed meanwhile: read and edited again).")
                  .arg(FileArgs.editedPath())
                  .arg(
                      Arg.str(
                              "regexp",
                              "Python regular expression (MULTILINE: ^ and $ match at every"
                                  + " line) whose matches are replaced.")
                          .required())
                  .arg(
                      Arg.str(
                              "replace",
                              "The replacement; \\1, \\g<1> and \\g<name> insert groups. Empty"
                                  + " removes the matches.")
                          .defaultsTo(""))
                  .arg(
                      Arg.str(
                          "after",
                          "Only replace after the first match of this regular expression (DOTALL)."))
                  .arg(
                      Arg.str(
                          "before",
                          "Only replace before the last match of this regular expression"
                              + " (DOTALL)."))
                  .arg(FileArgs.backup())
                  .arg(FileArgs.validate("path", null))
                  .arg(Arg.str("encoding", "The file's character encoding.").defaultsTo("utf-8"))
                  .example(
                      "- name: Point the application at the new database host\n"
                          + "  ansible.builtin.replace:\n"
                          + "    path: /etc/app/app.ini\n"
                          + "    regexp: '^(\\s*host\\s*=\\s*)db-old\\.internal$'\n"
                          + "    replace: '\\g<1>db.internal'\n"
                          + "    backup: true\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rc", 0);
    return TextEditPlanner.planEdit(
        target, args, content -> edit(args, content), result, (edit, keys) -> {});
  }

  /** The edit of a file whose bytes are {@code content} (null: the file does not exist). */
  static Edit edit(Args args, byte[] content) throws ModuleException {
    String path = args.str("path");
    if (content == null) {
      throw new ModuleException("Path " + path + " does not exist !", Map.of("rc", 257));
    }
    Charset charset = charset(args.str("encoding"));
    String contents;
    try {
      contents =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ModuleException(
          "Unable to read the contents of "
              + path
              + ": it is not valid "
              + charset.name()
              + "; set encoding to the file's encoding");
    }
    Edit edit =
        ReplaceEdit.apply(
            contents,
            args.str("regexp"),
            args.str("replace"),
            args.optStr("after").orElse(null),
            args.optStr("before").orElse(null));
    return new Edit(
        ByteText.of(edit.changed() ? edit.content().getBytes(charset) : content),
        edit.changed(),
        edit.msg(),
        edit.found());
  }

  private static Charset charset(String name) throws ModuleException {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ModuleException("encoding: unknown character encoding '" + name + "'");
    }
  }
}
