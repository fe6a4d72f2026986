package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.expr.PyPattern;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * assemble: one file made of the fragments in a directory (on the target, or on the control node
 * with remote_src: false), in the order of their names, as Ansible's module joins them; then
 * written as copy writes a file (atomically, validated, with backup, mode, owner and group).
 */
public final class Assemble implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("assemble")
                  .description(
                      "Joins the files of a directory, in the order of their names, into one file"
                          + " on the target (a configuration made of fragments). Writes atomically,"
                          + " only when the result differs.")
                  .arg(
                      Arg.path(
                              "src",
                              "The directory of fragments: on the target, or on the control node"
                                  + " with remote_src: false (relative: the role's files/, then"
                                  + " beside the playbook).")
                          .required())
                  .arg(Arg.path("dest", "The file written on the target.").required())
                  .arg(
                      Arg.str(
                          "delimiter",
                          "Text written between fragments (escapes such as \\n are read), ended"
                              + " by a newline."))
                  .arg(
                      Arg.str(
                          "regexp",
                          "Only fragments whose name this regular expression finds are joined."))
                  .arg(
                      Arg.bool("ignore_hidden", "Leave out fragments whose name starts with '.'.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "remote_src",
                              "The fragments are on the target; false: on the control node.")
                          .defaultsTo(true))
                  .arg(
                      Arg.str(
                          "validate",
                          "Command run on the new file before it replaces dest; %s is the file."))
                  .arg(
                      Arg.bool("backup", "Keep a timestamped copy of the file replaced.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "decrypt",
                              "Read vault-encrypted local fragments decrypted (remote_src: false).")
                          .defaultsTo(true))
                  .notHonoured(
                      Arg.bool("follow", "Follow a dest that is a link; ploy replaces the link.")
                          .defaultsTo(false))
                  .example(
                      "- name: Build the sshd configuration from its fragments\n"
                          + "  ansible.builtin.assemble:\n"
                          + "    src: /etc/ssh/sshd_config.d/fragments\n"
                          + "    dest: /etc/ssh/sshd_config\n"
                          + "    validate: /usr/sbin/sshd -t -f %s\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String src = args.str("src");
    PyPattern regexp = null;
    if (args.has("regexp")) {
      try {
        regexp = PyPattern.compile(args.str("regexp"), 0, true, "regexp");
      } catch (IllegalArgumentException e) {
        throw new ModuleException(e.getMessage());
      }
    }
    Map<String, byte[]> fragments;
    Map<String, Object> result = new LinkedHashMap<>();
    if (args.bool("remote_src")) {
      fragments = remoteFragments(target, src);
      result.put("src", src);
    } else {
      Path dir = target.findLocalFile(src, "files");
      fragments = localFragments(target, dir, args.bool("decrypt"));
      result.put("src", dir.toString());
    }
    List<byte[]> chosen = new ArrayList<>();
    for (Map.Entry<String, byte[]> fragment : fragments.entrySet()) {
      String name = fragment.getKey();
      if (regexp != null && !regexp.search(name)) {
        continue;
      }
      if (args.bool("ignore_hidden") && name.startsWith(".")) {
        continue;
      }
      chosen.add(fragment.getValue());
    }
    byte[] delimiter = args.optStr("delimiter").map(Assemble::unescape).orElse(null);
    byte[] assembled = join(chosen, delimiter);
    String dest = args.str("dest");
    result.put("dest", dest);
    result.put("msg", "OK");
    return FilePlanner.plan(
        target,
        new FilePlanner.Request(
            dest,
            Content.of(assembled),
            Attributes.of(args),
            args.optStr("validate").orElse(null),
            args.bool("backup"),
            true),
        result);
  }

  /**
   * The fragments joined as Ansible joins them: a newline after a fragment that lacks one when
   * another follows, and the delimiter (with a newline unless it ends in one) between fragments.
   */
  static byte[] join(List<byte[]> fragments, byte[] delimiter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean first = true;
    boolean addNewline = false;
    for (byte[] fragment : fragments) {
      if (addNewline) {
        out.write('\n');
      }
      if (!first && delimiter != null && delimiter.length > 0) {
        out.writeBytes(delimiter);
        if (delimiter[delimiter.length - 1] != '\n') {
          out.write('\n');
        }
      }
      out.writeBytes(fragment);
      first = false;
      addNewline = fragment.length == 0 || fragment[fragment.length - 1] != '\n';
    }
    return out.toByteArray();
  }

  /** Python's codecs.escape_decode, which Ansible applies to the delimiter. */
  static byte[] unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != '\\' || i + 1 == bytes.length) {
        out.write(b);
        continue;
      }
      char next = (char) bytes[++i];
      switch (next) {
        case 'n' -> out.write('\n');
        case 't' -> out.write('\t');
        case 'r' -> out.write('\r');
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '\'' -> out.write('\'');
        case '"' -> out.write('"');
        case '\n' -> {}
        case 'x' -> {
          if (i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
            out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 2;
          } else {
            out.write('\\');
            out.write('x');
          }
        }
        default -> {
          if (next >= '0' && next <= '7') {
            int value = next - '0';
            for (int n = 0; n < 2 && i + 1 < bytes.length; n++) {
              if (bytes[i + 1] < '0' || bytes[i + 1] > '7') {
                break;
              }
              value = value * 8 + (bytes[++i] - '0');
            }
            out.write(value & 0xff);
          } else {
            out.write('\\');
            out.write(next);
          }
        }
      }
    }
    return out.toByteArray();
  }

  private static int hex(byte b) {
    return Character.digit(b, 16);
  }

  /** The target directory's regular files (links to them too), by name in code point order. */
  private static Map<String, byte[]> remoteFragments(Target target, String src)
      throws ModuleException {
    String script =
        String.join(
            "\n",
            "src=" + ShellQuote.quote(src),
            "if [ ! -e \"$src\" ]; then echo @missing; exit 0; fi",
            "if [ ! -d \"$src\" ]; then echo @notdir; exit 0; fi",
            "for f in \"$src\"/* \"$src\"/.*; do",
            "  [ -f \"$f\" ] || continue",
            "  printf '@%s\\n' \"$(printf %s \"${f##*/}\" | base64 -w0)\"",
            "  base64 -w0 < \"$f\" || exit 1",
            "  echo",
            "done");
    ExecResult result = target.run(Command.of(script));
    if (!result.ok()) {
      throw new ModuleException(
          "cannot read the fragments in " + src + ": " + result.stderr().strip());
    }
    String out = result.stdout();
    if (out.startsWith("@missing")) {
      throw new ModuleException("Source (" + src + ") does not exist");
    }
    if (out.startsWith("@notdir")) {
      throw new ModuleException("Source (" + src + ") is not a directory");
    }
    Map<String, byte[]> fragments = new TreeMap<>(Assemble::codePointOrder);
    String[] lines = out.split("\n", -1);
    Base64.Decoder decoder = Base64.getDecoder();
    for (int i = 0; i + 1 < lines.length; i += 2) {
      String name = new String(decoder.decode(lines[i].substring(1)), StandardCharsets.UTF_8);
      fragments.put(name, decoder.decode(lines[i + 1]));
    }
    return fragments;
  }

  private static Map<String, byte[]> localFragments(Target target, Path dir, boolean decrypt)
      throws ModuleException {
    if (!Files.isDirectory(dir)) {
      throw new ModuleException("Source (" + dir + ") is not a directory");
    }
    Map<String, byte[]> fragments = new TreeMap<>(Assemble::codePointOrder);
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        if (Files.isRegularFile(file)) {
          boolean vaulted = decrypt && Vault.isEncrypted(file);
          fragments.put(
              file.getFileName().toString(),
              vaulted ? target.decryptLocalFile(file) : Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new ModuleException("cannot read " + dir + ": " + e.getMessage());
    }
    return fragments;
  }

  /** Python's sort of names: by code point. */
  private static int codePointOrder(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }
}
