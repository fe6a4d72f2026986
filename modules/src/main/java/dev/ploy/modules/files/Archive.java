package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * archive (community.general's): packs files and trees on the target into a tar (plain, gz, bz2,
 * xz) or zip archive, or compresses one file, with the target's own tar, gzip, bzip2, xz and zip.
 * The members are chosen as the Python module chooses them (globs, exclude_path, a tree's entries
 * but not its top directory, exclusion_patterns); the archive is rewritten only when its members
 * would differ (names and tar headers, or names and CRCs for zip; a compressed file's content),
 * which check mode predicts exactly.
 */
public final class Archive implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("archive")
                  .description(
                      "Creates a tar (gz, bz2, xz or plain) or zip archive of files and"
                          + " directories on the target, or compresses a single file, optionally"
                          + " removing the sources. Uses the target's tar, gzip, bzip2, xz and zip;"
                          + " the archive is replaced (atomically) only when its members differ.")
                  .arg(
                      Arg.list(
                              "path",
                              "Files, directories or globs (* and ?) to archive; a directory's"
                                  + " contents go in under its name.")
                          .elements(ArgType.PATH)
                          .required())
                  .arg(
                      Arg.str("format", "The archive's format.")
                          .choices("bz2", "gz", "tar", "xz", "zip")
                          .defaultsTo("gz"))
                  .arg(
                      Arg.path(
                          "dest",
                          "The archive; required for several paths, a glob or a directory (one"
                              + " file: PATH.FORMAT by default)."))
                  .arg(
                      Arg.list("exclude_path", "Paths or globs taken out of path's expansion.")
                          .elements(ArgType.PATH)
                          .defaultsTo(List.of()))
                  .arg(
                      Arg.list(
                              "exclusion_patterns",
                              "Shell patterns (fnmatch) of members left out (tar: their name in"
                                  + " the archive; zip: their path).")
                          .elements(ArgType.PATH))
                  .arg(
                      Arg.bool(
                              "force_archive",
                              "Make an archive even of one file (not just compress it).")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool("remove", "Remove the sources once they are archived.")
                          .defaultsTo(false))
                  .example(
                      "- name: Keep the site's files\n"
                          + "  community.general.archive:\n"
                          + "    path: /srv/www/site\n"
                          + "    dest: /var/backups/site.tar.xz\n"
                          + "    format: xz\n"
                          + "    exclusion_patterns: ['*.tmp']\n"))
          .build();

  private static final Pattern IS_ARCHIVE =
      Pattern.compile("\\.(tar|tar\\.(gz|bz2|xz)|tgz|tbz2|zip)$", Pattern.CASE_INSENSITIVE);

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String format = args.str("format");
    List<String> given = args.strings("path");
    Expansion paths = expand(target, given);
    Expansion excluded = expand(target, args.strings("exclude_path"));
    Set<String> chosen = new TreeSet<>(paths.paths());
    chosen.removeAll(excluded.paths());
    List<String> sources = new ArrayList<>(chosen);
    if (sources.isEmpty()) {
      throw new ModuleException(
          "Error, no source paths were found",
          Map.of(
              "path", String.join(", ", given),
              "expanded_paths", String.join(", ", paths.paths()),
              "expanded_exclude_paths", String.join(", ", excluded.paths())));
    }
    for (String source : sources) {
      if (source.contains("\n")) {
        throw new ModuleException("path '" + source.replace("\n", "\\n") + "' has a line break");
      }
    }
    String root = commonPath(sources);
    Sections state = probe(target, sources);
    boolean firstIsDir = state.first(key("type", 0)).equals("directory");
    boolean mustArchive =
        args.bool("force_archive") || paths.globbed() || firstIsDir || sources.size() > 1;
    String dest = args.optStr("dest").orElse(null);
    if (dest == null && !mustArchive) {
      dest = sources.get(0) + "." + format;
    }
    if (dest == null) {
      throw new ModuleException(
          "Error, must specify \"dest\" when archiving multiple files or trees",
          Map.of("path", String.join(", ", given)));
    }
    if (args.bool("remove")) {
      for (int i = 0; i < sources.size(); i++) {
        if (state.first(key("type", i)).equals("directory")
            && dest.startsWith(sources.get(i) + "/")) {
          throw new ModuleException(
              "Error, created archive can not be contained in source paths when remove=true");
        }
      }
    }
    List<String> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      (state.first(key("type", i)).equals("absent") ? missing : found).add(sources.get(i));
    }
    FileInfo destInfo = FileInfo.probe(target, dest, false);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("archived", List.of());
    result.put("dest", dest);
    result.put("arcroot", root);
    result.put("missing", missing);
    result.put("expanded_paths", paths.paths());
    result.put("expanded_exclude_paths", excluded.paths());
    Attributes wanted = Attributes.of(args);

    if (found.isEmpty()) {
      String destState =
          destInfo.exists() ? (IS_ARCHIVE.matcher(dest).find() ? "archive" : "compress") : "absent";
      result.put("dest_state", destState);
      return attributesOnly(wanted, destInfo, dest, result);
    }
    if (!mustArchive) {
      return compress(target, args, format, found.get(0), dest, destInfo, wanted, result);
    }

    // the members, as the Python module adds them: a tree's entries (not its top), or the path
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      String source = sources.get(i);
      String type = state.first(key("type", i));
      if (type.equals("absent")) {
        continue;
      }
      if (type.equals("directory")) {
        for (String entry : entries(state.first(key("walk", i)))) {
          members.add(new Member(entry, strip(root, entry)));
        }
      } else {
        members.add(new Member(source, strip(root, source)));
      }
    }
    List<String> patterns = args.strings("exclusion_patterns");
    boolean zip = format.equals("zip");
    List<Member> kept = new ArrayList<>();
    for (Member member : members) {
      String subject = zip ? member.path() : member.name();
      if (patterns.stream().noneMatch(p -> FnMatch.matches(subject, p))) {
        kept.add(member);
      }
    }
    List<String> archived = kept.stream().map(Member::path).toList();
    result.put("archived", archived);
    result.put("dest_state", missing.isEmpty() ? "archive" : "incomplete");
    for (Member member : kept) {
      if (member.name().contains("\n")) {
        throw new ModuleException(
            "cannot archive '"
                + member.path().replace("\n", "\\n")
                + "': its name has a line break");
      }
    }

    String archiveDest = dest;
    Set<String> planned = listing(target, plannedListing(format, root, kept));
    Set<String> current =
        !destInfo.exists()
            ? Set.of()
            : zip ? zipListing(target, dest) : listing(target, currentListing(dest));
    boolean differs = !destInfo.exists() || !planned.equals(current);
    List<String> remove = args.bool("remove") ? sources : List.of();
    boolean removes = !remove.isEmpty();
    if (!differs && !removes) {
      return attributesOnly(wanted, destInfo, dest, result);
    }
    List<Diff> diffs = new ArrayList<>();
    if (differs) {
      diffs.add(new Diff(dest, listingText(current), listingText(planned)));
    }
    Attributes.Changes attributes =
        wanted.compare(
            dest, destInfo.exists() ? destInfo.effective() : FileInfo.Stat.ABSENT, 0644, false);
    diffs.addAll(attributes.diffs());
    if (removes) {
      diffs.add(new Diff("sources", String.join("\n", found) + "\n", "(removed)\n"));
    }
    List<String> words = new ArrayList<>(List.of("rm", "-rf", "--"));
    for (int i = 0; i < sources.size(); i++) {
      String type = state.first(key("type", i));
      if (type.equals("directory") || !type.equals("absent") && archived.contains(sources.get(i))) {
        words.add(sources.get(i));
      }
    }
    String write = differs ? writeScript(format, root, dest) : null;
    String names = names(kept, zip);
    return Plan.change(
        diffs,
        result,
        on -> {
          if (write != null) {
            check(on.run(Command.of(write).withStdin(names)), "could not write " + archiveDest);
          }
          applyAttributes(on, wanted, archiveDest);
          if (removes) {
            check(on.run(words), "could not remove the archived sources");
          }
          return Map.of();
        });
  }

  /** One file compressed to dest (gz, bz2, xz): rewritten when dest's content is not the file's. */
  private static Plan compress(
      Target target,
      Args args,
      String format,
      String source,
      String dest,
      FileInfo destInfo,
      Attributes wanted,
      Map<String, Object> result)
      throws ModuleException {
    result.put("dest_state", "compress");
    result.put("archived", List.of(source));
    String tool = tool(format);
    boolean same =
        destInfo.exists()
            && target
                .run(
                    Command.of(
                        tool
                            + " -dc -- "
                            + quote(dest)
                            + " 2>/dev/null | cmp -s - "
                            + quote(source)))
                .ok();
    boolean remove = args.bool("remove");
    if (same && !remove) {
      return attributesOnly(wanted, destInfo, dest, result);
    }
    List<Diff> diffs = new ArrayList<>();
    if (!same) {
      diffs.add(
          new Diff(
              dest,
              destInfo.exists() ? "(other compressed content)\n" : "",
              "(" + source + ", compressed with " + tool + ")\n"));
    }
    if (remove) {
      diffs.add(new Diff(source, source + "\n", "(removed)\n"));
    }
    String write =
        same
            ? null
            : tmpScript(dest)
                + tool
                + " -c < "
                + quote(source)
                + " > \"$tmp\" && chmod 0644 \"$tmp\" && mv -f -- \"$tmp\" "
                + quote(dest);
    return Plan.change(
        diffs,
        result,
        on -> {
          if (write != null) {
            check(on.run(Command.of(write)), "Unable to write to compressed file " + dest);
          }
          applyAttributes(on, wanted, dest);
          if (remove) {
            check(on.run("rm", "-f", "--", source), "Unable to remove source file " + source);
          }
          return Map.of();
        });
  }

  private static Plan attributesOnly(
      Attributes wanted, FileInfo destInfo, String dest, Map<String, Object> result) {
    if (!destInfo.exists()) {
      return Plan.ok(result);
    }
    Attributes.Changes changes = wanted.compare(dest, destInfo.effective(), 0644, false);
    return changes.none() ? Plan.ok(result) : changes.plan(dest, result);
  }

  private static void applyAttributes(Target on, Attributes wanted, String dest)
      throws ModuleException {
    if (!wanted.any()) {
      return;
    }
    FileInfo now = FileInfo.probe(on, dest, false);
    Attributes.Changes changes = wanted.compare(dest, now.effective(), 0644, false);
    if (!changes.none()) {
      ShellSteps.run(on, changes.commands(), dest);
    }
  }

  /** A path's expansion: globs (* and ?) by the target's shell, matches only; others as given. */
  private record Expansion(List<String> paths, boolean globbed) {}

  private static Expansion expand(Target target, List<String> given) throws ModuleException {
    List<String> out = new ArrayList<>();
    boolean globbed = false;
    for (String path : given) {
      if (!path.contains("*") && !path.contains("?")) {
        out.add(path);
        continue;
      }
      globbed = true;
      // unquoted with IFS empty: globbed, never split, and no expansion of what it holds
      String script =
          "p="
              + quote(path)
              + "; IFS=; for f in $p; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then"
              + " printf '%s' \"$f\" | base64 -w0; echo; fi; done";
      for (String line :
          check(target.run(Command.of(script)), "could not expand " + path).stdout().split("\n")) {
        if (!line.isEmpty()) {
          out.add(new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8));
        }
      }
    }
    return new Expansion(out, globbed);
  }

  /** Each source's type (@@typeN) and, for a directory, its entries, NUL-separated (@@walkN). */
  private static Sections probe(Target target, List<String> sources) throws ModuleException {
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < sources.size(); i++) {
      String p = quote(sources.get(i));
      script
          .append("echo @@")
          .append(key("type", i))
          .append("; if [ -L ")
          .append(p)
          .append(" ]; then echo link; elif [ -d ")
          .append(p)
          .append(" ]; then echo directory; elif [ -e ")
          .append(p)
          .append(" ]; then echo file; else echo absent; fi\n");
      script
          .append("echo @@")
          .append(key("walk", i))
          .append("; if [ -d ")
          .append(p)
          .append(" ] && [ ! -L ")
          .append(p)
          .append(" ]; then find ")
          .append(quote(ShellQuote.operand(sources.get(i))))
          .append(" -mindepth 1 -print0 | base64 -w0; echo; fi\n");
    }
    script.append("echo @@end");
    return Sections.parse(
        check(target.run(Command.of(script.toString())), "could not read the sources").stdout());
  }

  /** A section's name for the i-th source (letters only, as sections are named). */
  private static String key(String what, int i) {
    StringBuilder name = new StringBuilder(what).append('-');
    for (char digit : Integer.toString(i).toCharArray()) {
      name.append((char) ('a' + digit - '0'));
    }
    return name.toString();
  }

  private static List<String> entries(String base64) {
    List<String> entries = new ArrayList<>();
    for (String entry :
        new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8).split("\0")) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** A member: its path on the target and its name in the archive. */
  private record Member(String path, String name) {}

  /** The names tar (NUL-separated, relative to the root) or zip (lines) reads on its stdin. */
  private static String names(List<Member> members, boolean zip) {
    StringBuilder names = new StringBuilder();
    for (Member member : members) {
      names.append(member.name()).append(zip ? '\n' : '\0');
    }
    return names.toString();
  }

  /** The lines that describe the archive the members would make (tar -tv, or zip name and CRC). */
  private static Command plannedListing(String format, String root, List<Member> kept) {
    if (format.equals("zip")) {
      StringBuilder script = new StringBuilder("cd -- " + quote(root) + " || exit 1\n");
      script.append(
          "while IFS= read -r n; do if [ -d \"$n\" ] && [ ! -L \"$n\" ]; then"
              + " printf '%s/ 00000000\\n' \"$n\"; else c=$(gzip -c < \"$n\" | tail -c 8 |"
              + " od -An -tx4 -N4 | tr -d ' '); printf '%s %s\\n' \"$n\" \"$c\"; fi; done");
      return Command.of(script.toString()).withStdin(names(kept, true));
    }
    return Command.of(
            "tar -C "
                + quote(root)
                + " --no-recursion --null --verbatim-files-from -T - -cf - | tar --full-time -tvf -")
        .withStdin(names(kept, false));
  }

  private static Command currentListing(String dest) {
    return Command.of("tar --full-time -tvf " + quote(dest) + " 2>/dev/null || true");
  }

  private static final Pattern UNZIP_LINE =
      Pattern.compile("^\\s*\\d+\\s+\\S+\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+([0-9a-f]{8})  (.*)$");

  /** A zip's members as "NAME CRC" lines, from unzip -v (none when it is no zip). */
  private static Set<String> zipListing(Target target, String dest) throws ModuleException {
    ExecResult listed =
        check(
            target.run(
                Command.of(
                    "command -v unzip >/dev/null || { echo 'unzip is not installed on the"
                        + " target' >&2; exit 1; }; unzip -v -- "
                        + quote(dest)
                        + " 2>/dev/null || true")),
            "could not list " + dest);
    Set<String> lines = new TreeSet<>();
    for (String line : listed.stdout().split("\n")) {
      java.util.regex.Matcher match = UNZIP_LINE.matcher(line);
      if (match.matches()) {
        lines.add(match.group(2) + " " + match.group(1));
      }
    }
    return lines;
  }

  private static Set<String> listing(Target target, Command command) throws ModuleException {
    Set<String> lines = new TreeSet<>();
    for (String line :
        check(target.run(command), "could not list the archive").stdout().split("\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String listingText(Set<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static String writeScript(String format, String root, String dest) {
    String tmp = tmpScript(dest);
    if (format.equals("zip")) {
      return tmp
          + "rm -f \"$tmp\"; command -v zip >/dev/null || { echo 'zip is not installed on the"
          + " target' >&2; exit 1; }\n( cd -- "
          + quote(root)
          + " && zip -q -@ \"$tmp\" ) && chmod 0644 \"$tmp\" && mv -f -- \"$tmp\" "
          + quote(dest);
    }
    String flag =
        switch (format) {
          case "gz" -> "z";
          case "bz2" -> "j";
          case "xz" -> "J";
          default -> "";
        };
    String program = format.equals("tar") ? "tar" : tool(format);
    return tmp
        + "command -v "
        + program
        + " >/dev/null || { echo '"
        + program
        + " is not installed on the target' >&2; exit 1; }\n"
        + "tar -C "
        + quote(root)
        + " --no-recursion --null --verbatim-files-from -T - -c"
        + flag
        + "f \"$tmp\" && chmod 0644 \"$tmp\" && mv -f -- \"$tmp\" "
        + quote(dest);
  }

  /** A temporary file beside dest, removed unless it was renamed into place. */
  private static String tmpScript(String dest) {
    int slash = dest.lastIndexOf('/');
    String dir = slash < 0 ? "." : slash == 0 ? "/" : dest.substring(0, slash);
    return "tmp=$(mktemp -p "
        + quote(dir)
        + " .ploy-tmp-archive.XXXXXX) || exit 1\ntrap 'rm -f -- \"$tmp\"' EXIT\n";
  }

  private static String tool(String format) {
    return switch (format) {
      case "bz2" -> "bzip2";
      case "xz" -> "xz";
      default -> "gzip";
    };
  }

  /** Python's os.path.commonprefix over the directories of the paths, as the module's root. */
  static String commonPath(List<String> paths) {
    List<String> dirs = new ArrayList<>();
    for (String path : paths) {
      int slash = path.lastIndexOf('/');
      String dir = slash < 0 ? "" : path.substring(0, slash);
      dirs.add(dir.isEmpty() ? (slash == 0 ? "/" : "") : dir + "/");
    }
    String prefix = dirs.get(0);
    for (String dir : dirs) {
      int n = 0;
      while (n < prefix.length() && n < dir.length() && prefix.charAt(n) == dir.charAt(n)) {
        n++;
      }
      prefix = prefix.substring(0, n);
    }
    int slash = prefix.lastIndexOf('/');
    String dir = slash < 0 ? "" : slash == 0 ? "/" : prefix.substring(0, slash);
    return dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
  }

  private static String strip(String prefix, String path) {
    return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
  }

  private static String quote(String word) {
    return ShellQuote.quote(word);
  }

  private static ExecResult check(ExecResult result, String what) throws ModuleException {
    if (!result.ok()) {
      throw ModuleException.commandFailed(
          what + ": " + (result.stderr() + result.stdout()).strip(), result);
    }
    return result;
  }

  /** Python's fnmatch.fnmatch on POSIX: * and ? match any character ('/' too), [...] sets. */
  static final class FnMatch {
    private FnMatch() {}

    static boolean matches(String name, String pattern) {
      StringBuilder regex = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '*') {
          regex.append(".*");
        } else if (c == '?') {
          regex.append('.');
        } else if (c == '[') {
          int end = pattern.indexOf(']', i + 2);
          if (end < 0) {
            regex.append("\\[");
          } else {
            String set = pattern.substring(i + 1, end).replace("\\", "\\\\");
            regex
                .append('[')
                .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                .append(']');
            i = end;
          }
        } else {
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }
  }
}
