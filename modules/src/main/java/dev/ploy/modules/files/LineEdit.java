package dev.ploy.modules.files;

import dev.ploy.expr.PyPattern;
import dev.ploy.module.ModuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * lineinfile's editing rules as pure functions over a file's bytes (held as {@link ByteText}),
 * following Ansible's module line for line: the last matching line wins unless firstmatch, the
 * exact line counts as present, insertafter/insertbefore apply only when neither regexp nor
 * search_string matched, an unmatched insert point means EOF, backrefs without a match change
 * nothing.
 *
 * @param regexp the compiled regexp, or null
 * @param searchString the literal to look for (as bytes), or null
 * @param line the line (as bytes); for state=absent it may be null
 * @param insertAfter the insertafter value (EOF, BOF or a pattern), or null
 * @param insertBefore the insertbefore value (BOF or a pattern), or null
 * @param insertPattern insertafter/insertbefore compiled, when it is a pattern
 */
record LineEdit(
    PyPattern regexp,
    String searchString,
    String line,
    String insertAfter,
    String insertBefore,
    PyPattern insertPattern,
    boolean backrefs,
    boolean firstmatch) {

  private static final String SEP = "\n";

  /** Ensures the line is present; {@code before} is the file's content, "" when it is new. */
  Edit present(String before) throws ModuleException {
    List<String> lines = ByteText.readlines(before);
    int matchIndex = -1;
    int insertIndex = -1;
    Matcher match = null;
    boolean matched = false;
    if (regexp != null) {
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = regexp.matcher(lines.get(i));
        if (m.find()) {
          matchIndex = i;
          match = m;
          matched = true;
          if (firstmatch) {
            break;
          }
        }
      }
    }
    if (searchString != null) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(searchString)) {
          matchIndex = i;
          matched = true;
          if (firstmatch) {
            break;
          }
        }
      }
    }
    if (!matched) {
      for (int i = 0; i < lines.size(); i++) {
        String current = lines.get(i);
        if (line.equals(ByteText.stripEnd(current))) {
          matchIndex = i;
        } else if (insertPattern != null && insertPattern.search(current)) {
          if (insertAfter != null) {
            insertIndex = i + 1;
            if (firstmatch) {
              break;
            }
          }
          if (insertBefore != null) {
            insertIndex = i;
            if (firstmatch) {
              break;
            }
          }
        }
      }
    }
    List<String> after = new ArrayList<>(lines);
    String msg = "";
    boolean changed = false;
    if (matchIndex != -1) {
      String newLine = backrefs && match != null ? regexp.expand(match, line) : line;
      if (!newLine.endsWith(SEP)) {
        newLine += SEP;
      }
      // the found line (a match, or the exact line) is replaced when it differs, even if only
      // by its line ending: "line\r\n" or a last line without '\n' become "line\n"
      if (!after.get(matchIndex).equals(newLine)) {
        after.set(matchIndex, newLine);
        msg = "line replaced";
        changed = true;
      }
    } else if (backrefs) {
      // nothing: without a match there is nothing to fill the backreferences with
    } else if ("BOF".equals(insertBefore) || "BOF".equals(insertAfter)) {
      after.add(0, line + SEP);
      msg = "line added";
      changed = true;
    } else if ("EOF".equals(insertAfter) || insertIndex == -1) {
      if (!after.isEmpty() && !ByteText.endsWithNewline(after.get(after.size() - 1))) {
        after.add(SEP);
      }
      after.add(line + SEP);
      msg = "line added";
      changed = true;
    } else if (insertAfter != null) {
      if (after.size() == insertIndex) {
        if (!ByteText.stripEnd(after.get(insertIndex - 1)).equals(line)) {
          after.add(line + SEP);
          msg = "line added";
          changed = true;
        }
      } else if (!line.equals(ByteText.stripEnd(after.get(insertIndex)))) {
        after.add(insertIndex, line + SEP);
        msg = "line added";
        changed = true;
      }
    } else {
      after.add(insertIndex, line + SEP);
      msg = "line added";
      changed = true;
    }
    return new Edit(String.join("", after), changed, msg, 0);
  }

  /** Removes every line that matches regexp, contains search_string, or equals line. */
  Edit absent(String before) {
    List<String> kept = new ArrayList<>();
    int found = 0;
    for (String current : ByteText.readlines(before)) {
      boolean hit;
      if (regexp != null) {
        hit = regexp.search(current);
      } else if (searchString != null) {
        hit = current.contains(searchString);
      } else {
        hit = line.equals(ByteText.stripEnd(current));
      }
      if (hit) {
        found++;
      } else {
        kept.add(current);
      }
    }
    String msg = found > 0 ? found + " line(s) removed" : "";
    return new Edit(String.join("", kept), found > 0, msg, found);
  }
}
