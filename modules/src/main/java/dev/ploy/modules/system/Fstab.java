package dev.ploy.modules.system;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Edits the text of an fstab file as ansible.posix.mount does: an entry is found by its mount
 * point; blank lines, comments and lines of another shape are kept as they are.
 */
final class Fstab {
  private Fstab() {}

  /**
   * One entry, its fields as given (unescaped).
   *
   * @param src the device, label or directory mounted
   * @param path the mount point
   */
  record Entry(String src, String path, String fstype, String opts, String dump, String passno) {

    /** The entry's line, each field escaped as fstab(5) reads it back. */
    String line() {
      return String.join(
              " ",
              escape(src),
              escape(path),
              escape(fstype),
              escape(opts),
              escape(dump),
              escape(passno))
          + "\n";
    }
  }

  /**
   * The file with {@code entry} in it: every line for the same mount point that differs is
   * rewritten, and the entry is appended when no line has it.
   */
  static String set(String text, Entry entry) {
    StringBuilder out = new StringBuilder();
    boolean exists = false;
    boolean rewritten = false;
    String[] wanted = {
      escape(entry.src()),
      escape(entry.fstype()),
      escape(entry.opts()),
      escape(entry.dump()),
      escape(entry.passno())
    };
    for (String line : lines(text, true)) {
      List<String> fields = fields(line);
      if (fields == null || fields.size() < 4 || fields.size() > 6 || !isFor(fields, entry)) {
        out.append(line);
        continue;
      }
      exists = true;
      String[] current = {
        fields.get(0),
        fields.get(2),
        fields.get(3),
        fields.size() > 4 ? fields.get(4) : "0",
        fields.size() > 5 ? fields.get(5) : "0"
      };
      boolean same = Arrays.equals(current, wanted);
      rewritten |= !same;
      out.append(same ? line : entry.line());
    }
    if (!exists) {
      out.append(entry.line());
    }
    // the newline added to an unended last line is written only with a change
    return exists && !rewritten ? text : out.toString();
  }

  /**
   * The file without the entries for the mount point (of six fields, as the collection reads them);
   * for the swap pseudo mount point 'none', only those of {@code src} when it is given.
   */
  static String unset(String text, String path, String src) {
    StringBuilder out = new StringBuilder();
    for (String line : lines(text, false)) {
      List<String> fields = fields(line);
      if (fields == null
          || fields.size() != 6
          || !isFor(fields, new Entry(src, path, null, null, null, null))) {
        out.append(line);
      }
    }
    return out.toString();
  }

  private static boolean isFor(List<String> fields, Entry entry) {
    if (!fields.get(1).equals(escape(entry.path()))) {
      return false;
    }
    boolean swap = fields.get(1).equals("none") && fields.get(2).equals("swap");
    return !swap || entry.src() == null || fields.get(0).equals(escape(entry.src()));
  }

  /** The line's whitespace-separated fields; null for a blank line or a comment. */
  private static List<String> fields(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return null;
    }
    return List.of(trimmed.split("\\s+"));
  }

  /** The lines of the file with their newlines; {@code ended}: one added to an unended last. */
  private static List<String> lines(String text, boolean ended) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        lines.add(text.substring(start) + (ended ? "\n" : ""));
        break;
      }
      lines.add(text.substring(start, end + 1));
      start = end + 1;
    }
    return lines;
  }

  /** A field as fstab(5) holds it: backslash, space, tab and ampersand as octal escapes. */
  static String escape(String field) {
    return field
        .replace("\\", "\\134")
        .replace(" ", "\\040")
        .replace("\t", "\\011")
        .replace("&", "\\046");
  }
}
