package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.expr.PyPattern;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists files on the target that match names, age, size, type and content, with Ansible's keys. One
 * GNU find command prints every entry's attributes; the selection is made here; only the content
 * search and checksums (when asked) take one more command each. Never changes anything.
 */
public final class Find implements Module {
  /** Fields find prints for each entry, each ended by NUL (after the entry's tag). */
  private static final String FORMAT =
      "%P\\0%y\\0%m\\0%U\\0%G\\0%u\\0%g\\0%s\\0%A@\\0%T@\\0%C@\\0%i\\0%n\\0%D\\0";

  private static final int FIELDS = 15;

  private static final ModuleSpec SPEC =
      ModuleSpec.builder("find")
          .description(
              "Lists files on the target matching name patterns, age, size, type and content, as"
                  + " 'files' (each with stat's keys), 'matched' and 'examined'. Never changes"
                  + " anything.")
          .arg(
              Arg.list("paths", "Directories to search.")
                  .elements(ArgType.PATH)
                  .required()
                  .aliases("name", "path"))
          .arg(
              Arg.list(
                      "patterns",
                      "Base names to select: shell globs ('*.log'), or regular expressions matched"
                          + " from the name's start with use_regex. None: every name.")
                  .elements(ArgType.STR)
                  .aliases("pattern"))
          .arg(
              Arg.list("excludes", "Base names to leave out, written like patterns.")
                  .elements(ArgType.STR)
                  .aliases("exclude"))
          .arg(
              Arg.str(
                  "contains",
                  "A regular expression a regular file's content must match, at the start of a"
                      + " line (anywhere with read_whole_file); with file_type 'file' only, as in"
                      + " Ansible."))
          .arg(
              Arg.bool(
                      "read_whole_file",
                      "Match contains against the whole file (it may span lines) instead of each"
                          + " line's start.")
                  .defaultsTo(false))
          .arg(
              Arg.str(
                  "age",
                  "Select entries at least this old, or at most with a minus sign: a number with"
                      + " s, m, h, d or w, e.g. 2d or -1w."))
          .arg(
              Arg.str("age_stamp", "The time age is measured on.")
                  .defaultsTo("mtime")
                  .choices("atime", "ctime", "mtime"))
          .arg(
              Arg.str(
                  "size",
                  "Select regular files at least this large, or at most with a minus sign: a"
                      + " number with b, k, m, g or t, e.g. 10m or -1k."))
          .arg(
              Arg.str("file_type", "The type of entry to select ('any': every type).")
                  .defaultsTo("file")
                  .choices("any", "directory", "file", "link"))
          .arg(Arg.bool("recurse", "Descend into subdirectories.").defaultsTo(false))
          .arg(
              Arg.integer(
                  "depth",
                  "With recurse: how many levels to descend (1: the paths' entries; 0: no limit)."))
          .arg(Arg.bool("hidden", "Include names starting with a dot.").defaultsTo(false))
          .arg(Arg.bool("follow", "Follow symbolic links.").defaultsTo(false))
          .arg(Arg.bool("get_checksum", "Add each regular file's checksum.").defaultsTo(false))
          .arg(Checksum.ALGORITHM_ARG)
          .arg(
              Arg.bool("use_regex", "patterns and excludes are regular expressions, not globs.")
                  .defaultsTo(false))
          .example(
              "- name: Find week-old logs\n"
                  + "  ansible.builtin.find:\n"
                  + "    paths: /var/log/app\n"
                  + "    patterns: \"*.log,*.gz\"\n"
                  + "    age: 1w\n"
                  + "    recurse: true\n"
                  + "  register: old_logs\n"
                  + "\n"
                  + "- name: Remove them\n"
                  + "  ansible.builtin.file:\n"
                  + "    path: \"{{ item.path }}\"\n"
                  + "    state: absent\n"
                  + "  loop: \"{{ old_logs.files }}\"\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  /** One entry find printed: its path as shown, as the shell can reach it, and its attributes. */
  private record Entry(String path, String shellPath, char type, Map<String, Object> stat) {}

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    FindFilters names;
    Long age;
    Long size;
    try {
      names =
          FindFilters.names(
              args.strings("patterns"), args.strings("excludes"), args.bool("use_regex"));
      age = args.optStr("age").map(FindFilters::age).orElse(null);
      size = args.optStr("size").map(FindFilters::size).orElse(null);
      if (args.has("contains")) {
        PyPattern.compile(args.str("contains"), 0, true, "contains");
      }
    } catch (IllegalArgumentException e) {
      throw new ModuleException(e.getMessage());
    }
    List<String> paths = args.strings("paths");
    ExecResult listed = target.run(Command.of(script(paths, args)));
    String out = listed.stdout();
    if (!out.startsWith("now\0")) {
      throw ModuleException.commandFailed("find failed: " + listed.stderr().strip(), listed);
    }
    try {
      return Plan.ok(select(target, args, paths, out, names, age, size));
    } catch (RuntimeException e) {
      throw new ModuleException("cannot read find's output (" + e + ")");
    }
  }

