package dev.ploy.modules.files;

/**
 * One member of an archive as extraction would create it.
 *
 * @param name the path relative to dest, without "./" or a trailing "/"
 * @param type 'f' regular file (or hard link), 'd' directory, 'l' symbolic link, 'o' other
 * @param mtime seconds since the epoch, or -1 when unknown (then only type and size compare)
 * @param link a symbolic link's target, else empty
 */
record ArchiveEntry(String name, char type, long size, long mtime, int mode, String link) {

  /** The name with its first {@code strip} components removed, or null when none remain. */
  ArchiveEntry stripped(int strip) {
    String rest = name;
    for (int i = 0; i < strip; i++) {
      int slash = rest.indexOf('/');
      if (slash < 0) {
        return null;
      }
      rest = rest.substring(slash + 1);
    }
    return rest.isEmpty() ? null : new ArchiveEntry(rest, type, size, mtime, mode, link);
  }

  /** A member name as extraction sees it: relative, without "./" prefixes or trailing slashes. */
  static String normalize(String raw) {
    String name = raw;
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    while (name.startsWith("/")) {
      name = name.substring(1);
    }
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    return name.equals(".") ? "" : name;
  }
}
