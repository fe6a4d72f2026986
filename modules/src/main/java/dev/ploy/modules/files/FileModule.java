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

/** Makes a path be a file, a directory, a link, or nothing, with the given attributes. */
public final class FileModule implements Module {
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
                                  + " with parents; link / hard: point to src; touch: create or"
                                  + " update times; absent: remove (recursively).")
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
    String path = args.str("path");
    if (args.has("_diff_peek")) {
      return Plan.ok(Map.of("path", path, "appears_binary", appearsBinary(target, path)));
    }
    Attributes attributes = Attributes.of(args);
    // state absent sets no owner: its names are not looked up, as in Ansible
    FileInfo info =
        args.optStr("state").orElse("").equals("absent")
            ? FileInfo.probe(target, path, false)
            : FileInfo.probe(target, path, false, attributes);
    String state =
        args.optStr("state")
            .orElse(
                args.bool("recurse")
                    ? "directory"
                    : args.has("src") ? "link" : info.exists() ? current(info, args) : "file");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("path", path);
    result.put("state", state);
    Wanted wanted = new Wanted(args, path, info, attributes, result);
    return switch (state) {
      case "absent" -> wanted.absent();
      case "directory" -> wanted.directory(target);
      case "file" -> wanted.file();
      case "touch" -> wanted.touch(target);
      case "link" -> wanted.link(target);
      default -> wanted.hard(target);
    };
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

    Plan absent() {
      if (!info.exists()) {
        return Plan.ok(result);
      }
      List<Diff> diffs = List.of(Diff.property(path, "state", info.self().type(), "absent"));
      return ShellSteps.plan(diffs, List.of("rm -rf -- " + ShellQuote.quote(path)), result, path);
    }

    Plan directory(Target target) throws ModuleException {
      FileInfo.Stat stat = stat();
      List<Diff> diffs = new ArrayList<>();
      List<String> commands = new ArrayList<>();
      if (!stat.exists()) {
        if (info.isLink()) {
          throw new ModuleException(
              path + " is a link to a missing target; cannot make it a directory");
        }
        diffs.add(Diff.property(path, "state", "absent", "directory"));
        commands.add("mkdir -p -- " + ShellQuote.quote(path));
      } else if (!stat.type().equals("directory")) {
        throw new ModuleException(
            path + " already exists as a " + stat.type() + ", not a directory");
      }
      Attributes.Changes changes = attributes.compare(path, stat, 0755, true);
      diffs.addAll(changes.diffs());
      commands.addAll(changes.commands());
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
      return ShellSteps.plan(diffs, commands, result, path);
    }

    Plan file() throws ModuleException {
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
      return changes.plan(path, result);
    }

    Plan touch(Target target) throws ModuleException {
      FileInfo.Stat stat = stat();
      String mtime = args.optStr("modification_time").orElse("now");
      String atime = args.optStr("access_time").orElse("now");
      List<Diff> diffs = new ArrayList<>();
      List<String> commands = new ArrayList<>();
      String quoted = ShellQuote.quote(path);
      if (!stat.exists()) {
        diffs.add(Diff.property(path, "state", "absent", "file"));
        commands.add("touch -- " + quoted);
      }
      boolean mNow = mtime.equals("now");
      boolean aNow = atime.equals("now");
      if (stat.exists() && (mNow || aNow)) {
        diffs.add(Diff.property(path, "times", "unchanged", "now"));
        commands.add(
            "touch" + (mNow && !aNow ? " -m" : !mNow && aNow ? " -a" : "") + " -- " + quoted);
      }
      timeAt(target, stat, "modification_time", mtime, "-m", "%Y", diffs, commands);
      timeAt(target, stat, "access_time", atime, "-a", "%X", diffs, commands);
      attributes.report(result, stat, 0644, false);
      return attributes
          .compare(path, stat, 0644, stat.type().equals("directory"))
          .after(diffs, commands, result, path);
    }

    /**
     * Plans setting one of the path's times to an explicit one (format %Y%m%d%H%M.%S, in the
     * target's local time, as Ansible reads it there): nothing when it already has it.
     */
    private void timeAt(
        Target target,
        FileInfo.Stat stat,
        String arg,
        String spec,
        String flag,
        String statField,
        List<Diff> diffs,
        List<String> commands)
        throws ModuleException {
      if (spec.equals("now") || spec.equals("preserve")) {
        return;
      }
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})\\.(\\d{1,2})")
              .matcher(spec.strip());
      if (!m.matches()) {
        throw new ModuleException( // Ansible's words
            "Error while obtaining timestamp for time "
                + spec
                + " using format %Y%m%d%H%M.%S: time data '"
                + spec
                + "' does not match format '%Y%m%d%H%M.%S'");
      }
      String stamp =
          m.group(1)
              + m.group(2)
              + m.group(3)
              + m.group(4)
              + m.group(5)
              + "."
              + (m.group(6).length() == 1 ? "0" + m.group(6) : m.group(6));
      if (stat.exists()) {
        String when =
            m.group(1)
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
        ExecResult probe =
            target.run(
                Command.of(
                    "date -d "
                        + ShellQuote.quote(when)
                        + " +%s && stat -L -c "
                        + statField
                        + " -- "
                        + ShellQuote.quote(path)));
        List<String> lines = probe.stdout().lines().toList();
        if (!probe.ok() || lines.size() != 2) {
          throw new ModuleException(
              "cannot read " + arg + " of " + path + ": " + probe.stderr().strip());
        }
        if (lines.get(0).strip().equals(lines.get(1).strip())) {
          return;
        }
      }
      diffs.add(Diff.property(path, arg, "other", spec));
      commands.add("touch " + flag + " -t " + stamp + " -- " + ShellQuote.quote(path));
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
      if (info.isLink()) {
        if (!info.linkTarget().orElse("").equals(src)) {
          diffs.add(Diff.property(path, "src", info.linkTarget().orElse(""), src));
          commands.add("ln -sfn -- " + ShellQuote.quote(src) + " " + quoted);
        }
      } else if (info.exists()) {
        if (info.self().type().equals("directory")) {
          throw new ModuleException(
              "refusing to convert from directory to symlink for " + path + "; remove it first");
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
        commands.add("rm -f -- " + quoted + " && ln -s -- " + ShellQuote.quote(src) + " " + quoted);
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
      FileInfo.Stat linkStat = info.isLink() ? info.self() : FileInfo.Stat.ABSENT;
      if (attributes.owner() != null && !attributes.owner().equals(linkStat.owner())) {
        diffs.add(Diff.property(path, "owner", linkStat.owner(), attributes.owner()));
        commands.add(Owners.chown("-h", attributes.owner(), quoted));
      }
      if (attributes.group() != null && !attributes.group().equals(linkStat.group())) {
        diffs.add(Diff.property(path, "group", linkStat.group(), attributes.group()));
        commands.add(Owners.chgrp("-h", attributes.group(), quoted));
      }
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

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? (slash == 0 ? "" : ".") : path.substring(0, slash);
  }
}
