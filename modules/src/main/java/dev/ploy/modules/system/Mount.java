package dev.ploy.modules.system;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.facts.Sections;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.Module;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import dev.ploy.modules.files.FileWrites;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mount point, as ansible.posix.mount keeps it: its line in fstab (edited as the collection edits
 * it, written atomically, only over the content probed) and whether it is mounted now.
 */
public final class Mount implements Module {
  private static final ModuleSpec SPEC =
      ModuleSpec.builder("mount")
          .description(
              "Controls a mount point: its fstab entry (fields escaped as fstab(5) reads them,"
                  + " the file replaced atomically) and whether it is mounted. present and"
                  + " absent_from_fstab only edit fstab; mounted also creates the directory and"
                  + " mounts it (remounting when its entry changed); unmounted only unmounts;"
                  + " absent removes the entry and, when there was one, unmounts and removes the"
                  + " directory; remounted always remounts; ephemeral mounts src without fstab"
                  + " (remounting it when that source is already mounted there, failing when"
                  + " another is) and is always a change, as in the collection.")
          .arg(
              Arg.path("path", "The mount point (absolute; 'none' for a swap entry).")
                  .required()
                  .aliases("name"))
          .arg(Arg.path("src", "The device, label (LABEL=...), directory or share mounted."))
          .arg(Arg.str("fstype", "The filesystem type (ext4, tmpfs, none for a bind mount...)."))
          .arg(Arg.str("opts", "The mount options, comma-separated (fstab: 'defaults')."))
          .arg(Arg.str("dump", "fstab's dump field.").defaultsTo("0"))
          .arg(Arg.str("passno", "fstab's pass number field.").defaultsTo("0"))
          .arg(
              Arg.str("state", "What to do (see above).")
                  .required()
                  .choices(
                      "absent",
                      "absent_from_fstab",
                      "mounted",
                      "present",
                      "unmounted",
                      "remounted",
                      "ephemeral"))
          .arg(Arg.path("fstab", "The fstab file to edit.").defaultsTo("/etc/fstab"))
          .arg(
              Arg.bool(
                      "boot",
                      "Mount at boot: false adds 'noauto' to opts, unless opts holds 'defaults'.")
                  .defaultsTo(true))
          .arg(
              Arg.bool(
                      "backup",
                      "Copy fstab beside itself (NAME.PID.DATE@TIME~) before changing it; the copy"
                          + " is returned as backup_file.")
                  .defaultsTo(false))
          .requiredIf("state", "mounted", "src", "fstype")
          .requiredIf("state", "present", "src", "fstype")
          .requiredIf("state", "ephemeral", "src", "fstype")
          .example(
              "- name: A RAM disk for the application's cache\n"
                  + "  ansible.posix.mount:\n"
                  + "    path: /srv/app/cache\n"
                  + "    src: tmpfs\n"
                  + "    fstype: tmpfs\n"
                  + "    opts: size=64m,mode=0750\n"
                  + "    state: mounted\n")
          .build();

  @Override
  public ModuleSpec spec() {
    return SPEC;
  }

