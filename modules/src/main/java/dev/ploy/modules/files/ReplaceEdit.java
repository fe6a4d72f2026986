package dev.ploy.modules.files;

import dev.ploy.expr.PyPattern;
import dev.ploy.module.ModuleException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * replace's rules as a pure function over a file's text: every match of regexp (MULTILINE) in the
 * section between after and before (or in the whole file) is replaced with the Python template
 * replace.
 */
final class ReplaceEdit {
  private ReplaceEdit() {}

  static Edit apply(String contents, String regexp, String replace, String after, String before)
      throws ModuleException {
    try {
      return replaced(contents, regexp, replace, after, before);
    } catch (IllegalArgumentException badPattern) {
      throw new ModuleException(badPattern.getMessage());
    }
  }

  private static Edit replaced(
      String contents, String regexp, String replace, String after, String before) {
    String python = "";
    if (notEmpty(after) && notEmpty(before)) {
      python = after + "(?P<subsection>.*?)" + before;
    } else if (notEmpty(after)) {
      python = after + "(?P<subsection>.*)";
    } else if (notEmpty(before)) {
      python = "(?P<subsection>.*)" + before;
    }
    String section = contents;
    int start = 0;
    int end = contents.length();
    if (!python.isEmpty()) {
      PyPattern sectionPattern = PyPattern.compile(python, Pattern.DOTALL, true, "after/before");
      Matcher m = sectionPattern.matcher(contents);
      if (!m.find()) {
        return Edit.unchanged(
            contents, "Pattern for before/after params did not match the given file: " + python);
      }
      String group = sectionPattern.groupName("subsection");
      start = m.start(group);
      end = m.end(group);
      section = contents.substring(start, end);
    }
    PyPattern pattern = PyPattern.compile(regexp, Pattern.MULTILINE, true, "regexp");
    Matcher m = pattern.matcher(section);
    StringBuilder replaced = new StringBuilder();
    int last = 0;
    int count = 0;
    while (m.find()) {
      replaced.append(section, last, m.start()).append(pattern.expand(m, replace));
      last = m.end();
      count++;
    }
    replaced.append(section.substring(last));
    if (count == 0 || replaced.toString().equals(section)) {
      return Edit.unchanged(contents, "");
    }
    String result = contents.substring(0, start) + replaced + contents.substring(end);
    return new Edit(result, true, count + " replacements made", count);
  }

  private static boolean notEmpty(String value) {
    return value != null && !value.isEmpty();
  }
}
