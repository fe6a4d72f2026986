package dev.ploy.modules.system;

import java.util.List;

/**
 * What is mounted on a path, read as ansible.posix.mount reads it before an ephemeral mount: from
 * /proc/self/mountinfo (the last line for the path wins, as the top mount; its source is the
 * device, or the directory a bind mount shows as its root) and from {@code mount -v} ("SRC on PATH
 * type ...").
 */
final class MountTable {
  private MountTable() {}

  /** Whether {@code src} is what is mounted on {@code path}, by either table. */
  static boolean sourceIs(List<String> mountinfo, List<String> mountV, String path, String src) {
    String[] top = null;
    for (String line : mountinfo) {
      String[] fields = line.split(" ");
      int dash = List.of(fields).indexOf("-");
      if (fields.length > 4
          && dash > 4
          && dash + 2 < fields.length
          && unescape(fields[4]).equals(path)) {
        top = new String[] {unescape(fields[3]), unescape(fields[dash + 2])};
      }
    }
    if (top != null && (top[1].equals(src) || (!top[0].equals("/") && top[0].equals(src)))) {
      return true;
    }
    for (String line : mountV) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length > 2 && fields[0].equals(src) && fields[2].equals(path)) {
        return true;
      }
    }
    return false;
  }

  /** mountinfo's octal escapes (\040 for a space, \011, \012, \134) read back. */
  static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\'
          && i + 3 < field.length()
          && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