  @Override
  public Plan plan(Target target, Args args) throws ModuleException {
    String path = field(args, "path");
    if (!path.startsWith("/") && !path.equals("none")) {
      throw new ModuleException("path must be absolute (or 'none' for swap), not '" + path + "'");
    }
    String state = args.str("state");
    String fstab = args.str("fstab");
    List<String> warnings = new ArrayList<>();
    String opts = args.has("opts") ? field(args, "opts") : "defaults";
    boolean boot = args.bool("boot");
    List<String> optList = List.of(opts.split(","));
    if (!boot && !optList.contains("noauto")) {
      if (optList.contains("defaults")) {
        warnings.add("Ignore the 'boot' due to 'opts' contains 'defaults'.");
      } else {
        opts = opts + ",noauto";
      }
    } else if (!boot) {
      warnings.add("Ignore the 'boot' due to 'opts' contains 'noauto'.");
    }
    String src = args.has("src") ? field(args, "src") : null;
    String fstype = args.has("fstype") ? field(args, "fstype") : null;
    Fstab.Entry entry =
        new Fstab.Entry(src, path, fstype, opts, field(args, "dump"), field(args, "passno"));

    Sections probe = probe(target, fstab, path, state.equals("ephemeral"));
    String before = decode(probe.first("fstab"));
    boolean mounted = probe.has("mounted");
    boolean dirExists = probe.has("dir");

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", path);
    result.put("src", src);
    result.put("fstype", fstype);
    result.put("opts", opts);
    result.put("dump", entry.dump());
    result.put("passno", entry.passno());
    result.put("fstab", fstab);
    result.put("boot", boot ? "yes" : "no");
    result.put("backup_file", "");
    if (!warnings.isEmpty()) {
      result.put("warnings", warnings);
    }

    String after =
        switch (state) {
          case "present", "mounted" -> Fstab.set(before, entry);
          case "absent", "absent_from_fstab" -> Fstab.unset(before, path, src);
          default -> before;
        };
    boolean fstabChanges = !after.equals(before);
    FileWrites.Planned write =
        fstabChanges
            ? FileWrites.plan(target, fstab, after, null, null, null, before, args.bool("backup"))
            : null;
    List<Diff> diffs = new ArrayList<>(fstabChanges ? write.diffs() : List.of());
    Mounting mounting = new Mounting(path, fstab, opts, state);

    switch (state) {
      case "present", "absent_from_fstab" -> {
        if (!fstabChanges) {
          return Plan.ok(result);
        }
        return Plan.change(diffs, result, write::applyOn);
      }
      case "absent" -> {
        if (!fstabChanges) {
          return Plan.ok(result);
        }
        if (mounted) {
          diffs.add(Diff.property(path, "mounted", "yes", "no"));
        }
        return Plan.change(
            diffs,
            result,
            on -> {
              Map<String, Object> written = write.applyOn(on);
              if (mounted) {
                mounting.umount(on);
              }
              if (dirExists) {
                ModuleException.requireOk(on.run("rmdir", "--", path), "Error rmdir " + path);
              }
              return written;
            });
      }
      case "unmounted" -> {
        if (!mounted) {
          return Plan.ok(result);
        }
        diffs.add(Diff.property(path, "mounted", "yes", "no"));
        return Plan.change(
            diffs,
            result,
            on -> {
              mounting.umount(on);
              return Map.of();
            });
      }
      case "remounted" -> {
        diffs.add(Diff.property(path, "mount", "mounted", "remounted"));
        return Plan.change(
            diffs,
            result,
            on -> {
              mounting.remount(on);
              return Map.of();
            });
      }
      case "ephemeral" -> {
        // fstab is not read: the source mounted now decides between a remount and a failure
        if (mounted
            && !MountTable.sourceIs(probe.lines("mountinfo"), probe.lines("mount"), path, src)) {
          throw new ModuleException(
              "Ephemeral mount point is already mounted with a different source than the specified"
                  + " one. Failing in order to prevent an unwanted unmount or override operation."
                  + " Try replacing this command with a \"state: unmounted\" followed by a \"state:"
                  + " ephemeral\", or use a different destination path.");
        }
        diffs.add(
            Diff.property(
                path,
                "mount",
                mounted ? "mounted" : "not mounted",
                mounted ? "remounted" : "mounted"));
        Ephemeral ephemeral = new Ephemeral(path, src, fstype, opts);
        return Plan.change(
            diffs,
            result,
            on -> {
              if (mounted) {
                ephemeral.remount(on);
                return Map.of();
              }
              if (!dirExists) {
                ModuleException.requireOk(
                    on.run("mkdir", "-p", "--", path), "Error making dir " + path);
              }
              try {
                ephemeral.mount(on);
              } catch (ModuleException e) {
                if (!dirExists) {
                  on.run("rmdir", "--", path);
                }
                throw e;
              }
              return Map.of();
            });
      }
      default -> {
        // mounted
        if (mounted && !fstabChanges) {
          return Plan.ok(result);
        }
        if (!mounted) {
          diffs.add(Diff.property(path, "mounted", "no", "yes"));
        }
        return Plan.change(
            diffs,
            result,
            on -> {
              if (!dirExists) {
                ModuleException.requireOk(
                    on.run("mkdir", "-p", "--", path), "Error making dir " + path);
              }
              Map<String, Object> written = fstabChanges ? write.applyOn(on) : Map.of();
              try {
                if (mounted) {
                  mounting.remount(on);
                } else {
                  mounting.mount(on);
                }
              } catch (ModuleException e) {
                // as the collection does: the entry and the directory made for it are taken back
                if (fstabChanges) {
                  SmallFile.replace(on, fstab, before);
                }
                if (!dirExists) {
                  on.run("rmdir", "--", path);
                }
                throw e;
              }
              return written;
            });
      }
    }
  }

