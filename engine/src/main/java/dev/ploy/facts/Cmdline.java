package dev.ploy.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's command line as Ansible's ansible_cmdline and ansible_proc_cmdline have it: each
 * word (split as Python's {@code shlex.split(posix=False)} splits) a key, "name=value" a key and
 * its value, a word alone true. ansible_cmdline keeps a repeated key's last value,
 * ansible_proc_cmdline all of them, in a list. An unclosed quote leaves both empty, as in Ansible.
 *
 * @param line /proc/cmdline, "" when it cannot be read or is empty (then neither fact is given)
 */
public record Cmdline(String line) {
  /** /proc/cmdline, read with the shell's builtins. */
  public static final Fact<Cmdline> FACT =
      Fact.of(
          "cmdline",
          Fact.lines("/proc/cmdline", "*"),
          lines -> new Cmdline(String.join("\n", lines).strip()));

  /** ansible_cmdline: a repeated key takes its last value. */
  public Map<String, Object> cmdline() {
    Map<String, Object> cmdline = new LinkedHashMap<>();
    for (String word : words(line)) {
      String[] item = word.split("=", 2);
      cmdline.put(item[0], item.length == 1 ? (Object) true : item[1]);
    }
    return cmdline;
  }

  /** ansible_proc_cmdline: a repeated key with a value gets the list of its values. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> procCmdline() {
    Map<String, Object> cmdline = new LinkedHashMap<>();
    for (String word : words(line)) {
      String[] item = word.split("=", 2);
      if (item.length == 1) {
        cmdline.put(item[0], true);
      } else if (!cmdline.containsKey(item[0])) {
        cmdline.put(item[0], item[1]);
      } else if (cmdline.get(item[0]) instanceof List<?> values) {
        ((List<Object>) values).add(item[1]);
      } else {
        List<Object> values = new ArrayList<>();
        values.add(cmdline.get(item[0]));
        values.add(item[1]);
        cmdline.put(item[0], values);
      }
    }
    return cmdline;
  }

  /**
   * The words as {@code shlex.split(text, posix=False)} gives them: split at whitespace; a word
   * that starts with a quote runs to the same quote, both kept, and ends there; a quote inside a
   * word is a character like any other. No words when a quote is not closed.
   */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (" \t\r\n".indexOf(c) >= 0) {
        i++;
      } else if (c == '"' || c == '\'') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          return List.of();
        }
        words.add(text.substring(i, end + 1));
        i = end + 1;
      } else {
        int end = i;
        while (end < text.length() && " \t\r\n".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        words.add(text.substring(i, end));
        i = end;
      }
    }
    return words;
  }
}
