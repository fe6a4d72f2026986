package dev.ploy.connection.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ssh options as ssh itself reads them: keywords are case-insensitive and the first value given for
 * a keyword wins, except for keywords that accumulate (IdentityFile).
 */
final class SshOptions {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  /** Records a value unless the keyword already has one (IdentityFile values accumulate). */
  void add(String keyword, String value) {
    String key = keyword.toLowerCase(Locale.ROOT);
    List<String> list = values.computeIfAbsent(key, k -> new ArrayList<>());
    if (list.isEmpty() || key.equals("identityfile")) {
      list.add(value);
    }
  }

  Optional<String> first(String keyword) {
    List<String> list = values.get(keyword.toLowerCase(Locale.ROOT));
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  List<String> all(String keyword) {
    return List.copyOf(values.getOrDefault(keyword.toLowerCase(Locale.ROOT), List.of()));
  }

  /**
   * Reads the options of an ssh command line ({@code ansible_ssh_common_args}, {@code
   * ansible_ssh_extra_args}): {@code -o Key=Value}, {@code -oKey=Value}, {@code -o "Key Value"},
   * {@code -J jump}, {@code -i key}, {@code -p port}, {@code -l user}. Other flags are ignored.
   */
  static SshOptions fromArguments(String line) {
    SshOptions options = new SshOptions();
    List<String> words = splitWords(line);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (word.length() < 2 || word.charAt(0) != '-') {
        continue;
      }
      char flag = word.charAt(1);
      String keyword =
          switch (flag) {
            case 'o' -> "";
            case 'J' -> "ProxyJump";
            case 'i' -> "IdentityFile";
            case 'p' -> "Port";
            case 'l' -> "User";
            default -> null;
          };
      if (keyword == null) {
        continue;
      }
      String value = word.length() > 2 ? word.substring(2) : null;
      if (value == null) {
        if (i + 1 >= words.size()) {
          break;
        }
        value = words.get(++i);
      }
      if (keyword.isEmpty()) {
        String[] pair = splitKeyword(value);
        if (pair != null) {
          options.add(pair[0], pair[1]);
        }
      } else {
        options.add(keyword, value);
      }
    }
    return options;
  }

  /** Splits {@code Keyword value} or {@code Keyword=value}; null for a blank line. */
  static String[] splitKeyword(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    int end = 0;
    while (end < trimmed.length()
        && !Character.isWhitespace(trimmed.charAt(end))
        && trimmed.charAt(end) != '=') {
      end++;
    }
    String keyword = trimmed.substring(0, end);
    String rest = trimmed.substring(end).strip();
    if (rest.startsWith("=")) {
      rest = rest.substring(1).strip();
    }
    return new String[] {keyword, rest};
  }

  /** Splits a line into words the way a POSIX shell would: quotes and backslashes, no expansion. */
  static List<String> splitWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\'
            && i + 1 < line.length()
            && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
