package dev.ploy.modules.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What postgresql_query needs to know of a query's text without a server: its statements (split at
 * top-level semicolons, outside string literals, quoted identifiers, dollar quotes and comments),
 * each one's words, and whether a backslash stands outside a literal (psql would read it as one of
 * its own commands, so such text is refused rather than handed to psql).
 *
 * @param end the index just after the last character that is neither blank, a comment nor a
 *     semicolon: the text up to there is the query psql is given, so that psql never runs the last
 *     statement at its semicolon and again at the command that sends it
 */
record SqlText(List<List<String>> statements, boolean strayBackslash, int end) {

  /** Words after which a statement may change data or the schema. */
  private static final Set<String> WRITING =
      Set.of(
          "INSERT",
          "UPDATE",
          "DELETE",
          "MERGE",
          "INTO",
          "TRUNCATE",
          "CREATE",
          "DROP",
          "ALTER",
          "GRANT",
          "REVOKE",
          "COPY",
          "CALL",
          "DO",
          "LOCK",
          "NEXTVAL",
          "SETVAL",
          "VACUUM");

  private static final Set<String> READING = Set.of("SELECT", "VALUES", "TABLE", "SHOW", "WITH");

  static SqlText parse(String text) {
    List<List<String>> statements = new ArrayList<>();
    List<String> words = new ArrayList<>();
    boolean backslash = false;
    int end = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (text.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (text.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
        continue;
      } else if (c == ';' || Character.isWhitespace(c)) {
        if (c == ';' && !words.isEmpty()) {
          statements.add(List.copyOf(words));
          words.clear();
        }
        i++;
        continue;
      } else if (c == '\'') {
        boolean escapes =
            i > 0
                && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e')
                && !wordBefore(text, i - 1);
        i = endOfQuoted(text, i, '\'', escapes);
      } else if (c == '"') {
        i = endOfQuoted(text, i, '"', false);
      } else if (c == '$' && dollarTag(text, i) != null) {
        String tag = dollarTag(text, i);
        int close = text.indexOf(tag, i + tag.length());
        i = close < 0 ? n : close + tag.length();
      } else if (c == '\\') {
        backslash = true;
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(text.charAt(i))
                || text.charAt(i) == '_'
                || text.charAt(i) == '$')) {
          i++;
        }
        String word = text.substring(start, i).toUpperCase(Locale.ROOT);
        // E'...': the E belongs to the literal that follows
        if (!(word.equals("E") && i < n && text.charAt(i) == '\'')) {
          words.add(word);
        }
      } else {
        i++;
      }
      end = i;
    }
    if (!words.isEmpty()) {
      statements.add(List.copyOf(words));
    }
    return new SqlText(List.copyOf(statements), backslash, end);
  }

  private static boolean wordBefore(String text, int at) {
    return at > 0 && (Character.isLetterOrDigit(text.charAt(at - 1)) || text.charAt(at - 1) == '_');
  }

  /** The index after a quoted run starting at {@code start}; doubled quotes stay inside. */
  private static int endOfQuoted(String text, int start, char quote, boolean escapes) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (escapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /** "$tag$" or "$$" starting at {@code at}, or null when the '$' starts none. */
  private static String dollarTag(String text, int at) {
    if (wordBefore(text, at)) {
      return null;
    }
    int i = at + 1;
    while (i < text.length()
        && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    if (i < text.length()
        && text.charAt(i) == '$'
        && (i == at + 1 || !Character.isDigit(text.charAt(at + 1)))) {
      return text.substring(at, i + 1);
    }
    return null;
  }

  /** One statement only (a trailing semicolon allowed). */
  boolean single() {
    return statements.size() == 1;
  }

  /** Whether every statement only reads: SELECT, VALUES, TABLE, SHOW or WITH, writing no word. */
  boolean readsOnly() {
    if (statements.isEmpty()) {
      return false;
    }
    for (List<String> words : statements) {
      if (!READING.contains(words.get(0)) || words.stream().anyMatch(WRITING::contains)) {
        return false;
      }
    }
    return true;
  }

  /** The first word of the last statement: the kind of command its status message names. */
  String lastCommand() {
    if (statements.isEmpty()) {
      return "";
    }
    List<String> words = statements.get(statements.size() - 1);
    if (words.get(0).equals("WITH")) {
      // WITH ... the main statement follows the last CTE: its first writing or reading verb
      // outside the CTEs is not known without parentheses; a writing verb anywhere names it
      for (String verb : List.of("INSERT", "UPDATE", "DELETE", "MERGE")) {
        if (words.contains(verb)) {
          return verb;
        }
      }
      return "SELECT";
    }
    return words.get(0);
  }
}
