package dev.ploy.modules.files;

import dev.ploy.connection.Command;
import dev.ploy.connection.ExecResult;
import dev.ploy.connection.ShellQuote;
import dev.ploy.module.ModuleException;
import dev.ploy.module.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the destination holds at an archive member's path, from one {@code find -printf} over all
 * members (their names travel on standard input, NUL-separated, so no name reaches a shell).
 */
record OnDisk(
    char type,
    long size,
    long mtime,
    String mode,
    String owner,
    String group,
    int uid,
    int gid,
    String link) {

  static Map<String, OnDisk> probe(
      Target target, String dest, List<ArchiveEntry> entries, String format)
      throws ModuleException {
    Map<String, OnDisk> found = new HashMap<>();
    if (entries.isEmpty()) {
      return found;
    }
    String inner =
        "find \"$@\" -maxdepth 0 -printf " + ShellQuote.quote(format) + " 2>/dev/null; true";
    String script =
        "cd -- "
            + ShellQuote.quote(dest)
            + " && xargs -0 -r sh -c "
            + ShellQuote.quote(inner)
            + " sh";
    ExecResult probed = target.run(Command.of(script).withStdin(Unarchive.names(entries, false)));
    if (!probed.ok()) {
      throw new ModuleException(
          "cannot inspect the files in " + dest + ": " + probed.stderr().strip());
    }
    String[] f = probed.stdout().split("\0", -1);
    for (int i = 0; i + 9 < f.length; i += 10) {
      String name = f[i + 9].startsWith("./") ? f[i + 9].substring(2) : f[i + 9];
      String mtime = f[i + 2];
      int dot = mtime.indexOf('.');
      found.put(
          name,
          new OnDisk(
              f[i].charAt(0),
              Long.parseLong(f[i + 1]),
              Long.parseLong(dot < 0 ? mtime : mtime.substring(0, dot)),
              String.format("%04o", Integer.parseInt(f[i + 3], 8)),
              f[i + 4],
              f[i + 5],
              Integer.parseInt(f[i + 6]),
              Integer.parseInt(f[i + 7]),
              f[i + 8]));
    }
    return found;
  }

  /** Why this path does not hold {@code entry}, or null when it does. */
  String differs(ArchiveEntry entry) {
    if (type != entry.type() && !(entry.type() == 'o')) {
      return "type";
    }
    if (entry.type() == 'f') {
      if (entry.size() >= 0 && size != entry.size()) {
        return "size";
      }
      if (entry.mtime() >= 0 && entry.size() >= 0 && mtime != entry.mtime()) {
        return "mtime";
      }
    }
    if (entry.type() == 'l' && !link.equals(entry.link())) {
      return "link";
    }
    return null;
  }

  String describe() {
    return switch (type) {
      case 'd' -> "directory";
      case 'l' -> "link to " + link;
      case 'f' -> "file, " + size + " bytes";
      default -> "special file (" + type + ")";
    };
  }

  FileInfo.Stat stat() {
    String kind =
        switch (type) {
          case 'd' -> "directory";
          case 'l' -> "link";
          case 'f' -> "file";
          default -> "other";
        };
    return new FileInfo.Stat(kind, mode, owner, group, size, uid, gid);
  }
}
