package dev.ploy.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Ansible's free-form task arguments ({@code apt: name=nginx state=present}, {@code command:
 * ls -l chdir=/tmp}) into named arguments as Ansible's {@code parse_kv} does: words are split on
 * blanks outside quotes and {@code {{ }}}, escapes such as {@code \n} are decoded in {@code k=v}
 * words, and one level of quotes is removed from their values. For command, shell, script and raw
 * only their own options ({@code creates=}, {@code chdir=}...) are taken, wherever they stand; the
 * other words, as written, make the command.
 */
public final class FreeFormArgs {
  /** The options that command, shell, script and raw take out of their free-form text. */
  private static final Set<String> RAW_OPTIONS =
      Set.of(
          "creates",
          "removes",
          "chdir",
          "executable",
          "warn",
          "stdin",
          "stdin_add_newline",
          "strip_empty_ends");

  private static final Pattern ESCAPE =
      Pattern.compile(
          "\\\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|N\\{[^}]+\\}|[\\\\'\"abfnrtv])");

  private FreeFormArgs() {}

  /**
   * Parses free-form text.
   *
   * @param text what the task wrote after the module name
   * @param rawModule whether the action is command, shell, script or raw: only their options are
   *     read as {@code k=v}, and every other word is part of the command
   * @param freeFormArg the argument that receives the words that are no {@code k=v}, or null when
   *     the action takes none
   * @return named arguments; problems are reported as a value of key "" (a message)
   */
  public static Map<String, Object> parse(String text, boolean rawModule, String freeFormArg) {
    Map<String, Object> args = new LinkedHashMap<>();
    List<String> raw = new ArrayList<>();
    for (String word : split(text)) {
      String decoded = decodeEscapes(word);
      int eq = unescapedEquals(decoded);
      if (eq < 0) {
        raw.add(decoded.contains("=") ? decoded.replace("\\=", "=") : word);
        continue;
      }
      String key = decoded.substring(0, eq);
      if (rawModule && !RAW_OPTIONS.contains(key)) {
        raw.add(word);
      } else {
        args.put(key.strip(), unquote(decoded.substring(eq + 1).strip()));
      }
    }
    if (!raw.isEmpty()) {
      if (freeFormArg != null) {
        args.put(freeFormArg, joinWords(raw));
      } else {
        args.put(
            "",
            "free-form arguments must be key=value pairs; cannot read: " + String.join(" ", raw));
      }
    }
    return args;
  }

  /** Where the first '=' that no backslash escapes stands (never at 0); -1 if there is none. */
  private static int unescapedEquals(String word) {
    for (int i = 1; i < word.length(); i++) {
      if (word.charAt(i) == '=' && word.charAt(i - 1) != '\\') {
        return i;
      }
    }
    return -1;
  }

  /** Words joined by one space, except after a word that ends a line (Ansible's join_args). */
  private static String joinWords(List<String> words) {
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
        out.append(' ');
      }
      out.append(word);
    }
    return out.toString();
  }

  /**
   * Python's unicode-escape decoding of the escapes in a word, as Ansible's parse_kv does it: only
   * the hexadecimal, named and one-letter escapes, so an octal-looking {@code \1} (a regular
   * expression's back reference) stays as written.
   */
  static String decodeEscapes(String word) {
    if (word.indexOf('\\') < 0) {
      return word;
    }
    Matcher m = ESCAPE.matcher(word);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String decoded =
          switch (e.charAt(0)) {
            case 'U', 'u', 'x' -> Character.toString(Integer.parseInt(e.substring(1), 16));
            case 'N' -> named(e.substring(2, e.length() - 1), m.group());
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'v' -> "\u000b";
            default -> e; // \\, \' and \"
          };
      m.appendReplacement(out, Matcher.quoteReplacement(decoded));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String named(String name, String written) {
    try {
      return Character.toString(Character.codePointOf(name));
    } catch (IllegalArgumentException e) {
      return written;
    }
  }

  /**
   * Splits free-form text into words as Ansible's split_args does: lines apart, words on single
   * spaces, a word that opens a quote or a {@code {{ }}}, {@code {% %}} or {@code {# #}} block
   * continued to where it closes (with the spaces and newlines it spans); a line's last word keeps
   * the newline that ends it, a lone backslash outside quotes joins the line to the next, and a run
   * of spaces stays with the word before it, so that joining the words gives back the text as
   * written.
   */
  private static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    char quote = 0;
    int[] depths = new int[3]; // {{ }}, {% %}, {# #}
    for (int l = 0; l < lines.length; l++) {
      String[] tokens = lines[l].split(" ", -1);
      boolean continued = false;
      for (int t = 0; t < tokens.length; t++) {
        String token = tokens[t];
        if (token.isEmpty() && t != 0) {
          if (!words.isEmpty()) {
            appendToLast(words, " ");
          }
          continue;
        }
        if (token.equals("\\") && quote == 0) {
          continued = true;
          continue;
        }
        boolean wasQuoted = quote != 0;
        quote = quoteAfter(token, quote);
        boolean inBlock = depths[0] + depths[1] + depths[2] > 0;
        boolean appended = false;
        if (quote != 0 && !wasQuoted && !inBlock) {
          words.add(token);
          appended = true;
        } else if ((inBlock || quote != 0 || wasQuoted) && !words.isEmpty()) {
          if (t == 0 && wasQuoted) {
            appendToLast(words, token);
          } else if (tokens.length > 1) {
            appendToLast(words, (t > 0 ? " " : "") + token);
          } else {
            appendToLast(words, "\n" + token);
          }
          appended = true;
        }
        String[][] blocks = {{"{{", "}}"}, {"{%", "%}"}, {"{#", "#}"}};
        for (int b = 0; b < blocks.length; b++) {
          int before = depths[b];
          depths[b] = depthAfter(token, before, blocks[b][0], blocks[b][1]);
          if (depths[b] != before && !appended) {
            words.add(token);
            appended = true;
          }
        }
        if (depths[0] + depths[1] + depths[2] == 0 && quote == 0 && !appended && !token.isEmpty()) {
          words.add(token);
        }
      }
      if (l != lines.length - 1 && !continued && !words.isEmpty()) {
        appendToLast(words, "\n");
      }
    }
    return words;
  }

  private static void appendToLast(List<String> words, String text) {
    words.set(words.size() - 1, words.get(words.size() - 1) + text);
  }

  /** The quote open after {@code token}, given the one open before it (0 for none). */
  private static char quoteAfter(String token, char quote) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if ((c == '"' || c == '\'') && (i == 0 || token.charAt(i - 1) != '\\')) {
        if (quote == 0) {
          quote = c;
        } else if (c == quote) {
          quote = 0;
        }
      }
    }
    return quote;
  }

  /** A block's nesting depth after {@code token}: its opening marks less its closing ones. */
  private static int depthAfter(String token, int depth, String open, String close) {
    int opened = occurrences(token, open);
    int closed = occurrences(token, close);
    return opened == closed ? depth : Math.max(0, depth + opened - closed);
  }

  private static int occurrences(String text, String mark) {
    int count = 0;
    for (int i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + mark.length())) {
      count++;
    }
    return count;
  }

  /** Removes one level of surrounding quotes, unless the closing one is escaped. */
  static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '"' || first == '\'')
          && value.charAt(value.length() - 1) == first
          && value.charAt(value.length() - 2) != '\\') {
        return value.substring(1, value.length() - 1);
      }
    }
    return value;
  }
}
