package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.expr.Json;
import dev.ploy.module.Arg;
import dev.ploy.module.ArgRule;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.vault.Vault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Puts a file (or a directory tree) from the control node, or literal content, on the target.
 * Unchanged files are neither sent nor touched; changed ones are replaced atomically.
 */
public final class Copy implements Module {
  /** src or content, in the words of Ansible's copy (its tests compare them). */
  private static final ArgRule ONE_SOURCE =
      ArgRule.mutuallyExclusive("src", "content")
          .saying("src and content are mutually exclusive (give only one of them)");

  private static final ArgRule A_SOURCE =
      ArgRule.requiredOneOf("src", "content").saying("src (or content) is required (give one)");

  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("copy")
                  .description(
                      "Copies a file or directory from the control node (or given content) to the"
                          + " target. Writes atomically, only when the content differs; applies"
                          + " mode, owner and group.")
                  .arg(
                      Arg.path(
                              "src",
                              "Local file or directory (relative: the role's files/, then beside the"
                                  + " playbook). 'dir/' copies the directory's contents, 'dir' the"
                                  + " directory itself.")
                          .local())
                  .arg(
                      Arg.raw(
                          "content",
                          "The file's content, instead of src; a list or mapping is written as JSON."))
                  .arg(
                      Arg.path(
                              "dest",
                              "Path on the target; a directory (or a path ending in '/') receives"
                                  + " the file under its own name.")
                          .required())
                  .arg(FileArgs.backup())
                  .arg(FileArgs.force())
                  .arg(FileArgs.validate("dest", "visudo -cf %s"))
                  .arg(
                      Arg.bool(
                              "remote_src", "src is a file on the target, not on the control node.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "decrypt",
                              "Copy a vault-encrypted src decrypted, with the run's vault"
                                  + " passwords; false: as it is.")
                          .defaultsTo(true))
                  .arg(
                      Arg.mode(
                          "directory_mode", "Mode of directories created by a recursive copy."))
                  .arg(
                      Arg.bool("follow", "Accepted for compatibility; dest links are replaced.")
                          .defaultsTo(false))
                  .rule(ONE_SOURCE)
                  .rule(A_SOURCE)
                  .notHonoured(Arg.str("checksum", "SHA1 the file sent must have."))
                  .arg(
                      Arg.bool(
                              "local_follow",
                              "Follow links in a source directory on the control node (their"
                                  + " files and directories are copied); false: they are made"
                                  + " links on the target, to the same place.")
                          .defaultsTo(true))
                  .example(
                      "- name: Install the site's environment file\n"
                          + "  ansible.builtin.copy:\n"
                          + "    content: \"DATABASE_URL={{ database_url }}\\n\"\n"
                          + "    dest: /srv/app/.env\n"
                          + "    owner: app\n"
                          + "    mode: \"0600\"\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    Attributes attributes = Attributes.of(args);
    String dest = args.str("dest");
    if (args.has("content")) {
      Object value = args.get("content");
      String text = value instanceof String s ? s : Json.write(value);
      if (dest.endsWith("/")) {
        throw new ModuleException("dest must be a file path when content is given, not " + dest);
      }
      return FilePlanner.plan(
          target, FilePlanner.request(args, dest, Content.of(text), attributes), Map.of());
    }
    String src = args.str("src");
    if (args.bool("remote_src")) {
      return remoteCopy(target, args, src, dest, attributes);
    }
    Path local = target.findLocalFile(src, "files");
    if (Files.isDirectory(local)) {
      String into = src.endsWith("/") ? dest : join(dest, local.getFileName().toString());
      return directory(target, args, local, into, attributes);
    }
    Map<String, Object> base = Map.of("src", local.toString());
    if (!dest.endsWith("/")) {
      FileInfo info = FileInfo.probe(target, dest, true, attributes);
      if (!info.effective().type().equals("directory")) {
        return FilePlanner.plan(
            target,
            FilePlanner.request(
                args, dest, local(target, args, local), attributes.forSource(local)),
            info,
            base);
      }
    }
    // into a directory: the file under its own name
    String into = join(dest, local.getFileName().toString());
    return FilePlanner.plan(
        target,
        FilePlanner.request(args, into, local(target, args, local), attributes.forSource(local)),
        base);
  }

  /** A local file's content; a vault-encrypted one decrypted unless decrypt is false. */
  private static Content local(Target target, Args args, Path file) throws ModuleException {
    try {
      if (args.bool("decrypt") && Vault.isEncrypted(file)) {
        return Content.of(target.decryptLocalFile(file));
      }
    } catch (IOException e) {
      throw new ModuleException("cannot read " + file + ": " + e.getMessage());
    }
    return Content.of(file);
  }

