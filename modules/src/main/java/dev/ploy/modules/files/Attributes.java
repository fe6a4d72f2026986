package dev.ploy.modules.files;

import dev.ploy.connection.ShellQuote;
import dev.ploy.diff.Diff;
import dev.ploy.module.Arg;
import dev.ploy.module.Args;
import dev.ploy.module.ModuleException;
import dev.ploy.module.ModuleSpec;
import dev.ploy.module.Plan;
import dev.ploy.module.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The mode, owner and group a task asks for, compared with what a path has: the differences as
 * diffs, and the commands that close them.
 */
public record Attributes(String mode, String owner, String group) {

  /** A file's SELinux context, which ploy accepts and leaves alone. */
  public static final List<Arg> SELINUX =
      List.of(
          Arg.str("selevel", "SELinux level; Debian hosts run without SELinux."),
          Arg.str("serole", "SELinux role; Debian hosts run without SELinux."),
          Arg.str("setype", "SELinux type; Debian hosts run without SELinux."),
          Arg.str("seuser", "SELinux user; Debian hosts run without SELinux."));

  public static ModuleSpec.Builder declare(ModuleSpec.Builder builder) {
    return builder
        .arg(
            Arg.mode(
                "mode", "Permissions, octal ('0644', quoted in YAML) or symbolic ('u=rw,g=r,o=')."))
        .arg(Arg.str("owner", "User name (or uid) that should own the file."))
        .arg(Arg.str("group", "Group name (or gid) that should own the file."))
        .notHonoured(
            Arg.str("attributes", "Filesystem attributes (chattr); left as they are.")
                .aliases("attr"))
        .notHonoured(SELINUX)
        .notHonoured(
            Arg.bool(
                    "unsafe_writes",
                    "Writes are always atomic (a temporary file renamed into place).")
                .defaultsTo(false));
  }

  public static Attributes of(Args args) throws ModuleException {
    String mode = args.optStr("mode").orElse(null);
    if (mode != null && Modes.problem(mode) != null) {
      throw new ModuleException(Modes.problem(mode));
    }
    return new Attributes(
        mode, args.optStr("owner").orElse(null), args.optStr("group").orElse(null));
  }

  /**
   * These attributes for a file copied from {@code source} on the control node: mode 'preserve'
   * becomes the source's own mode, as Ansible's copy and template read it.
   */
  Attributes forSource(Path source) throws ModuleException {
    if (mode == null || !mode.strip().equals("preserve")) {
      return this;
    }
    try {
      int bits = (Integer) Files.getAttribute(source, "unix:mode") & 07777;
      return new Attributes(Modes.octal(bits), owner, group);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ModuleException("mode preserve: cannot read the mode of " + source + ": " + e);
    }
  }

  /**
   * Adds Ansible's mode, owner and group result keys: the values the path has once these attributes
   * are applied to {@code stat} (a new path starts with {@code defaultMode}).
   */
  void report(Map<String, Object> result, FileInfo.Stat stat, int defaultMode, boolean dir) {
    int bits = stat.exists() ? stat.modeBits() : defaultMode;
    if (mode() != null) {
      bits = modeFor(bits, dir);
    }
    result.put("mode", Modes.octal(bits));
    String effectiveOwner = owner() != null ? owner() : stat.owner();
    String effectiveGroup = group() != null ? group() : stat.group();
    if (effectiveOwner != null) {
      result.put("owner", effectiveOwner);
    }
    if (effectiveGroup != null) {
      result.put("group", effectiveGroup);
    }
  }

  /** "mode=0644 owner=app" for the attributes that are set. */
  List<String> describe() {
    List<String> words = new ArrayList<>();
    if (mode != null) {
      words.add("mode=" + mode);
    }
    if (owner != null) {
      words.add("owner=" + owner);
    }
    if (group != null) {
      words.add("group=" + group);
    }
    return words;
  }

  boolean any() {
    return mode != null || owner != null || group != null;
  }

  /** The mode bits wanted for a path whose current bits are {@code current}; -1 when unmanaged. */
  int modeFor(int current, boolean directory) {
    return mode == null ? -1 : Modes.resolve(mode, Math.max(current, 0), directory);
  }

  /**
   * What differs between {@code stat} and these attributes: diffs and commands for {@code path}.
   */
  public Changes compare(String path, FileInfo.Stat stat, int defaultMode, boolean directory) {
    List<Diff> diffs = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    String quoted = ShellQuote.quote(path);
    int current = stat.exists() ? stat.modeBits() : defaultMode;
    if (mode != null) {
      int wanted = Modes.resolve(mode, current, directory);
      if (!stat.exists() || wanted != stat.modeBits()) {
        diffs.add(Diff.property(path, "mode", stat.mode(), Modes.octal(wanted)));
        commands.add("chmod " + Modes.octal(wanted) + " -- " + quoted);
      }
    }
    if (owner != null
        && !(owner.equals(stat.owner()) || owner.equals(String.valueOf(stat.uid())))) {
      diffs.add(Diff.property(path, "owner", stat.owner(), owner));
      commands.add(Owners.chown("", owner, quoted));
    }
    if (group != null
        && !(group.equals(stat.group()) || group.equals(String.valueOf(stat.gid())))) {
      diffs.add(Diff.property(path, "group", stat.group(), group));
      commands.add(Owners.chgrp("", group, quoted));
    }
    return new Changes(diffs, commands);
  }

  /** Differences found: empty when the path already has what was asked. */
  public record Changes(List<Diff> diffs, List<String> commands) {
    public boolean none() {
      return commands.isEmpty();
    }

    /** A change that only sets these attributes of {@code path}; ok when nothing differs. */
    Plan plan(String path, Map<String, Object> result) {
      return ShellSteps.plan(diffs, commands, result, path);
    }

    /**
     * The plan of the steps {@code diffs} and {@code commands} describe, then these attributes set
     * on {@code path}: ok when there is nothing to do.
     */
    public Plan after(
        List<Diff> diffs, List<String> commands, Map<String, Object> result, String path) {
      List<Diff> allDiffs = new ArrayList<>(diffs);
      allDiffs.addAll(this.diffs);
      List<String> allCommands = new ArrayList<>(commands);
      allCommands.addAll(this.commands);
      return ShellSteps.plan(allDiffs, allCommands, result, path);
    }

    /** Sets these attributes of {@code path} now. */
    void apply(Target target, String path) throws ModuleException {
      ShellSteps.run(target, commands, path);
    }
  }
}
