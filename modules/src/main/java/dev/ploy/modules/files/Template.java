package dev.ploy.modules.files;

import dev.ploy.expr.Jinja;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.Map;

/** Renders a template on the control node and puts the result on the target, like copy. */
public final class Template implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("template")
                  .description(
                      "Renders a Jinja2 template as Ansible does (a *.mustache file: Mustache"
                          + " sections and partials, with expressions inside {{ }}) with the task's"
                          + " variables and writes it to the target atomically, only when the"
                          + " result differs.")
                  .arg(
                      Arg.path(
                              "src",
                              "The template on the control node (relative: the role's templates/,"
                                  + " then templates/ beside the playbook).")
                          .required()
                          .template())
                  .arg(Arg.path("dest", "Path of the rendered file on the target.").required())
                  .arg(FileArgs.backup())
                  .arg(FileArgs.force())
                  .arg(FileArgs.validate("dest", "nginx -t -c %s"))
                  .arg(Arg.str("block_start_string", "Jinja block start marker.").defaultsTo("{%"))
                  .arg(Arg.str("block_end_string", "Jinja block end marker.").defaultsTo("%}"))
                  .arg(
                      Arg.str("variable_start_string", "Jinja expression start marker.")
                          .defaultsTo("{{"))
                  .arg(
                      Arg.str("variable_end_string", "Jinja expression end marker.")
                          .defaultsTo("}}"))
                  .arg(
                      Arg.str("comment_start_string", "Jinja comment start marker.")
                          .defaultsTo("{#"))
                  .arg(Arg.str("comment_end_string", "Jinja comment end marker.").defaultsTo("#}"))
                  .arg(
                      Arg.bool("trim_blocks", "Remove the newline after a block tag.")
                          .defaultsTo(true))
                  .arg(
                      Arg.bool("lstrip_blocks", "Strip the spaces before a block tag.")
                          .defaultsTo(false))
                  .arg(
                      Arg.str(
                              "newline_sequence",
                              "Line ending of the template's own text: \\n, \\r or \\r\\n"
                                  + " (escaped or not).")
                          .defaultsTo("\\n"))
                  .arg(
                      Arg.str(
                              "output_encoding",
                              "Encoding of the file written (utf-8, latin-1...).")
                          .defaultsTo("utf-8"))
                  .notHonoured(Arg.bool("follow", "Follow a link at dest.").defaultsTo(false))
                  .example(
                      "- name: Configure the site\n"
                          + "  ansible.builtin.template:\n"
                          + "    src: site.conf.j2\n"
                          + "    dest: /etc/nginx/sites-available/app.conf\n"
                          + "    mode: \"0644\"\n"
                          + "  notify: reload nginx\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Path source = target.findLocalFile(args.str("src"), "templates");
    String dest = args.str("dest");
    String rendered = target.renderTemplateFile(source, dest, options(args));
    Attributes attributes = Attributes.of(args).forSource(source);
    // into a directory (dest ending in '/', or one that exists): the template's own file name,
    // .j2 kept, as Ansible names it
    String name = source.getFileName().toString();
    if (dest.endsWith("/")) {
      dest = Copy.join(dest, name);
    }
    FileInfo info = FileInfo.probe(target, dest, true, attributes);
    if (info.effective().type().equals("directory")) {
      dest = Copy.join(dest, name);
      info = FileInfo.probe(target, dest, true, attributes);
    }
    return FilePlanner.plan(
        target,
        FilePlanner.request(args, dest, encoded(rendered, args.str("output_encoding")), attributes),
        info,
        Map.of("src", source.toString()));
  }

  /** The rendered text in output_encoding; a character it cannot hold is an error, as in Python. */
  private static Content encoded(String text, String given) throws ModuleException {
    // an empty output_encoding means the default, as Ansible's template action reads it
    String encoding = given.isEmpty() ? "utf-8" : given;
    Charset charset;
    try {
      charset = Charset.forName(encoding.replace("latin-1", "latin1"));
    } catch (IllegalArgumentException e) {
      throw new ModuleException("output_encoding: unknown encoding " + encoding);
    }
    try {
      ByteBuffer bytes =
          charset
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return Content.of(out);
    } catch (CharacterCodingException e) {
      throw new ModuleException(
          "output_encoding: the rendered template has characters " + encoding + " cannot hold");
    }
  }

  /** The environment of the template: whitespace, line end (escaped or not) and delimiters. */
  private static Jinja.Options options(Args args) throws ModuleException {
    String newline = args.str("newline_sequence").replace("\\r", "\r").replace("\\n", "\n");
    try {
      Jinja.Delimiters delimiters =
          new Jinja.Delimiters(
              args.str("block_start_string"),
              args.str("block_end_string"),
              args.str("variable_start_string"),
              args.str("variable_end_string"),
              args.str("comment_start_string"),
              args.str("comment_end_string"));
      return new Jinja.Options(
          args.bool("trim_blocks"), args.bool("lstrip_blocks"), newline, delimiters);
    } catch (IllegalArgumentException e) {
      throw new ModuleException(e.getMessage());
    }
  }
}