  /** A local directory tree: every file planned like a single copy, missing directories made. */
  private Plan directory(
      Target target, Args args, Path root, String destRoot, Attributes attributes)
      throws ModuleException {
    List<Path> files;
    List<Path> links = new ArrayList<>();
    List<String> directories = new ArrayList<>();
    directories.add(destRoot);
    boolean follow = args.bool("local_follow");
    FileVisitOption[] options =
        follow ? new FileVisitOption[] {FileVisitOption.FOLLOW_LINKS} : new FileVisitOption[0];
    try (Stream<Path> walk = Files.walk(root, options)) {
      files = new ArrayList<>();
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (path.equals(root)) {
          continue;
        }
        String relative = root.relativize(path).toString();
        if (!follow && Files.isSymbolicLink(path)) {
          links.add(path);
        } else if (Files.isDirectory(path)) {
          directories.add(join(destRoot, relative));
        } else {
          files.add(path);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ModuleException("cannot read " + root + ": " + e.getMessage());
    }
    List<String> missing = missingDirectories(target, directories);
    List<Diff> diffs = new ArrayList<>();
    List<Plan> filePlans = new ArrayList<>();
    for (String dir : missing) {
      diffs.add(Diff.property(dir, "state", "absent", "directory"));
    }
    for (Path file : files) {
      String dest = join(destRoot, root.relativize(file).toString());
      Plan plan =
          missing.contains(dest.substring(0, dest.lastIndexOf('/')))
              ? FilePlanner.plan(
                  target,
                  FilePlanner.request(
                      args, dest, local(target, args, file), attributes.forSource(file)),
                  new FileInfo(
                      dest,
                      FileInfo.Stat.ABSENT,
                      java.util.Optional.empty(),
                      java.util.Optional.empty(),
                      null),
                  Map.of())
              : FilePlanner.plan(
                  target,
                  FilePlanner.request(
                      args, dest, local(target, args, file), attributes.forSource(file)),
                  Map.of());
      if (plan.changed()) {
        filePlans.add(plan);
        diffs.addAll(plan.diffs());
      }
    }
    for (Path link : links) {
      String dest = join(destRoot, root.relativize(link).toString());
      String to;
      try {
        to = Files.readSymbolicLink(link).toString();
      } catch (IOException e) {
        throw new ModuleException("cannot read the link " + link + ": " + e.getMessage());
      }
      FileInfo info = FileInfo.probe(target, dest, false);
      if (info.isLink() && info.linkTarget().orElse("").equals(to)) {
        continue;
      }
      if (info.exists() && !info.isLink() && info.self().type().equals("directory")) {
        throw new ModuleException(dest + " is a directory; it cannot become a link to " + to);
      }
      diffs.add(
          Diff.property(
              dest, "state", info.exists() ? info.self().type() : "absent", "link -> " + to));
      filePlans.add(
          ShellSteps.plan(
              List.of(),
              List.of("ln -sfn -- " + ShellQuote.quote(to) + " " + ShellQuote.quote(dest)),
              new LinkedHashMap<>(),
              dest));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dest", destRoot);
    result.put("src", root.toString());
    if (missing.isEmpty() && filePlans.isEmpty()) {
      return Plan.ok(result);
    }
    String dirMode = args.optStr("directory_mode").orElse(null);
    return Plan.change(
        diffs,
        result,
        on -> {
          if (!missing.isEmpty()) {
            List<String> argv = new ArrayList<>(List.of("mkdir", "-p"));
            if (dirMode != null && Modes.problem(dirMode) == null) {
              argv.addAll(List.of("-m", Modes.octal(Modes.resolve(dirMode, 0755, true))));
            }
            argv.add("--");
            argv.addAll(missing);
            ExecResult made = on.run(Command.argv(argv));
            if (!made.ok()) {
              throw new ModuleException("could not create directories: " + made.stderr().strip());
            }
          }
          for (Plan plan : filePlans) {
            plan.apply().orElseThrow().apply(on);
          }
          return Map.of();
        });
  }

  private static List<String> missingDirectories(Target target, List<String> directories)
      throws ModuleException {
    StringBuilder script = new StringBuilder("for d in");
    for (String dir : directories) {
      script.append(' ').append(ShellQuote.quote(dir));
    }
    script.append("; do [ -d \"$d\" ] || printf '%s\\n' \"$d\"; done");
    ExecResult result = target.run(Command.of(script.toString()));
    List<String> missing = new ArrayList<>();
    for (String line : result.stdoutLines()) {
      if (directories.contains(line)) {
        missing.add(line);
      }
    }
    return missing;
  }

  /** src on the target itself: compared by checksum, copied with cp into an atomic write. */
  private Plan remoteCopy(Target target, Args args, String src, String dest, Attributes attributes)
      throws ModuleException {
    FileInfo source = FileInfo.probe(target, src, true);
    if (!source.effective().type().equals("file")) {
      throw new ModuleException(
          "remote_src: "
              + src
              + " is "
              + source.effective().type()
              + " on the target; only a regular file can be copied with remote_src");
    }
    FileInfo info = FileInfo.probe(target, dest, true, attributes);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("src", src);
    result.put("dest", dest);
    result.put("checksum", source.checksum());
    FileInfo.Stat current = info.effective();
    if (current.type().equals("directory")) {
      throw new ModuleException("dest " + dest + " is a directory; give the file's full path");
    }
    if (current.exists() && (!args.bool("force") || source.checksum().equals(info.checksum()))) {
      Attributes.Changes changes = attributes.compare(dest, current, 0644, false);
      if (changes.none() || !args.bool("force") && !source.checksum().equals(info.checksum())) {
        return Plan.ok(result);
      }
      return changes.plan(dest, result);
    }
    List<Diff> diffs = new ArrayList<>();
    diffs.add(Diff.property(dest, "checksum", info.checksum(), source.checksum()));
    diffs.addAll(attributes.compare(dest, current, 0644, false).diffs());
    AtomicWrite write =
        new AtomicWrite(
            dest, info, attributes, args.optStr("validate").orElse(null), args.bool("backup"));
    return Plan.change(diffs, result, on -> write.copyFrom(on, src));
  }

  static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }
}
