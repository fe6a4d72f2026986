package dev.ploy.modules.files;

/**
 * File modes as Ansible accepts them: octal ({@code 0644}, {@code 644}, {@code 2755}, {@code
 * 02775}) or symbolic like chmod ({@code u=rw,g=r,o=}, {@code u+x}, {@code a-w}, {@code g+X}).
 */
final class Modes {
  private Modes() {}

  /** Whether the text is a mode this class understands; the message says why not. */
  static String problem(String spec) {
    try {
      resolve(spec, 0644, false);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * The mode bits {@code spec} gives a file whose current bits are {@code current} (symbolic modes
   * are relative to it).
   */
  static int resolve(String spec, int current, boolean directory) {
    String text = spec.strip();
    if (text.matches("(0[oO])?[0-7]+")) {
      // as Ansible reads a mode string, int(text, 8): leading zeros are free ('02775'), bits beyond
      // the permissions, setuid, setgid and sticky ones are not
      String digits = text.replaceFirst("^0[oO]", "").replaceFirst("^0+(?=.)", "");
      if (digits.length() > 4 || Integer.parseInt(digits, 8) > 07777) {
        throw invalid(spec);
      }
      return Integer.parseInt(digits, 8);
    }
    if (text.equals("preserve")) {
      return current;
    }
    int mode = current & 07777;
    for (String clause : text.split(",")) {
      mode = applyClause(clause, mode, directory, spec);
    }
    return mode;
  }

  private static int applyClause(String clause, int mode, boolean directory, String spec) {
    int i = 0;
    int who = 0;
    while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
      who |=
          switch (clause.charAt(i)) {
            case 'u' -> 04700;
            case 'g' -> 02070;
            case 'o' -> 01007;
            default -> 07777;
          };
      i++;
    }
    if (who == 0) {
      who = 07777;
    }
    if (i >= clause.length()) {
      throw invalid(spec);
    }
    while (i < clause.length()) {
      char op = clause.charAt(i++);
      if ("+-=".indexOf(op) < 0) {
        throw invalid(spec);
      }
      int perms = 0;
      while (i < clause.length() && "+-=".indexOf(clause.charAt(i)) < 0) {
        char p = clause.charAt(i++);
        perms |=
            switch (p) {
              case 'r' -> 0444;
              case 'w' -> 0222;
              case 'x' -> 0111;
              case 'X' -> (directory || (mode & 0111) != 0) ? 0111 : 0;
              case 's' -> 06000;
              case 't' -> 01000;
              default -> throw invalid(spec);
            };
      }
      int bits = perms & who;
      mode =
          switch (op) {
            case '+' -> mode | bits;
            case '-' -> mode & ~bits;
            default -> (mode & ~(who & 0777)) | bits;
          };
    }
    return mode;
  }

  private static IllegalArgumentException invalid(String spec) {
    return new IllegalArgumentException(
        "'"
            + spec
            + "' is not a file mode; use octal like '0644' (quoted in YAML) or symbolic like"
            + " 'u=rw,g=r,o='");
  }

  static String octal(int mode) {
    return String.format("%04o", mode);
  }
}
