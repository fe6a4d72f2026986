package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
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
import java.util.Map;

/**
 * Reports what a path is on the target, with Ansible's {@code stat} keys, in one round trip. Never
 * changes anything.
 */
public final class Stat implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("stat")
          .description(
              "Retrieves a path's status (type, mode, owner, size, times, checksum...) as the"
                  + " 'stat' result key. Never changes anything.")
          .arg(
              Arg.path("path", "The path on the target; ~/ is the (become) user's home.")
                  .required()
                  .aliases("dest", "name"))
          .arg(
              Arg.bool("follow", "Report on what a symbolic link points to, not the link.")
                  .defaultsTo(false))
          .arg(
              Arg.bool("get_checksum", "Report the checksum of a readable regular file.")
                  .defaultsTo(true))
          .arg(Checksum.ALGORITHM_ARG)
          .arg(
              Arg.bool(
                      "get_mime",
                      "Report mimetype and charset, from the target's 'file' command when it is"
                          + " installed (else omitted).")
                  .defaultsTo(true)
                  .aliases("mime", "mime_type", "mime-type"))
          .arg(
              Arg.bool(
                      "get_attributes",
                      "Report attributes and attr_flags from lsattr, when the file system has"
                          + " them.")
                  .defaultsTo(true)
                  .aliases("attr", "attributes"))
          .example(
              "- name: Look for the site's certificate\n"
                  + "  ansible.builtin.stat:\n"
                  + "    path: /etc/ssl/certs/site.pem\n"
                  + "  register: cert\n"
                  + "\n"
                  + "- name: Make a self-signed one when there is none\n"
                  + "  ansible.builtin.command: make-cert /etc/ssl/certs/site.pem\n"
                  + "  when: not cert.stat.exists\n")
          .build();

  private static final Map<Character, String> ATTRIBUTE_NAMES =
      Map.ofEntries(
          Map.entry('A', "noatime"),
          Map.entry('a', "append"),
          Map.entry('c', "compressed"),
          Map.entry('C', "nocow"),
          Map.entry('d', "nodump"),
          Map.entry('D', "dirsync"),
          Map.entry('e', "extents"),
          Map.entry('E', "encrypted"),
          Map.entry('h', "blocksize"),
          Map.entry('i', "immutable"),
          Map.entry('I', "indexed"),
          Map.entry('j', "journalled"),
          Map.entry('N', "inline"),
          Map.entry('s', "zero"),
          Map.entry('S', "synchronous"),
          Map.entry('t', "notail"),
          Map.entry('T', "blockroot"),
          Map.entry('u', "undelete"),
          Map.entry('X', "compressedraw"),
          Map.entry('Z', "compresseddirty"),
          Map.entry('F', "casefold"),
          Map.entry('P', "projinherit"),
          Map.entry('V', "verity"),
          Map.entry('x', "dax"),
          Map.entry('m', "nocompress"));

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String path = args.str("path");
    ExecResult result = target.run(Command.of(script(path, args)));
    if (result.rc() == 5) {
      throw new ModuleException(
          "cannot stat "
              + path
              + ": permission denied (its directory cannot be searched by the task's user; use"
              + " become: true)");
    }
    if (!result.ok()) {
      Map<String, Object> failed = new LinkedHashMap<>();
      failed.put("rc", result.rc());
      failed.put("stderr", result.stderr());
      throw new ModuleException("cannot stat " + path + ": " + result.stderr().strip(), failed);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      out.put("stat", parse(path, result.stdout()));
    } catch (RuntimeException e) {
      throw new ModuleException(
          "cannot read stat's output for " + path + " (" + e + "): " + result.stdout());
    }
    return Plan.ok(out);
  }

  /** One script printing the resolved path, then key lines, then the link's target last. */
  static String script(String path, Args args) {
    boolean follow = args.bool("follow");
    String l = follow ? "-L " : "";
    List<String> lines = new ArrayList<>();
    lines.add("p=" + RemotePath.word(path));
    lines.add(
        "if ! [ -e \"$p\" ] && ! [ -L \"$p\" ] && "
            + RemotePath.HIDDEN_BY_PARENT
            + "; then exit 5; fi");
    lines.add(
        follow
            ? "[ -e \"$p\" ] || { echo absent; exit 0; }"
            : "[ -e \"$p\" ] || [ -L \"$p\" ] || { echo absent; exit 0; }");
    lines.add(
        "stat "
            + l
            + "--printf 'present\\n%f\\n%u\\n%g\\n%U\\n%G\\n%s\\n%.9X\\n%.9Y\\n%.9Z\\n%i\\n%h\\n%d"
            + "\\n%b\\n%o\\n%t\\n%T\\n' -- \"$p\" || exit 1");
    lines.add(
        "a=; [ -r \"$p\" ] && a=r; [ -w \"$p\" ] && a=\"${a}w\"; [ -x \"$p\" ] && a=\"${a}x\";"
            + " echo \"access:$a\"");
    String notLink = follow ? "" : " && ! [ -L \"$p\" ]";
    if (args.bool("get_checksum")) {
      String tool = args.str("checksum_algorithm") + "sum";
      lines.add(
          "if [ -f \"$p\" ] && [ -r \"$p\" ]"
              + notLink
              + "; then echo \"checksum:$("
              + tool
              + " < \"$p\" | cut -d' ' -f1)\"; fi");
    }
    if (args.bool("get_mime")) {
      lines.add(
          "if command -v file >/dev/null 2>&1; then"
              + " echo \"mimetype:$(file "
              + l
              + "-b --mime-type -- \"$p\" 2>/dev/null)\";"
              + " echo \"charset:$(file "
              + l
              + "-b --mime-encoding -- \"$p\" 2>/dev/null)\"; fi");
    }
    if (args.bool("get_attributes")) {
      lines.add(
          "if [ -f \"$p\" ] || [ -d \"$p\" ]; then"
              + " f=$(lsattr -d -- \"$p\" 2>/dev/null) && echo \"attr:${f%% *}\"; fi");
    }
    lines.add("printf 'resolved\\0%s\\0' \"$p\"");
    if (!follow) {
      lines.add(
          "if [ -L \"$p\" ]; then printf 'link\\0%s\\0%s\\0' \"$(readlink -- \"$p\")\""
              + " \"$(readlink -m -- \"$p\")\"; fi");
    }
    return String.join("\n", lines);
  }

  static Map<String, Object> parse(String path, String output) {
    Map<String, Object> stat = new LinkedHashMap<>();
    if (output.strip().equals("absent")) {
      stat.put("exists", false);
      return stat;
    }
    int tail = output.indexOf("resolved\0");
    String head = tail < 0 ? output : output.substring(0, tail);
    List<String> lines = List.of(head.split("\n"));
    int raw = Integer.parseInt(lines.get(1).strip(), 16);
    long uid = Long.parseLong(lines.get(2).strip());
    long gid = Long.parseLong(lines.get(3).strip());
    StatFields.Inode inode =
        new StatFields.Inode(
            raw,
            uid,
            gid,
            StatFields.name(lines.get(4), uid),
            StatFields.name(lines.get(5), gid),
            Long.parseLong(lines.get(6).strip()),
            StatFields.seconds(lines.get(7)),
            StatFields.seconds(lines.get(8)),
            StatFields.seconds(lines.get(9)),
            Long.parseLong(lines.get(10).strip()),
            Long.parseLong(lines.get(11).strip()),
            Long.parseLong(lines.get(12).strip()));
    stat.put("exists", true);
    String resolved = path;
    String[] rest = tail < 0 ? new String[0] : output.substring(tail).split("\0", -1);
    if (rest.length > 1) {
      resolved = rest[1];
    }
    stat.put("path", resolved);
    stat.putAll(StatFields.of(inode));
    stat.put("blocks", Long.parseLong(lines.get(13).strip()));
    stat.put("block_size", Long.parseLong(lines.get(14).strip()));
    int type = inode.type();
    if (type == StatFields.S_IFCHR || type == StatFields.S_IFBLK) {
      long major = Long.parseLong(lines.get(15).strip(), 16);
      long minor = Long.parseLong(lines.get(16).strip(), 16);
      stat.put(
          "device_type",
          ((major & 0xfff) << 8)
              | (minor & 0xff)
              | ((minor & ~0xffL) << 12)
              | ((major & ~0xfffL) << 32));
    }
    for (String line : lines.subList(17, lines.size())) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      switch (key) {
        case "access" -> {
          stat.put("readable", value.contains("r"));
          stat.put("writeable", value.contains("w"));
          stat.put("executable", value.contains("x"));
        }
        case "checksum", "mimetype", "charset" -> stat.put(key, value.strip());
        case "attr" -> {
          String flags = value.strip().replace("-", "");
          List<String> names = new ArrayList<>();
          for (char c : flags.toCharArray()) {
            names.add(ATTRIBUTE_NAMES.getOrDefault(c, String.valueOf(c)));
          }
          stat.put("attr_flags", flags);
          stat.put("attributes", names);
        }
        default -> {}
      }
    }
    if (rest.length > 5 && rest[2].equals("link")) {
      stat.put("lnk_target", rest[3]);
      stat.put("lnk_source", rest[4]);
    }
    return stat;
  }
}
