package dev.ploy.connection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place where values become shell words. Every argument a module sends to a target goes
 * through {@link #quote(String)}, so a hostile string can never run as a command.
 */
public final class ShellQuote {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuote() {}

  /** Quotes one word for POSIX sh: bare when it is plainly safe, otherwise in single quotes. */
  public static String quote(String word) {
    if (!word.isEmpty() && SAFE.matcher(word).matches() && !word.startsWith("-")) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  /**
   * A path as an operand no program can read as an option, for programs that take no {@code --}
   * (find, unzip, dpkg-deb): a relative path starting with '-' gets "./" before it, which names the
   * same file. Not quoted; give the result to {@link #quote}.
   */
  public static String operand(String path) {
    return path.startsWith("-") ? "./" + path : path;
  }

  /** Quotes every word and joins them with spaces: a command line that runs argv as given. */
  public static String join(List<String> argv) {
    StringBuilder line = new StringBuilder();
    for (String word : argv) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(word));
    }
    return line.toString();
  }

  /** Joins words that are each quoted: {@code join("rm", "-f", path)}. */
  public static String join(String... argv) {
    return join(List.of(argv));
  }
}
