package dev.ploy.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits Ansible's free-form task arguments ({@code apt: name=nginx state=present}, {@code command:
 * chdir=/tmp ls -l}) into named arguments, keeping quoted values whole. For modules that take
 * free-form text, what is not a known {@code k=v} becomes that text.
 */
public final class FreeFormArgs {
  private FreeFormArgs() {}

  /** A word of the free-form text and where it starts, so the rest can be kept verbatim. */
  private record Word(String text, int start) {}

  /**
   * Parses free-form text.
   *
   * @param text what the task wrote after the module name
   * @param known argument names that {@code k=v} words may set (all, when {@code freeFormArg} is
   *     null)
   * @param freeFormArg the argument that receives the rest, or null when the module takes none
   * @return named arguments; problems are reported as a value of key "" (a message)
   */
  public static Map<String, Object> parse(String text, Set<String> known, String freeFormArg) {
    Map<String, Object> args = new LinkedHashMap<>();
    List<Word> words = split(text);
    int restStart = -1;
    List<String> stray = new ArrayList<>();
    for (Word word : words) {
      int eq = word.text.indexOf('=');
      String key = eq > 0 ? word.text.substring(0, eq) : null;
      boolean isArg =
          key != null
              && key.matches("[A-Za-z_][A-Za-z0-9_]*")
              && (freeFormArg == null || known.contains(key))
              && restStart < 0;
      if (isArg) {
        args.put(key, unquote(word.text.substring(eq + 1)));
      } else if (freeFormArg != null) {
        if (restStart < 0) {
          restStart = word.start;
        }
      } else {
        stray.add(word.text);
      }
    }
    if (freeFormArg != null && restStart >= 0) {
      args.put(freeFormArg, text.substring(restStart).trim());
    }
    if (!stray.isEmpty()) {
      args.put(
          "",
          "free-form arguments must be key=value pairs; cannot read: " + String.join(" ", stray));
    }
    return args;
  }

  private static List<Word> split(String text) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= text.length()) {
        break;
      }
      int start = i;
      char quote = 0;
      int braces = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (quote != 0) {
          if (c == '\\' && i + 1 < text.length()) {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
          braces++;
          i++;
        } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
          braces = Math.max(0, braces - 1);
          i++;
        } else if (Character.isWhitespace(c) && braces == 0) {
          break;
        }
        i++;
      }
      words.add(new Word(text.substring(start, i), start));
    }
    return words;
  }

  /** Removes one level of surrounding quotes and the escapes inside them. */
  static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
        String inner = value.substring(1, value.length() - 1);
        return inner.replace("\\" + first, String.valueOf(first));
      }
    }
    return value;
  }
}
