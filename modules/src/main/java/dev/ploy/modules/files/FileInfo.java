package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.List;
import java.util.Optional;

/**
 * What a path is on the target, probed in one command: its own type and attributes (lstat), the
 * link target and what it points to when it is a symbolic link, and the content's SHA-1 if asked.
 */
public record FileInfo(
    String path, Stat self, Optional<String> linkTarget, Optional<Stat> followed, String checksum) {

  /**
   * Type and attributes of one inode. Mode is four octal digits, like Ansible's "0644"; links is
   * its number of hard links (1 when not probed).
   */
  public record Stat(
      String type,
      String mode,
      String owner,
      String group,
      long size,
      int uid,
      int gid,
      int links) {
    public static final Stat ABSENT = new Stat("absent", null, null, null, 0, -1, -1, 0);

    public Stat(String type, String mode, String owner, String group, long size, int uid, int gid) {
      this(type, mode, owner, group, size, uid, gid, 1);
    }

    public boolean exists() {
      return !type.equals("absent");
    }

    int modeBits() {
      return mode == null ? -1 : Integer.parseInt(mode, 8);
    }
  }

  public boolean exists() {
    return self.exists();
  }

  boolean isLink() {
    return self.type().equals("link");
  }

  /**
   * The path's state as Ansible's file module names it (links not followed): absent, link,
   * directory, hard (a file with more than one hard link) or file.
   */
  String ansibleState() {
    return ansibleState(self);
  }

  /** The state of one inode as Ansible's file module names it. */
  static String ansibleState(Stat stat) {
    return switch (stat.type()) {
      case "absent", "link", "directory" -> stat.type();
      default -> stat.links() > 1 ? "hard" : "file";
    };
  }

  /** The attributes that matter when links are followed: the target's, else the path's own. */
  public Stat effective() {
    return followed.orElse(self);
  }

  public static FileInfo probe(Target target, String path, boolean checksum)
      throws ModuleException {
    ExecResult result = target.run(Command.of(script(path, checksum)));
    if (!result.ok()) {
      throw ModuleException.commandFailed(
              "cannot inspect " + path + ": " + result.stderr().strip(), result)
          .with("path", path);
    }
    return parse(path, result.stdout());
  }

  /**
   * The same probe, which first looks up the owner and group that {@code attributes} set: a name
   * the target does not know fails the task here, in check mode too, with chown's message, as
   * Ansible's "failed to look up user" (the run would fail when it applied them).
   */
  static FileInfo probe(Target target, String path, boolean checksum, Attributes attributes)
      throws ModuleException {
    String lookups = Owners.lookups(attributes.owner(), attributes.group());
    if (lookups.isEmpty()) {
      return probe(target, path, checksum);
    }
    ExecResult result = target.run(Command.of(lookups + script(path, checksum)));
    if (!result.ok() && result.stderr().contains(" failed: failed to look up ")) {
      throw new ModuleException(result.stderr().strip());
    }
    if (!result.ok()) {
      throw ModuleException.commandFailed(
              "cannot inspect " + path + ": " + result.stderr().strip(), result)
          .with("path", path);
    }
    return parse(path, result.stdout());
  }

  /** The probe script; {@link #parse} reads its lines. */
  public static String script(String path, boolean checksum) {
    String stat = "stat -c '%a|%U|%G|%s|%u|%g|%h'";
    return String.join(
        "\n",
        "p=" + ShellQuote.quote(path),
        "if [ -L \"$p\" ]; then t=link; elif [ -d \"$p\" ]; then t=directory;"
            + " elif [ -f \"$p\" ]; then t=file; elif [ -e \"$p\" ]; then t=other; else t=absent; fi",
        "echo \"$t\"",
        "[ \"$t\" = absent ] && exit 0",
        stat + " -- \"$p\" || exit 1",
        "if [ \"$t\" = link ]; then",
        "  readlink -- \"$p\"",
        "  if [ -d \"$p\" ]; then f=directory; elif [ -f \"$p\" ]; then f=file;"
            + " elif [ -e \"$p\" ]; then f=other; else f=absent; fi",
        "  echo \"$f\"",
        "  [ \"$f\" != absent ] && " + stat + " -L -- \"$p\"",
        "fi",
        checksum
            ? "if [ -f \"$p\" ] && [ -r \"$p\" ]; then echo \"sha1:$(sha1sum < \"$p\" | cut -d' ' -f1)\"; fi"
            : "true");
  }

  public static FileInfo parse(String path, String output) {
    List<String> lines = List.of(output.split("\n"));
    String type = lines.get(0).strip();
    if (type.equals("absent")) {
      return new FileInfo(path, Stat.ABSENT, Optional.empty(), Optional.empty(), null);
    }
    Stat self = stat(type, lines.get(1));
    int next = 2;
    Optional<String> linkTarget = Optional.empty();
    Optional<Stat> followed = Optional.empty();
    if (type.equals("link")) {
      linkTarget = Optional.of(lines.get(2));
      String followedType = lines.get(3).strip();
      next = 4;
      if (followedType.equals("absent")) {
        followed = Optional.of(Stat.ABSENT);
      } else {
        followed = Optional.of(stat(followedType, lines.get(4)));
        next = 5;
      }
    }
    String checksum = null;
    if (lines.size() > next && lines.get(next).startsWith("sha1:")) {
      checksum = lines.get(next).substring(5).strip();
    }
    return new FileInfo(path, self, linkTarget, followed, checksum);
  }

  private static Stat stat(String type, String line) {
    String[] f = line.strip().split("\\|");
    String mode = String.format("%04o", Integer.parseInt(f[0], 8));
    return new Stat(
        type,
        mode,
        f[1],
        f[2],
        Long.parseLong(f[3]),
        Integer.parseInt(f[4]),
        Integer.parseInt(f[5]),
        f.length > 6 ? Integer.parseInt(f[6]) : 1);
  }
}