  /**
   * The commands of the ephemeral state, which name the source, type and options on the command
   * line and never read fstab: {@code mount -t TYPE [-o OPTS] SRC PATH}.
   */
  private record Ephemeral(String path, String src, String fstype, String opts) {

    void mount(Target on) throws ModuleException {
      ModuleException.requireOk(on.run(argv(List.of())), "Error mounting " + path);
    }

    /** mount -o remount with the same words; when the kernel refuses it, umount and mount. */
    void remount(Target on) throws ModuleException {
      if (on.run(argv(List.of("-o", "remount"))).ok()) {
        return;
      }
      ModuleException.requireOk(on.run("umount", "--", path), "Error unmounting " + path);
      mount(on);
    }

    private List<String> argv(List<String> first) {
      List<String> argv = new ArrayList<>(List.of("mount"));
      argv.addAll(first);
      argv.addAll(List.of("-t", fstype));
      if (!opts.equals("defaults")) {
        argv.addAll(List.of("-o", opts));
      }
      argv.addAll(List.of("--", src, path));
      return argv;
    }
  }

  /** The mount and umount commands for one mount point, reading the entries of {@code fstab}. */
  private record Mounting(String path, String fstab, String opts, String state) {

    void mount(Target on) throws ModuleException {
      List<String> argv = new ArrayList<>(List.of("mount"));
      argv.addAll(fstabOption());
      argv.addAll(List.of("--", path));
      ModuleException.requireOk(on.run(argv), "Error mounting " + path);
    }

    void umount(Target on) throws ModuleException {
      ModuleException.requireOk(on.run("umount", "--", path), "Error unmounting " + path);
    }

    /**
     * mount -o remount, with the options given when remounting on request; when the kernel refuses
     * a remount of the entry, an umount and a mount.
     */
    void remount(Target on) throws ModuleException {
      boolean withOpts = state.equals("remounted") && !opts.equals("defaults");
      List<String> argv =
          new ArrayList<>(List.of("mount", "-o", withOpts ? "remount," + opts : "remount"));
      argv.addAll(fstabOption());
      argv.addAll(List.of("--", path));
      ExecResult remounted = on.run(argv);
      if (remounted.ok()) {
        return;
      }
      if (withOpts) {
        throw new ModuleException(
            "Options were specified with remounted, but the remount command failed ("
                + (remounted.stderr() + remounted.stdout()).strip()
                + "). Try replacing this task with a 'state: unmounted' followed by a 'state:"
                + " mounted' with the full desired mount options instead.");
      }
      umount(on);
      mount(on);
    }

    private List<String> fstabOption() {
      return fstab.equals("/etc/fstab") ? List.of() : List.of("-T", fstab);
    }
  }

  /**
   * fstab (base64, "" when missing), whether the path is a mount point, whether it exists; for the
   * ephemeral state, the mount table too (/proc/self/mountinfo and mount -v).
   */
  private static Sections probe(Target target, String fstab, String path, boolean mounts)
      throws ModuleException {
    String quotedPath = ShellQuote.quote(path);
    List<String> lines =
        new ArrayList<>(
            List.of(
                "echo @@fstab; if [ -f " + ShellQuote.quote(fstab) + " ]; then",
                "  base64 -w0 < " + ShellQuote.quote(fstab) + " || exit 1; echo; fi"));
    if (path.startsWith("/")) {
      lines.add("mountpoint -q -- " + quotedPath + " && echo @@mounted");
    }
    lines.add("[ -e " + quotedPath + " ] && echo @@dir");
    if (mounts) {
      lines.add("echo @@mountinfo; cat /proc/self/mountinfo; echo @@mount; mount -v");
    }
    lines.add("echo @@end");
    String script = String.join("\n", lines);
    ExecResult probed = target.run(Command.of(script));
    if (!probed.stdout().contains("@@end")) {
      throw new ModuleException(
          "cannot read " + fstab + ": " + (probed.stderr() + probed.stdout()).strip());
    }
    return Sections.parse(probed.stdout());
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** An argument that goes into an fstab field: one line, not empty. */
  private static String field(Args args, String name) throws ModuleException {
    String value = args.str(name);
    if (value.isEmpty() || value.contains("\n") || value.contains("\r")) {
      throw new ModuleException(name + " must be one line and not empty, not '" + value + "'");
    }
    return value;
  }
}