  private Map<String, Object> select(
      Target target,
      Args args,
      List<String> paths,
      String out,
      FindFilters names,
      Long age,
      Long size)
      throws ModuleException {
    String[] f = out.split("\0", -1);
    double now = StatFields.seconds(f[1]);
    String ageStamp = args.str("age_stamp");
    String fileType = args.str("file_type");
    boolean hidden = args.bool("hidden");
    Map<String, Object> skipped = new LinkedHashMap<>();
    List<Entry> selected = new ArrayList<>();
    int examined = 0;
    int limit = args.bool("recurse") ? depthLimit(args) : 0;
    String root = null;
    String shellRoot = null;
    int i = 2;
    while (i < f.length - 1) {
      String tag = f[i];
      if (tag.equals("end")) {
        break;
      }
      if (tag.equals("skip")) {
        String path = paths.get(Integer.parseInt(f[i + 1]));
        skipped.put(
            path,
            path
                + " was skipped as it does not seem to be a valid directory or it cannot be"
                + " accessed");
        i += 2;
        continue;
      }
      if (tag.equals("root")) {
        int index = Integer.parseInt(f[i + 1]);
        shellRoot = f[i + 2];
        root = displayRoot(paths.get(index), shellRoot);
        i += 3;
        continue;
      }
      // an entry: tag is "e", then FIELDS fields
      String[] e = new String[FIELDS - 1];
      System.arraycopy(f, i + 1, e, 0, FIELDS - 1);
      i += FIELDS;
      examined++;
      String relative = e[0];
      int level = (int) relative.chars().filter(c -> c == '/').count() + 1;
      if (limit != 0 && level > limit) {
        continue; // examined, as Ansible's walk looks at it before it stops descending
      }
      String base = relative.substring(relative.lastIndexOf('/') + 1);
      if (!hidden && base.startsWith(".")) {
        continue;
      }
      char type = e[1].isEmpty() ? '?' : e[1].charAt(0);
      boolean wanted =
          switch (fileType) {
            case "any" -> true;
            case "directory" -> type == 'd';
            case "link" -> type == 'l';
            default -> type == 'f';
          };
      if (!wanted || !names.selects(base)) {
        continue;
      }
      Map<String, Object> stat = stat(join(root, relative), type, e);
      if (age != null) {
        double stamp = (Double) stat.get(ageStamp);
        if (!FindFilters.atLeastOrAtMost(now - stamp, age)) {
          continue;
        }
      }
      if (size != null
          && type == 'f'
          && !FindFilters.atLeastOrAtMost((Long) stat.get("size"), size)) {
        continue;
      }
      selected.add(new Entry(join(root, relative), join(shellRoot, relative), type, stat));
    }
    if (args.has("contains") && fileType.equals("file")) {
      selected = containing(target, selected, args.str("contains"), args.bool("read_whole_file"));
    }
    if (args.bool("get_checksum")) {
      checksums(target, selected, args.str("checksum_algorithm"));
    }
    List<Object> files = new ArrayList<>();
    for (Entry entry : selected.stream().sorted(Comparator.comparing(Entry::path)).toList()) {
      files.add(entry.stat());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("files", files);
    result.put("matched", files.size());
    result.put("examined", examined);
    result.put("skipped_paths", skipped);
    result.put(
        "msg",
        skipped.isEmpty()
            ? "All paths examined"
            : "Not all paths examined, check warnings for details");
    return result;
  }

  /**
   * How many levels recurse descends, as Ansible's find reads depth: 0 (or none) for no limit; a
   * negative depth matches nothing and examines the paths' own entries.
   */
  private static int depthLimit(Args args) {
    return args.optInt("depth").orElse(0L).intValue();
  }

  /** The one listing command: the target's time, then per path its root and entries (or skip). */
  static String script(List<String> paths, Args args) {
    List<String> lines = new ArrayList<>();
    lines.add("printf 'now\\0%s\\0' \"$(date +%s.%N)\"");
    // entries one level below the depth are listed too: Ansible examines them (and stops there)
    int limit = depthLimit(args);
    String depth =
        !args.bool("recurse")
            ? " -maxdepth 1"
            : limit == 0 ? "" : " -maxdepth " + (limit < 0 ? 1 : limit + 1);
    String follow = args.bool("follow") ? "-L" : "-H";
    for (int i = 0; i < paths.size(); i++) {
      lines.add("p=" + startingPoint(paths.get(i)));
      lines.add(
          "if [ -d \"$p\" ]; then printf 'root\\0%s\\0%s\\0' "
              + i
              + " \"$p\"; find "
              + follow
              + " \"$p\" -mindepth 1"
              + depth
              + " -printf 'e\\0"
              + FORMAT
              + "' 2>/dev/null; else printf 'skip\\0%s\\0' "
              + i
              + "; fi");
    }
    lines.add("printf 'end\\0'");
    return String.join("\n", lines);
  }

  /** A path as a shell word that find cannot take for an option or an operator. */
  static String startingPoint(String path) {
    if (path.startsWith("/") || path.startsWith("~")) {
      return RemotePath.word(path);
    }
    return ShellQuote.quote("./" + path);
  }

  /** The root as the user wrote it (without the ./ added for find), or as expanded from ~. */
  private static String displayRoot(String given, String shellRoot) {
    if (given.startsWith("/")) {
      return given;
    }
    if (given.startsWith("~")) {
      return shellRoot;
    }
    return shellRoot.startsWith("./") ? shellRoot.substring(2) : shellRoot;
  }

  private static String join(String root, String relative) {
    return root.endsWith("/") ? root + relative : root + "/" + relative;
  }

  private static Map<String, Object> stat(String path, char type, String[] e) {
    int raw = StatFields.typeBits(type) | Integer.parseInt(e[2], 8);
    long uid = Long.parseLong(e[3]);
    long gid = Long.parseLong(e[4]);
    StatFields.Inode inode =
        new StatFields.Inode(
            raw,
            uid,
            gid,
            StatFields.name(e[5], uid),
            StatFields.name(e[6], gid),
            Long.parseLong(e[7]),
            StatFields.seconds(e[8]),
            StatFields.seconds(e[9]),
            StatFields.seconds(e[10]),
            Long.parseLong(e[11]),
            Long.parseLong(e[12]),
            Long.parseLong(e[13]));
    Map<String, Object> stat = new LinkedHashMap<>();
    stat.put("path", path);
    stat.putAll(StatFields.of(inode));
    return stat;
  }

  /** Keeps the regular files whose content matches (grep -P, Perl-style like Python's re). */
  private static List<Entry> containing(
      Target target, List<Entry> entries, String regex, boolean wholeFile) throws ModuleException {
    List<Entry> files = entries.stream().filter(e -> e.type() == 'f').toList();
    if (files.isEmpty()) {
      return List.of();
    }
    String expression = FindFilters.grepExpression(regex, wholeFile);
    String grep =
        "xargs -0 -r grep -lZsP"
            + (wholeFile ? "z" : "")
            + " -e "
            + ShellQuote.quote(expression)
            + " --; true";
    List<String> matched = nulSeparated(run(target, grep, files));
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : files) {
      if (matched.contains(entry.shellPath())) {
        kept.add(entry);
      }
    }
    return kept;
  }

