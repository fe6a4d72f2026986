package dev.ploy.modules.files;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys Ansible reports for one inode (stat's {@code stat}, each of find's {@code files}), from
 * the raw st_mode and the other numbers a probe printed.
 */
final class StatFields {
  static final int S_IFMT = 0170000;
  static final int S_IFSOCK = 0140000;
  static final int S_IFLNK = 0120000;
  static final int S_IFREG = 0100000;
  static final int S_IFBLK = 0060000;
  static final int S_IFDIR = 0040000;
  static final int S_IFCHR = 0020000;
  static final int S_IFIFO = 0010000;

  private StatFields() {}

  /** One inode's numbers as a probe printed them; names are null when the id has no name. */
  record Inode(
      int rawMode,
      long uid,
      long gid,
      String user,
      String group,
      long size,
      double atime,
      double mtime,
      double ctime,
      long inode,
      long nlink,
      long dev) {

    int type() {
      return rawMode & S_IFMT;
    }
  }

  /** The S_IFMT bits for a type letter of GNU find's %y (f, d, l, b, c, p, s). */
  static int typeBits(char letter) {
    return switch (letter) {
      case 'f' -> S_IFREG;
      case 'd' -> S_IFDIR;
      case 'l' -> S_IFLNK;
      case 'b' -> S_IFBLK;
      case 'c' -> S_IFCHR;
      case 'p' -> S_IFIFO;
      case 's' -> S_IFSOCK;
      default -> 0;
    };
  }

  /** A user or group name as stat/find print it: null when the id has no name. */
  static String name(String printed, long id) {
    if (printed == null
        || printed.isEmpty()
        || printed.equals("UNKNOWN")
        || printed.equals(Long.toString(id))) {
      return null;
    }
    return printed;
  }

  /** Ansible's statinfo keys, in its order. */
  static Map<String, Object> of(Inode st) {
    int mode = st.rawMode();
    int type = st.type();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", String.format("%04o", mode & 07777));
    out.put("isdir", type == S_IFDIR);
    out.put("ischr", type == S_IFCHR);
    out.put("isblk", type == S_IFBLK);
    out.put("isreg", type == S_IFREG);
    out.put("isfifo", type == S_IFIFO);
    out.put("islnk", type == S_IFLNK);
    out.put("issock", type == S_IFSOCK);
    out.put("uid", st.uid());
    out.put("gid", st.gid());
    out.put("size", st.size());
    out.put("inode", st.inode());
    out.put("dev", st.dev());
    out.put("nlink", st.nlink());
    out.put("atime", st.atime());
    out.put("mtime", st.mtime());
    out.put("ctime", st.ctime());
    out.put("wusr", (mode & 0200) != 0);
    out.put("rusr", (mode & 0400) != 0);
    out.put("xusr", (mode & 0100) != 0);
    out.put("wgrp", (mode & 0020) != 0);
    out.put("rgrp", (mode & 0040) != 0);
    out.put("xgrp", (mode & 0010) != 0);
    out.put("woth", (mode & 0002) != 0);
    out.put("roth", (mode & 0004) != 0);
    out.put("xoth", (mode & 0001) != 0);
    out.put("isuid", (mode & 04000) != 0);
    out.put("isgid", (mode & 02000) != 0);
    if (st.user() != null) {
      out.put("pw_name", st.user());
    }
    if (st.group() != null) {
      out.put("gr_name", st.group());
    }
    return out;
  }

  /** A time printed as seconds with a fraction ("1700000000.123456789"). */
  static double seconds(String printed) {
    return Double.parseDouble(printed.strip());
  }
}
