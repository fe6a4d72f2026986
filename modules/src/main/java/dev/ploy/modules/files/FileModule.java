package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes a path be a file, a directory, a link, or nothing, with the given attributes. */
public final class FileModule implements Module {
  private static final Pattern TIME =
      Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})\\.(\\d{1,2})");

  private static final ModuleSpec SPEC =
      Attributes.declare(
              ModuleSpec.builder("file")
                  .description(
                      "Sets a path's state (directory, link, hard link, empty file, absent) and its"
                          + " mode, owner and group.")
                  .arg(
                      Arg.path("path", "The path on the target.")
                          .required()
                          .aliases("dest", "name"))
                  .arg(
                      Arg.str(
                              "state",
                              "file: only set attributes of an existing file; directory: create"
                                  + " with parents, each parent made given mode, owner and group"
                                  + " too; link / hard: point to src; touch: create or update"
                                  + " times; absent: remove (recursively).")
                          .choices("file", "directory", "link", "hard", "touch", "absent"))
                  .arg(Arg.path("src", "The link's target, for state link or hard."))
                  .arg(
                      Arg.bool(
                              "recurse",
                              "Apply mode, owner and group to everything below a directory.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool(
                              "force",
                              "For links: replace an existing file, or create a link whose target"
                                  + " does not exist yet.")
                          .defaultsTo(false))
                  .arg(
                      Arg.bool("follow", "Set attributes on what a link points to, not the link.")
                          .defaultsTo(true))
                  .arg(
                      Arg.str(
                          "modification_time",
                          "For touch: 'preserve' keeps the time (so a second run changes nothing),"
                              + " 'now' (default) updates it, or a time as %Y%m%d%H%M.%S (the"
                              + " target's local time)."))
                  .arg(
                      Arg.str(
                          "access_time",
                          "For touch: 'preserve', 'now' (default) or a time as %Y%m%d%H%M.%S."))
                  .arg(
                      Arg.bool(
                          "_diff_peek",
                          "Internal to Ansible (its action plugins ask it): only report"
                              + " appears_binary, whether the path's first 8192 bytes hold a NUL"
                              + " byte; changes nothing."))
                  .notHonoured(
                      Arg.str(
                              "access_time_format",
                              "strftime format of access_time; ploy reads the default one.")
                          .defaultsTo("%Y%m%d%H%M.%S"))
                  .notHonoured(
                      Arg.str(
                              "modification_time_format",
                              "strftime format of modification_time; ploy reads the default one.")
                          .defaultsTo("%Y%m%d%H%M.%S"))
                  .example(
                      "- name: Create the application directory\n"
                          + "  ansible.builtin.file:\n"
                          + "    path: /srv/app\n"
                          + "    state: directory\n"
                          + "    owner: app\n"
                          + "    mode: \"0755\"\n"))
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String asked = args.str("path");
    if (args.has("_diff_peek")) {
      String path = asked;
      return Plan.ok(Map.of("path", path, "appears_binary", appearsBinary(target, path)));
    }
    String path = asked;
    Attributes attributes = Attributes.of(args);
    // state absent sets no owner: its names are not looked up, as in Ansible
    FileInfo info =
        args.optStr("state").orElse("").equals("absent")
            ? FileInfo.probe(target, path, false)
            : FileInfo.probe(target, path, false, attributes);
    // as Ansible: without state, what the path is (a new one: a file, or a directory to recurse)
    String state =
        args.optStr("state")
            .orElse(
                info.exists() ? current(info, args) : args.bool("recurse") ? "directory" : "file");
    if (args.bool("recurse") && !state.equals("directory")) {
      throw new ModuleException( // Ansible's words
          "recurse option requires state to be 'directory'", Map.of("path", path));
    }
    if (args.has("src") && !state.equals("link") && !state.equals("hard")) {
      throw new ModuleException(
          "src option requires state to be 'link' or 'hard'", Map.of("path", path));
    }
    if (state.equals("hard") && args.has("src") && info.self().type().equals("directory")) {
      // as Ansible: a hard link asked at a directory is made in it, named as its source
      String src = args.str("src");
      path = path.replaceAll("/+$", "") + "/" + src.substring(src.lastIndexOf('/') + 1);
      info = FileInfo.probe(target, path, false, attributes);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    // as Ansible: touch and links name their path dest, the other states path
    result.put(List.of("touch", "link", "hard").contains(state) ? "dest" : "path", path);
    result.put("state", state);
    Wanted wanted = new Wanted(args, path, info, attributes, result);
    Plan plan =
        switch (state) {
          case "absent" -> wanted.absent(target);
          case "directory" -> wanted.directory(target);
          case "file" -> wanted.file(target);
          case "touch" -> wanted.touch(target);
          case "link" -> wanted.link(target);
          default -> wanted.hard(target);
        };
    return state.equals("absent") ? plan : describingPath(plan, path, info);
  }

  /**
   * {@code plan} with the keys Ansible reports about the path ({@link PathInfo}): in check mode or
   * when nothing changes, what the probe found (nothing for a path not there yet); after a change,
   * the path as it is then.
   */
  private static Plan describingPath(Plan plan, String path, FileInfo info) {
    Map<String, Object> result = new LinkedHashMap<>(plan.result());
    if (info.exists()) {
      result.putAll(PathInfo.of(info.self()));
    }
    return plan.withResult(result)
        .wrappingApply(
            apply ->
                on -> {
                  Map<String, Object> done = new LinkedHashMap<>(apply.apply(on));
                  done.putAll(PathInfo.probe(on, path));
                  return done;
                });
  }

  /** Whether the file's first 8192 bytes hold a NUL byte (unreadable: no), as Ansible guesses. */
  private static boolean appearsBinary(Target target, String path) throws ModuleException {
    ExecResult peek =
        target.run(
            Command.of(
                "head -c 8192 -- "
                    + ShellQuote.quote(path)
                    + " 2>/dev/null | od -An -tx1 -v | grep -qw 00 && echo binary; true"));
    return peek.stdout().strip().equals("binary");
  }

  /**
   * What the task asks of its path, what the probe found there, and the result so far; each state
   * plans from it.
   */
  private record Wanted(
      Args args, String path, FileInfo info, Attributes attributes, Map<String, Object> result) {
    /** The stat the state is compared with: the link's target's when follow is set. */
    FileInfo.Stat stat() {
      return args.bool("follow") ? info.effective() : info.self();
    }

    /** The state Ansible compares with: the path's own, or its link target's when followed. */
    String previous() {
      return args.bool("follow") && info.isLink()
          ? FileInfo.ansibleState(info.effective())
          : info.ansibleState();
    }

    Plan absent(Target target) throws ModuleException {
      if (!info.exists()) {
        return Plan.ok(result);
      }
      FileDiff diff = new FileDiff(path, "absent", info.ansibleState());
      if (info.self().type().equals("directory")) {
        diff.before("path_content", contents(target, path));
      }
      result.put("diff", diff.toMap());
      List<Diff> diffs = List.of(Diff.property(path, "state", info.self().type(), "absent"));
      return ShellSteps.plan(diffs, List.of("rm -rf -- " + ShellQuote.quote(path)), result, path);
    }

    Plan directory(Target target) throws ModuleException {
      FileInfo.Stat stat = stat();
      List<Diff> diffs = new ArrayList<>();
      List<String> commands = new ArrayList<>();
      FileDiff diff = new FileDiff(path, "directory", previous());
      // a new directory: check mode reports only its state; a run, the attributes set on it too
      FileDiff made = null;
      if (!stat.exists()) {
        made = new FileDiff(path, "directory", previous());
        made.attributes(target, attributes, stat, 0755, true);
        if (info.isLink()) {
          throw new ModuleException(
              path + " is a link to a missing target; cannot make it a directory");
        }
        diffs.add(Diff.property(path, "state", "absent", "directory"));
        commands.addAll(missingParents(path, stat));
        commands.add("mkdir -- " + ShellQuote.quote(path));
      } else if (!stat.type().equals("directory")) {
        throw new ModuleException(
            path + " already exists as a " + stat.type() + ", not a directory");
      }
      Attributes.Changes changes = attributes.compare(path, stat, 0755, true);
      diffs.addAll(changes.diffs());
      commands.addAll(changes.commands());
      if (stat.exists()) {
        diff.attributes(target, attributes, stat, 0755, true);
        times(target, stat, "preserve", diff, diffs, commands);
      }
      if (args.bool("recurse") && attributes.any() && stat.exists()) {
        List<String> recursive = recursiveChanges(target, path, attributes);
        if (!recursive.isEmpty()) {
          diffs.add(
              Diff.property(
                  path,
                  "recursive attributes",
                  "differ below " + path,
                  String.join(" ", attributes.describe())));
          commands.addAll(recursive);
        }
      }
      attributes.report(result, stat, 0755, true);
      result.put("diff", diff.toMap());
      return reporting(ShellSteps.plan(diffs, commands, result, path), made);
    }

    /**
     * As Ansible's file module: each parent of a new directory that is missing is made and given
     * the task's mode, owner and group, as the directory itself is (not only {@code mkdir -p}'s
     * umask mode). One step per parent, made only when it is missing when the step runs.
     */
    private List<String> missingParents(String path, FileInfo.Stat absent) {
      List<String> steps = new ArrayList<>();
      String[] names = path.split("/");
      StringBuilder parent = new StringBuilder(path.startsWith("/") ? "/" : "");
      // split drops the empty names a trailing '/' leaves: the last one is the directory's own
      for (int i = 0; i < names.length - 1; i++) {
        if (names[i].isEmpty()) {
          continue;
        }
        parent.append(names[i]);
        String quoted = ShellQuote.quote(parent.toString());
        List<String> make = new ArrayList<>();
        make.add("mkdir -- " + quoted);
        make.addAll(attributes.compare(parent.toString(), absent, 0755, true).commands());
        steps.add(
            "{ [ -e "
                + quoted
                + " ] || [ -L "
                + quoted
                + " ] || { "
                + String.join(" && ", make)
                + "; }; }");
        parent.append('/');
      }
      return steps;
    }

    Plan file(Target target) throws ModuleException {
      FileInfo.Stat stat = stat();
      if (!stat.exists()) {
        throw new ModuleException(
            "file (" + path + ") is absent, cannot continue; use state: touch to create it",
            Map.of("path", path, "state", "absent"));
      }
      if (stat.type().equals("directory")) {
        throw new ModuleException(path + " is a directory; use state: directory");
      }
      Attributes.Changes changes = attributes.compare(path, stat, 0644, false);
      attributes.report(result, stat, 0644, false);
      FileDiff diff = new FileDiff(path, "file", previous());
      diff.attributes(target, attributes, stat, 0644, false);
      List<Diff> diffs = new ArrayList<>(changes.diffs());
      List<String> commands = new ArrayList<>(changes.commands());
      times(target, stat, "preserve", diff, diffs, commands);
      result.put("diff", diff.toMap());
      return ShellSteps.plan(diffs, commands, result, path);
    }

    Plan touch(Target target) throws ModuleException {
      FileInfo.Stat stat = stat();
      // the result's state is what the path is once touched, as Ansible reports it
      result.put("state", info.exists() ? info.ansibleState() : "file");
      List<Diff> diffs = new ArrayList<>();
      List<String> commands = new ArrayList<>();
      if (!stat.exists()) {
        diffs.add(Diff.property(path, "state", "absent", "file"));
        commands.add("touch -- " + ShellQuote.quote(path));
      }
      FileDiff diff = new FileDiff(path, "touch", previous());
      diff.attributes(target, attributes, stat, 0644, false);
      times(target, stat, "now", diff, diffs, commands);
      attributes.report(result, stat, 0644, false);
      if (stat.exists()) {
        result.put("diff", diff.toMap());
      }
      Plan plan =
          attributes
              .compare(path, stat, 0644, stat.type().equals("directory"))
              .after(diffs, commands, result, path);
      // as Ansible: check mode reports no diff for a file it would create, a run the new file's
      return stat.exists() ? plan : reporting(plan, diff);
    }

    /**
     * Plans the times modification_time and access_time ask for ({@code absent}: the default of the
     * state, 'now' for touch, else 'preserve'), with their diff as Ansible reports it (times as
     * seconds since the epoch; 'now' always differs): 'now' updates, an explicit time
     * (%Y%m%d%H%M.%S, the target's local time, as Ansible reads it there) is set unless the path
     * already has it to the second.
     */
    private void times(
        Target target,
        FileInfo.Stat stat,
        String absent,
        FileDiff diff,
        List<Diff> diffs,
        List<String> commands)
        throws ModuleException {
      String mtime = args.optStr("modification_time").orElse(absent);
      String atime = args.optStr("access_time").orElse(absent);
      if (mtime.equals("preserve") && atime.equals("preserve")) {
        return;
      }
      String quoted = ShellQuote.quote(path);
      StringBuilder probe = new StringBuilder("date +%s.%N");
      for (String spec : List.of(mtime, atime)) {
        if (!spec.equals("now") && !spec.equals("preserve")) {
          probe.append(" && date -d ").append(ShellQuote.quote(when(spec))).append(" +%s");
        }
      }
      if (stat.exists()) {
        probe.append(" && stat -L -c '%.9Y|%.9X' -- ").append(quoted);
      }
      ExecResult found = target.run(Command.of(probe.toString()));
      List<String> lines = found.stdoutLines();
      if (!found.ok() || lines.isEmpty()) {
        throw new ModuleException(
            "cannot read the times of " + path + ": " + found.stderr().strip());
      }
      double now = Double.parseDouble(lines.get(0).strip());
      String[] current = stat.exists() ? lines.get(lines.size() - 1).strip().split("\\|") : null;
      int next = 1;
      boolean mNow = mtime.equals("now");
      boolean aNow = atime.equals("now");
      if (stat.exists() && (mNow || aNow)) {
        diffs.add(Diff.property(path, "times", "unchanged", "now"));
        commands.add(
            "touch" + (mNow && !aNow ? " -m" : !mNow && aNow ? " -a" : "") + " -- " + quoted);
      }
      String[] keys = {"mtime", "atime"};
      String[] specs = {mtime, atime};
      for (int i = 0; i < 2; i++) {
        String spec = specs[i];
        double before = current != null ? Double.parseDouble(current[i]) : now;
        if (spec.equals("preserve")) {
          continue;
        }
        if (spec.equals("now")) {
          diff.put(keys[i], before, now);
          continue;
        }
        long at = Long.parseLong(lines.get(next++).strip());
        if (current != null && (long) Math.floor(before) == at) {
          continue;
        }
        String arg = i == 0 ? "modification_time" : "access_time";
        diffs.add(Diff.property(path, arg, "other", spec));
        commands.add("touch " + (i == 0 ? "-m" : "-a") + " -t " + stamp(spec) + " -- " + quoted);
        diff.put(keys[i], before, (double) at);
      }
    }

    Plan link(Target target) throws ModuleException {
      String src = args.has("src") ? args.str("src") : null;
      if (src == null) {
        // as Ansible: an existing link keeps its target (only its attributes are managed)
        if (!info.isLink()) {
          throw new ModuleException(
              "src is required for creating new symlinks (give src: the path the link points to)");
        }
        src = info.linkTarget().orElse("");
      }
      result.put("src", src);
      String quoted = ShellQuote.quote(path);
      List<Diff> diffs = new ArrayList<>();
      List<String> commands = new ArrayList<>();
      List<Plan.Assumption> assumptions = new ArrayList<>();
      FileDiff diff = new FileDiff(path, "link", info.ansibleState());
      if (info.isLink()) {
        if (!info.linkTarget().orElse("").equals(src)) {
          diff.put("src", info.linkTarget().orElse(""), src);
          diffs.add(Diff.property(path, "src", info.linkTarget().orElse(""), src));
          commands.add("ln -sfn -- " + ShellQuote.quote(src) + " " + quoted);
        }
      } else if (info.exists()) {
        boolean directory = info.self().type().equals("directory");
        if (directory && args.bool("force")) {
          // as Ansible: force replaces an empty directory, never one that holds anything
          ExecResult empty = target.run(Command.of("[ -z \"$(ls -A -- " + quoted + ")\" ]"));
          if (!empty.ok()) {
            throw new ModuleException(
                "the directory " + path + " is not empty, refusing to convert it",
                Map.of("path", path));
          }
        }
        if (!args.bool("force")) {
          throw new ModuleException(
              "refusing to convert from "
                  + info.self().type()
                  + " to symlink for "
                  + path
                  + "; set force: true to replace it");
        }
        diffs.add(Diff.property(path, "state", info.self().type(), "link -> " + src));
        commands.add(
            (directory ? "rmdir -- " : "rm -f -- ")
                + quoted
                + " && ln -s -- "
                + ShellQuote.quote(src)
                + " "
                + quoted);
      } else {
        if (!args.bool("force")) {
          String absolute = src.startsWith("/") ? src : parent(path) + "/" + src;
          ExecResult exists = target.run(Command.of("[ -e " + ShellQuote.quote(absolute) + " ]"));
          if (!exists.ok()) {
            // an earlier task may make it: a run fails without it, check mode plans the link
            assumptions.add(
                Plan.Assumption.silent(
                    "src file does not exist, use force: true to create a link to a missing target: "
                        + absolute));
          }
        }
        diffs.add(Diff.property(path, "state", "absent", "link -> " + src));
        commands.add("ln -s -- " + ShellQuote.quote(src) + " " + quoted);
      }
      String absolute = src.startsWith("/") ? src : parent(path) + "/" + src;
      FileInfo.Stat pointed =
          args.bool("follow") && attributes.any()
              ? FileInfo.probe(target, absolute, false).effective()
              : FileInfo.Stat.ABSENT;
      if (pointed.exists()) {
        // follow (the default): as Ansible, the attributes are the link target's, set through it
        Attributes.Changes changes =
            attributes.compare(path, pointed, 0644, pointed.type().equals("directory"));
        diffs.addAll(changes.diffs());
        commands.addAll(changes.commands());
        diff.attributes(target, attributes, pointed, 0644, pointed.type().equals("directory"));
      } else if (!args.bool("follow")) {
        // the link's own owner and group (a link has no mode of its own on Linux)
        FileInfo.Stat linkStat = info.isLink() ? info.self() : FileInfo.Stat.ABSENT;
        if (attributes.owner() != null && !attributes.owner().equals(linkStat.owner())) {
          diffs.add(Diff.property(path, "owner", linkStat.owner(), attributes.owner()));
          commands.add(Owners.chown("-h", attributes.owner(), quoted));
        }
        if (attributes.group() != null && !attributes.group().equals(linkStat.group())) {
          diffs.add(Diff.property(path, "group", linkStat.group(), attributes.group()));
          commands.add(Owners.chgrp("-h", attributes.group(), quoted));
        }
      }
      result.put("diff", diff.toMap());
      return ShellSteps.plan(diffs, commands, result, path).assuming(assumptions);
    }

    Plan hard(Target target) throws ModuleException {
      if (!args.has("src")) {
        throw new ModuleException(
            "src is required for creating new hardlinks (give src: the file to link to)");
      }
      String src = args.str("src");
      result.put("src", src);
      String quoted = ShellQuote.quote(path);
      ExecResult same =
          target.run(Command.of("[ " + quoted + " -ef " + ShellQuote.quote(src) + " ]"));
      List<Diff> diffs = new ArrayList<>();
      List<String> commands = new ArrayList<>();
      FileDiff diff = new FileDiff(path, "hard", info.ansibleState());
      if (info.isLink() && !info.linkTarget().orElse("").equals(src)) {
        diff.put("src", info.linkTarget().orElse(""), src);
      }
      if (same.ok()) {
        diff.attributes(target, attributes, info.self(), 0644, false);
      }
      result.put("diff", diff.toMap());
      if (!same.ok()) {
        if (info.exists() && !args.bool("force")) {
          throw new ModuleException(
              path
                  + " exists and is not a hard link to "
                  + src
                  + "; set force: true to replace it");
        }
        diffs.add(Diff.property(path, "state", info.self().type(), "hard link to " + src));
        commands.add("ln -f -- " + ShellQuote.quote(src) + " " + quoted);
      }
      FileInfo.Stat stat = same.ok() ? info.self() : FileInfo.Stat.ABSENT;
      // a new hard link shares its source's attributes; the asked ones are applied after linking
      return attributes.compare(path, stat, 0644, false).after(diffs, commands, result, path);
    }
  }

  private static String current(FileInfo info, Args args) {
    String type = args.bool("follow") ? info.effective().type() : info.self().type();
    return type.equals("link") ? "link" : type.equals("directory") ? "directory" : "file";
  }

  /** The chmod/chown -R commands needed for everything below {@code path}, none when all match. */
  private static List<String> recursiveChanges(Target target, String path, Attributes attributes)
      throws ModuleException {
    ExecResult listing =
        target.run(
            Command.of(
                "find "
                    + ShellQuote.quote(path)
                    + " -mindepth 1 ! -type l -exec stat -c '%a|%U|%G|%u|%g|%F' -- {} +"));
    if (!listing.ok()) {
      throw new ModuleException("cannot list " + path + ": " + listing.stderr().strip());
    }
    boolean mode = false;
    boolean owner = false;
    boolean group = false;
    for (String line : listing.stdoutLines()) {
      String[] f = line.split("\\|");
      boolean dir = f[5].equals("directory");
      int bits = Integer.parseInt(f[0], 8);
      if (attributes.mode() != null && attributes.modeFor(bits, dir) != bits) {
        mode = true;
      }
      if (attributes.owner() != null
          && !attributes.owner().equals(f[1])
          && !attributes.owner().equals(f[3])) {
        owner = true;
      }
      if (attributes.group() != null
          && !attributes.group().equals(f[2])
          && !attributes.group().equals(f[4])) {
        group = true;
      }
    }
    List<String> commands = new ArrayList<>();
    String quoted = ShellQuote.quote(path);
    if (mode) {
      commands.add("chmod -R " + ShellQuote.quote(attributes.mode()) + " -- " + quoted);
    }
    if (owner) {
      commands.add(Owners.chown("-R", attributes.owner(), quoted));
    }
    if (group) {
      commands.add(Owners.chgrp("-R", attributes.group(), quoted));
    }
    return commands;
  }

  /**
   * {@code plan}, whose run reports {@code diff} in its result where check mode reports the plan's
   * own (Ansible's file module stops early in check mode for a path it would create): unchanged
   * when {@code diff} is null.
   */
  private static Plan reporting(Plan plan, FileDiff diff) {
    if (diff == null) {
      return plan;
    }
    return plan.wrappingApply(
        apply ->
            on -> {
              Map<String, Object> done = new LinkedHashMap<>(apply.apply(on));
              done.put("diff", diff.toMap());
              return done;
            });
  }

  /**
   * What a directory holds, as Ansible's diff lists it before removing it (os.walk's order: each
   * directory's subdirectories and files, then each subdirectory's in turn): the directories and
   * the files (anything else, links included) below it, by full path.
   */
  private static Map<String, Object> contents(Target target, String path) throws ModuleException {
    ExecResult listing =
        target.run(
            Command.of(
                "find "
                    + ShellQuote.quote(path)
                    + " -mindepth 1 \\( -xtype d -printf 'd\\t%h\\t%p\\n' \\)"
                    + " -o -printf 'f\\t%h\\t%p\\n'"));
    if (!listing.ok()) {
      throw new ModuleException("cannot list " + path + ": " + listing.stderr().strip());
    }
    Map<String, List<String[]>> byParent = new LinkedHashMap<>();
    for (String line : listing.stdoutLines()) {
      String[] entry = line.split("\t", 3);
      if (entry.length == 3) {
        byParent.computeIfAbsent(entry[1], k -> new ArrayList<>()).add(entry);
      }
    }
    List<String> directories = new ArrayList<>();
    List<String> files = new ArrayList<>();
    String top = path.length() > 1 && path.endsWith("/") ? path.replaceAll("/+$", "") : path;
    walk(byParent, top.isEmpty() ? "/" : top, directories, files);
    Map<String, Object> contents = new LinkedHashMap<>();
    contents.put("directories", directories);
    contents.put("files", files);
    return contents;
  }

  private static void walk(
      Map<String, List<String[]>> byParent,
      String dir,
      List<String> directories,
      List<String> files) {
    List<String> below = new ArrayList<>();
    for (String[] entry : byParent.getOrDefault(dir, List.of())) {
      (entry[0].equals("d") ? directories : files).add(entry[2]);
      if (entry[0].equals("d")) {
        below.add(entry[2]);
      }
    }
    for (String sub : below) {
      walk(byParent, sub, directories, files);
    }
  }

  /** An explicit time (%Y%m%d%H%M.%S) as date -d reads it; Ansible's message when it is not one. */
  private static String when(String spec) throws ModuleException {
    Matcher m = TIME.matcher(spec.strip());
    if (!m.matches()) {
      throw new ModuleException( // Ansible's words
          "Error while obtaining timestamp for time "
              + spec
              + " using format %Y%m%d%H%M.%S: time data '"
              + spec
              + "' does not match format '%Y%m%d%H%M.%S'");
    }
    return m.group(1)
        + "-"
        + m.group(2)
        + "-"
        + m.group(3)
        + " "
        + m.group(4)
        + ":"
        + m.group(5)
        + ":"
        + m.group(6);
  }

  /** An explicit time as touch -t takes it. */
  private static String stamp(String spec) throws ModuleException {
    when(spec);
    Matcher m = TIME.matcher(spec.strip());
    m.matches();
    return m.group(1)
        + m.group(2)
        + m.group(3)
        + m.group(4)
        + m.group(5)
        + "."
        + (m.group(6).length() == 1 ? "0" + m.group(6) : m.group(6));
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? (slash == 0 ? "" : ".") : path.substring(0, slash);
  }
}