  /** Adds "checksum" to each regular file that can be read. */
  private static void checksums(Target target, List<Entry> entries, String algorithm)
      throws ModuleException {
    List<Entry> files = entries.stream().filter(e -> e.type() == 'f').toList();
    if (files.isEmpty()) {
      return;
    }
    String out = run(target, "xargs -0 -r " + algorithm + "sum -z -- 2>/dev/null; true", files);
    Map<String, String> sums = new HashMap<>();
    for (String line : nulSeparated(out)) {
      int gap = line.indexOf("  ");
      if (gap > 0) {
        sums.put(line.substring(gap + 2), line.substring(0, gap));
      }
    }
    for (Entry entry : files) {
      String sum = sums.get(entry.shellPath());
      if (sum != null) {
        entry.stat().put("checksum", sum);
      }
    }
  }

  private static String run(Target target, String script, List<Entry> files)
      throws ModuleException {
    StringBuilder names = new StringBuilder();
    for (Entry entry : files) {
      names.append(entry.shellPath()).append('\0');
    }
    ExecResult result =
        target.run(Command.of(script).withStdin(names.toString().getBytes(StandardCharsets.UTF_8)));
    return result.stdout();
  }

  private static List<String> nulSeparated(String text) {
    List<String> items = new ArrayList<>(List.of(text.split("\0")));
    items.removeIf(String::isEmpty);
    return items;
  }
}
