package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ConnectionException;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgType;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.PathExpansion;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Extracts a tar or zip archive into an existing directory on the target, only when what the
 * archive holds is not already there: the members are listed (here, or by the target's tar for xz
 * and bzip2), the destination is probed for all of them in one command, and types, sizes, mtimes
 * (tar) and link targets are compared, like Ansible.
 */
public final class Unarchive implements Module {
  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("unarchive")
                  .description(
                      "Unpacks a .tar, .tar.gz, .tar.xz, .tar.bz2 or .zip archive (from the"
                          + " control node, or already on the target) into an existing directory;"
                          + " extracts only when the files differ, then applies owner, group and"
                          + " mode to every member.")
                  .arg(
                      Arg.path(
                              "src",
                              "The archive: a local file (the role's files/, then beside the"
                                  + " playbook), or a path on the target with remote_src.")
                          .required()
                          .local())
                  .arg(
                      Arg.path("dest", "The existing directory to extract into (absolute).")
                          .required())
                  .arg(Arg.bool("remote_src", "src is already on the target.").defaultsTo(false))
                  .arg(
                      Arg.path(
                          "creates",
                          "A path on the target; when it exists nothing is extracted or checked."))
                  .arg(
                      Arg.list(
                              "exclude", "Members (paths or globs) neither extracted nor compared.")
                          .elements(ArgType.STR)
                          .notAnOption())
                  .arg(
                      Arg.list(
                              "extra_opts",
                              "Extra options for tar or unzip, e.g. ['--strip-components=1'].")
                          .elements(ArgType.STR))
                  .arg(
                      Arg.bool("list_files", "Return the archive's member names in 'files'.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "copy",
                              "Deprecated form of remote_src: false means the archive is already on the target.")
                          .defaultsTo(true))
                  .notHonoured(
                      Arg.bool("decrypt", "Decrypt a vault-encrypted src.").defaultsTo(true))
                  .notHonoured(Arg.list("include", "Extract only these paths."))
                  .notHonoured(
                      Arg.integer("io_buffer_size", "Read buffer size.").defaultsTo(65536L))
                  .notHonoured(
                      Arg.bool("keep_newer", "Keep files newer than the archive.")
                          .defaultsTo(false))
                  .notHonoured(
                      Arg.bool("validate_certs", "Check the certificate of a src URL.")
                          .defaultsTo(true))
                  .example(
                      "- name: Unpack the release\n"
                          + "  ansible.builtin.unarchive:\n"
                          + "    src: app-1.4.2.tar.gz\n"
                          + "    dest: /opt/app\n"
                          + "    owner: app\n"
                          + "    group: app\n"
                          + "    extra_opts: ['--strip-components=1']\n"))
          .build();

  private static final String FIND_FORMAT = "%y\\0%s\\0%T@\\0%m\\0%u\\0%g\\0%U\\0%G\\0%l\\0%p\\0";
  private static final int DIFF_LINES = 40;

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Attributes attributes = Attributes.of(args);
    boolean remote = args.bool("remote_src") || !args.bool("copy");
    // src is a local file unless remote_src says it is on the target, where paths expand
    String src =
        remote ? PathExpansion.expand(args.str("src"), PathExpansion.of(target)) : args.str("src");
    String dest = args.str("dest");
    if (src.matches("(?i)(https?|ftp)://.*")) {
      throw new ModuleException(
          "src is a URL; download it first with get_url, then unarchive with remote_src: true");
    }
    ArchiveFormat format = ArchiveFormat.of(src);
    Path local = remote ? null : target.findLocalFile(src, "files");
    List<String> extraOpts = args.strings("extra_opts");

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dest", dest);
    result.put("src", remote ? src : local.toString());
    result.put("handler", format == ArchiveFormat.ZIP ? "ZipArchive" : "TgzArchive");
    result.put("state", "directory");

    String probed = probeDest(target, dest, args.optStr("creates").orElse(null), format);
    if (probed.startsWith("nodest")) {
      throw new ModuleException(
          "dest '" + dest + "' must be an existing directory (create it with the file module)",
          result);
    }
    if (probed.startsWith("creates")) {
      result.put("msg", "skipped, since " + args.str("creates") + " exists");
      return Plan.ok(result);
    }
    boolean hasTool = probed.startsWith("ok\ntool");

    List<ArchiveEntry> entries =
        filter(list(target, format, local, src, hasTool), args.strings("exclude"), extraOpts);
    if (args.bool("list_files")) {
      result.put("files", entries.stream().map(ArchiveEntry::name).toList());
    }
    Map<String, OnDisk> disk = OnDisk.probe(target, dest, entries, FIND_FORMAT);

    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    List<Diff> attributeDiffs = new ArrayList<>();
    boolean attributesDiffer = false;
    for (ArchiveEntry entry : entries) {
      OnDisk found = disk.get(entry.name());
      String why = found == null ? "absent" : found.differs(entry);
      if (why != null) {
        before.add(entry.name() + ": " + (found == null ? "absent" : found.describe()) + "\n");
        after.add(entry.name() + ": " + describe(entry) + "\n");
      }
      if (attributes.any() && entry.type() != 'o') {
        FileInfo.Stat stat =
            found == null
                ? new FileInfo.Stat(
                    entry.type() == 'd' ? "directory" : "file",
                    Modes.octal(entry.mode()),
                    null,
                    null,
                    entry.size(),
                    -2,
                    -2)
                : found.stat();
        Attributes forEntry =
            entry.type() == 'l'
                ? new Attributes(null, attributes.owner(), attributes.group())
                : attributes;
        Attributes.Changes changes =
            forEntry.compare(dest + "/" + entry.name(), stat, 0644, entry.type() == 'd');
        if (!changes.none()) {
          attributesDiffer = true;
          if (attributeDiffs.size() < DIFF_LINES) {
            attributeDiffs.addAll(changes.diffs());
          }
        }
      }
    }
    boolean extract = !before.isEmpty();
    if (!extract && !attributesDiffer) {
      return Plan.ok(result);
    }
    if (extract && !hasTool) {
      throw new ModuleException(
          format.tool()
              + " is not installed on the target; install it (apt-get install "
              + (format == ArchiveFormat.XZ ? "xz-utils" : format.tool())
              + ") to extract "
              + src,
          result);
    }
    List<Diff> diffs = new ArrayList<>();
    if (extract) {
      diffs.add(new Diff(dest, capped(before), capped(after)));
    }
    diffs.addAll(attributeDiffs);
    Extraction extraction =
        new Extraction(
            format, dest, remote ? src : null, local, args.strings("exclude"), extraOpts);
    return Plan.change(
        diffs,
        result,
        on -> {
          Map<String, Object> done = new LinkedHashMap<>();
          if (extract) {
            done.put("extract_results", extraction.run(on));
          }
          applyAttributes(on, dest, entries, attributes);
          return done;
        });
  }

  private static List<ArchiveEntry> list(
      Target target, ArchiveFormat format, Path local, String remotePath, boolean hasTool)
      throws ModuleException {
    try {
      // a remote tar is listed by the target's tar (with become); a remote zip is fetched here
      if (format.readLocally() && (local != null || format == ArchiveFormat.ZIP)) {
        if (local != null) {
          return ArchiveListing.read(local, format);
        }
        Path copy = Files.createTempFile("ploy-unarchive-", ".archive");
        try {
          try (OutputStream out = Files.newOutputStream(copy)) {
            target.connection().download(remotePath, out);
          }
          return ArchiveListing.read(copy, format);
        } finally {
          Files.deleteIfExists(copy);
        }
      }
    } catch (IOException | ConnectionException e) {
      throw new ModuleException(
          "cannot read the archive "
              + (local != null ? local : remotePath)
              + ": "
              + e.getMessage());
    }
    if (!hasTool) {
      throw new ModuleException(
          format.tool()
              + " is not installed on the target, which lists and extracts "
              + format.name().toLowerCase()
              + " archives; install it (apt-get install "
              + (format == ArchiveFormat.XZ ? "xz-utils" : format.tool())
              + ")");
    }
    String listing =
        "LC_ALL=C TZ=UTC tar -tv --full-time --quoting-style=escape " + format.tarFlag + " -f ";
    Command command;
    if (local != null) {
      try {
        command = Command.of(listing + "-").withStdin(Files.readAllBytes(local));
      } catch (IOException e) {
        throw new ModuleException("cannot read the archive " + local + ": " + e.getMessage());
      }
    } else {
      command = Command.of(listing + ShellQuote.quote(remotePath));
    }
    ExecResult listed = target.run(command);
    if (!listed.ok()) {
      throw new ModuleException(
          "cannot list the archive "
              + (local != null ? local : remotePath)
              + ": "
              + listed.stderr().strip());
    }
    return ArchiveListing.verbose(listed.stdout());
  }

  /** Applies exclude globs and --strip-components as extraction will. */
  private static List<ArchiveEntry> filter(
      List<ArchiveEntry> entries, List<String> excludes, List<String> extraOpts) {
    int strip = 0;
    for (int i = 0; i < extraOpts.size(); i++) {
      String opt = extraOpts.get(i);
      if (opt.startsWith("--strip-components=")) {
        strip = Integer.parseInt(opt.substring(opt.indexOf('=') + 1).strip());
      } else if (opt.equals("--strip-components") && i + 1 < extraOpts.size()) {
        strip = Integer.parseInt(extraOpts.get(i + 1).strip());
      }
    }
    List<PathMatcher> matchers = new ArrayList<>();
    for (String exclude : excludes) {
      matchers.add(
          FileSystems.getDefault().getPathMatcher("glob:" + ArchiveEntry.normalize(exclude)));
    }
    List<ArchiveEntry> kept = new ArrayList<>();
    for (ArchiveEntry entry : entries) {
      if (excluded(entry.name(), matchers)) {
        continue;
      }
      ArchiveEntry stripped = entry.stripped(strip);
      if (stripped != null) {
        kept.add(stripped);
      }
    }
    return kept;
  }

  private static boolean excluded(String name, List<PathMatcher> matchers) {
    for (PathMatcher matcher : matchers) {
      Path path = Path.of(name);
      for (Path p = path; p != null; p = p.getParent()) {
        if (matcher.matches(p) || matcher.matches(p.getFileName())) {
          return true;
        }
      }
    }
    return false;
  }

  /** "nodest", "creates", or "ok" followed by "tool"/"notool": dest, creates and the tool. */
  private static String probeDest(Target target, String dest, String creates, ArchiveFormat format)
      throws ModuleException {
    StringBuilder script = new StringBuilder();
    script
        .append("[ -d ")
        .append(ShellQuote.quote(dest))
        .append(" ] || { echo nodest; exit 0; }\n");
    if (creates != null) {
      script
          .append("[ -e ")
          .append(ShellQuote.quote(creates))
          .append(" ] && { echo creates; exit 0; }\n");
    }
    script.append("echo ok\n");
    script.append("command -v ").append(format.tool()).append(" >/dev/null 2>&1");
    script.append(" && command -v tar >/dev/null 2>&1 && echo tool || echo notool");
    ExecResult probed = target.run(Command.of(script.toString()));
    if (!probed.ok()) {
      throw new ModuleException("cannot inspect " + dest + ": " + probed.stderr().strip());
    }
    return probed.stdout();
  }

  private static void applyAttributes(
      Target target, String dest, List<ArchiveEntry> entries, Attributes attributes)
      throws ModuleException {
    if (!attributes.any()) {
      return;
    }
    String cd = "cd -- " + ShellQuote.quote(dest) + " && ";
    byte[] all = names(entries, false);
    if (attributes.owner() != null) {
      run(target, cd + Owners.chown("xargs -0 -r", "-h", attributes.owner(), ""), all, dest);
    }
    if (attributes.group() != null) {
      run(target, cd + Owners.chgrp("xargs -0 -r", "-h", attributes.group(), ""), all, dest);
    }
    if (attributes.mode() != null) {
      String mode = attributes.mode().strip();
      run(
          target,
          cd + "xargs -0 -r chmod " + ShellQuote.quote(mode) + " --",
          names(entries, true),
          dest);
    }
  }

  private static void run(Target target, String script, byte[] stdin, String dest)
      throws ModuleException {
    ExecResult done = target.run(Command.of(script).withStdin(stdin));
    if (!done.ok()) {
      throw new ModuleException(
          "could not set the attributes of the files in " + dest + ": " + done.stderr().strip());
    }
  }

  /** Member names as "./name", NUL-terminated, for xargs -0; without links when asked. */
  static byte[] names(List<ArchiveEntry> entries, boolean skipLinks) {
    StringBuilder names = new StringBuilder();
    for (ArchiveEntry entry : entries) {
      if (!(skipLinks && entry.type() == 'l')) {
        names.append("./").append(entry.name()).append('\0');
      }
    }
    return names.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String describe(ArchiveEntry entry) {
    return switch (entry.type()) {
      case 'd' -> "directory";
      case 'l' -> "link to " + entry.link();
      case 'f' -> entry.size() >= 0 ? "file, " + entry.size() + " bytes" : "file (hard link)";
      default -> "special file";
    };
  }

  private static String capped(List<String> lines) {
    if (lines.size() <= DIFF_LINES) {
      return String.join("", lines);
    }
    return String.join("", lines.subList(0, DIFF_LINES))
        + "... and "
        + (lines.size() - DIFF_LINES)
        + " more\n";
  }

  /** Sends a local archive to the target; returns where it is. */
  static String stage(Target target, Path local) throws ModuleException {
    String staged = "/tmp/.ploy-archive-" + UUID.randomUUID();
    try (InputStream in = Files.newInputStream(local)) {
      target.connection().upload(in, Files.size(local), staged, 0600);
    } catch (IOException | ConnectionException e) {
      throw new ModuleException("cannot send " + local + " to " + staged + ": " + e.getMessage());
    }
    return staged;
  }
}
