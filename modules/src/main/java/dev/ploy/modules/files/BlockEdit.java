package dev.ploy.modules.files;

import dev.ploy.expr.PyPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * blockinfile's editing rules as a pure function over a file's bytes (held as {@link ByteText}),
 * following Ansible's module: the block between the marker lines is replaced (or removed); without
 * both markers it goes after (before) the last line matching insertafter (insertbefore), at EOF
 * when nothing matches, or at BOF for insertbefore=BOF.
 *
 * @param present state=present with a non-empty block; otherwise the block is removed
 * @param block the block's text (as bytes)
 * @param markerBegin the first marker line, without its line end
 * @param markerEnd the last marker line, without its line end
 * @param insertAfter insertafter (EOF or a pattern), or null
 * @param insertBefore insertbefore (BOF or a pattern), or null
 * @param insertPattern insertafter/insertbefore compiled, when it is a pattern
 */
record BlockEdit(
    boolean present,
    String block,
    String markerBegin,
    String markerEnd,
    String insertAfter,
    String insertBefore,
    PyPattern insertPattern,
    boolean prependNewline,
    boolean appendNewline) {

  private static final String SEP = "\n";

  /** The marker line for {@code mark}: every "{mark}" in the template replaced. */
  static String marker(String template, String mark) {
    return template.replace("{mark}", mark);
  }

  /** Edits {@code original}, or a new file when it is null. */
  Edit apply(String original) {
    List<String> lines = original == null ? new ArrayList<>() : ByteText.splitlines(original);
    String marker0 = markerBegin + SEP;
    String marker1 = markerEnd + SEP;
    List<String> blockLines = new ArrayList<>();
    boolean inserting = present && !block.isEmpty();
    if (inserting) {
      blockLines.add(marker0);
      blockLines.addAll(ByteText.splitlines(block.endsWith(SEP) ? block : block + SEP));
      blockLines.add(marker1);
    }
    Integer n0 = null;
    Integer n1 = null;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals(marker0)) {
        n0 = i;
      }
      if (lines.get(i).equals(marker1)) {
        n1 = i;
      }
    }
    int at;
    if (n0 == null || n1 == null) {
      at = insertionPoint(original == null ? "" : original, lines);
    } else if (n0 < n1) {
      lines.subList(n0, n1 + 1).clear();
      at = n0;
    } else {
      lines.subList(n1, n0 + 1).clear();
      at = n1;
    }
    if (at > 0 && !lines.get(at - 1).endsWith(SEP)) {
      lines.set(at - 1, lines.get(at - 1) + SEP);
    }
    if (prependNewline && present && at != 0 && !lines.get(at - 1).equals(SEP)) {
      lines.add(at, SEP);
      at++;
    }
    lines.addAll(at, blockLines);
    if (appendNewline && present) {
      int next = at + blockLines.size();
      if (next < lines.size() && !lines.get(next).equals(SEP)) {
        lines.add(next, SEP);
      }
    }
    String result = String.join("", lines);
    if (result.equals(original)) {
      return Edit.unchanged(result, "");
    }
    String msg;
    if (original == null) {
      msg = "File created";
    } else if (blockLines.isEmpty()) {
      msg = "Block removed";
    } else {
      msg = "Block inserted";
    }
    return new Edit(result, true, msg, 0);
  }

  private int insertionPoint(String original, List<String> lines) {
    if (insertPattern == null) {
      return insertBefore != null ? 0 : lines.size();
    }
    Integer n0 = null;
    if (multiline(insertPattern.source())) {
      Matcher m = insertPattern.matcher(original);
      if (m.find()) {
        n0 = count(original, insertAfter != null ? m.end() : m.start());
      }
    } else {
      for (int i = 0; i < lines.size(); i++) {
        if (insertPattern.search(lines.get(i))) {
          n0 = i;
        }
      }
    }
    if (n0 == null) {
      return lines.size();
    }
    return insertAfter != null ? n0 + 1 : n0;
  }

  /** Whether the pattern turns on MULTILINE with a leading inline flag, like "(?m)^foo". */
  private static boolean multiline(String pattern) {
    return pattern.matches("(?s)\\(\\?[aiLmsux]*m[aiLmsux]*\\).*");
  }

  private static int count(String text, int end) {
    int n = 0;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }
}
